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
