"""Error pages use the site's layout and speak the visitor's language."""

import pytest
from django.test import Client
from django.urls import path

from mentoring.urls import urlpatterns as site_urls


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urls, path("broken/", broken)]


@pytest.mark.django_db
def test_not_found_and_forbidden_pages_use_the_layout_in_the_visitors_language(
    client, settings, participant, program
):
    from django.urls import reverse

    settings.DEBUG = False
    missing = client.get("/no-such-page/")
    html = missing.content.decode()
    assert missing.status_code == 404
    assert "No encontramos esta página" in html and "navbar" in html
    english = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert "We could not find this page" in english.content.decode()
    client.force_login(participant)
    forbidden = client.get(reverse("programs:list"))
    assert forbidden.status_code == 403
    assert "Esta página no está disponible para esta cuenta" in forbidden.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_answers_the_sites_own_page(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Algo ha fallado por nuestra parte" in html and "navbar" in html
