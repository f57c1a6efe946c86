from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_sessions_app_keeps_its_own_label():
    from django.apps import apps

    assert apps.get_app_config("meetings").name == "sessions"
    assert apps.get_app_config("sessions").name == "django.contrib.sessions"


@pytest.mark.django_db
def test_the_admin_pages_of_the_apps_open(admin_client):
    from django.apps import apps
    from django.contrib import admin
    from django.urls import reverse

    for app in ("notifications", "programs", "matching", "preparation", "meetings", "evaluation"):
        for model in apps.get_app_config(app).get_models():
            if model in admin.site._registry:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                assert admin_client.get(url).status_code == 200, url
