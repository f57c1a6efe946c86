import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_login_page_is_in_spanish_by_default(client):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Iniciar sesión" in html
    assert "¿Contraseña olvidada?" in html


def test_login_page_in_english_on_request(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Forgotten your password?" in html


def test_coordinator_logs_in_and_lands_on_programs(client, coordinator):
    response = client.post(
        reverse("accounts:login"),
        {"username": "laura", "password": "secret-pass-123"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("programs:list")


def test_login_restores_the_persons_language(client, coordinator):
    coordinator.language = "en"
    coordinator.save()
    response = client.post(
        reverse("accounts:login"), {"username": "laura", "password": "secret-pass-123"}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_wrong_password_shows_a_spanish_error(client, coordinator):
    response = client.post(reverse("accounts:login"), {"username": "laura", "password": "nope"})
    assert response.status_code == 200
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in (
        response.content.decode()
    )


def test_participant_home_explains_what_comes(client, participant):
    client.force_login(participant)
    response = client.get(reverse("home"), follow=True)
    assert "Todavía no forma parte de ninguna pareja" in response.content.decode()


def test_logout_is_a_post(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switch_sets_the_cookie_and_remembers_it(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": reverse("programs:list")}
    )
    assert response.status_code == 302
    assert response.url == reverse("programs:list")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    coordinator.refresh_from_db()
    assert coordinator.language == "en"
    assert "New program" in client.get(reverse("programs:list")).content.decode()


def test_language_switch_ignores_unknown_languages(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("accounts:language"), {"language": "xx"})
    coordinator.refresh_from_db()
    assert coordinator.language == "es"


def test_every_page_has_the_language_switcher(client, coordinator, program):
    client.force_login(coordinator)
    for url in [reverse("programs:list"), reverse("program_dashboard", args=[program.pk])]:
        assert reverse("accounts:language") in client.get(url).content.decode()


def test_password_reset_sends_a_translated_email_whose_link_works(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Contraseña nueva para Reverse mentoring"
    assert "Su nombre de usuario es laura." in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    from notifications.models import Notification

    recorded = Notification.objects.get(kind="accounts.password_reset")
    assert recorded.recipient == coordinator and recorded.status == Notification.Status.SENT

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nueva-clave-2027", "new_password2": "Nueva-clave-2027"},
    )
    assert User.objects.get(pk=coordinator.pk).check_password("Nueva-clave-2027")


def test_each_password_reset_request_is_an_email_of_its_own(
    client, coordinator, django_capture_on_commit_callbacks
):
    coordinator.language = "en"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert [m.subject for m in mail.outbox] == ["Choose a new password for Reverse mentoring"] * 2


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nadie@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Otra-clave-segura-9",
            "new_password2": "Otra-clave-segura-9",
        },
    )
    assert response.url == reverse("accounts:password_change_done")
    assert User.objects.get(pk=coordinator.pk).check_password("Otra-clave-segura-9")
