"""Two-step verification for coordinators: set up with an authenticator app (TOTP), asked
for after the password, recovery codes good once, mandatory when the setting says so."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import SETUP_KEY

pytestmark = pytest.mark.django_db
DASHBOARD = "/programs/"


def code_for(key: str, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time += offset * 30
    return f"{totp.token():06d}"


def log_in(client: Client, user) -> Client:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture
def enrolled(client, coordinator):
    """The coordinator set up the app: returns the key and the recovery codes."""
    log_in(client, coordinator)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page
    key = client.session[SETUP_KEY]
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(key)})
    codes = re.findall(r'<li class="col">(\w+)</li>', response.content.decode())
    client.logout()
    return key, codes


def test_setting_it_up_keeps_nothing_until_a_right_code(client, coordinator):
    log_in(client, coordinator)
    setup = reverse("accounts:two_factor_setup")
    page = client.get(setup).content.decode()
    assert "Configurar la verificación en dos pasos" in page and 'id="totp-secret"' in page
    assert not TOTPDevice.objects.exists()  # showing the key writes nothing
    key = client.session[SETUP_KEY]
    wrong = client.post(setup, {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Este código no es el que muestra la aplicación" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()
    assert client.session[SETUP_KEY] == key  # the same key, to try again
    right = client.post(setup, {"code": code_for(key)})
    assert "La verificación en dos pasos está activada." in right.content.decode()
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert StaticToken.objects.filter(device__user=coordinator).count() == 10
    assert client.get(DASHBOARD).status_code == 200  # this session passed the code


def test_after_the_password_the_code_is_asked_for(client, coordinator, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a right code at once after a wrong one
    key, _codes = enrolled
    response = log_in(client, coordinator)
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    # Until the code, coordinator pages send back to it, keeping where they were going.
    page = client.get(DASHBOARD)
    assert page.url == f"{reverse('accounts:two_factor_verify')}?next=%2Fprograms%2F"
    wrong = client.post(page.url, {"code": "12345x"})
    assert wrong.status_code == 400 and "Este código no es válido" in wrong.content.decode()
    right = client.post(page.url, {"code": code_for(key), "next": "/programs/"})
    assert right.url == "/programs/"
    assert client.get(DASHBOARD).status_code == 200


def test_wrong_codes_in_a_row_make_the_next_wait(client, coordinator, enrolled):
    key, _codes = enrolled
    log_in(client, coordinator)
    verify = reverse("accounts:two_factor_verify")
    client.post(verify, {"code": "000000" if code_for(key) != "000000" else "111111"})
    refused = client.post(verify, {"code": code_for(key)})
    assert refused.status_code == 400
    assert "Demasiados códigos erróneos seguidos" in refused.content.decode()


def test_a_recovery_code_works_once(client, coordinator, enrolled):
    _key, codes = enrolled
    assert len(codes) == 10
    log_in(client, coordinator)
    verify = reverse("accounts:two_factor_verify")
    response = client.post(verify, {"code": codes[0]}, follow=True)
    assert "Ha usado un código de recuperación: quedan 9." in response.content.decode()
    client.logout()
    log_in(client, coordinator)
    assert client.post(verify, {"code": codes[0]}).status_code == 400


def test_the_next_address_stays_on_the_site(client, coordinator, enrolled):
    key, _codes = enrolled
    log_in(client, coordinator)
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": code_for(key), "next": "https://evil.example.com/"},
    )
    assert response.url == "/"


def test_mandatory_it_is_set_up_before_any_coordinator_page(
    client, coordinator, participant, settings, pair
):
    settings.TWO_FACTOR_REQUIRED = True
    log_in(client, coordinator)
    response = client.get(DASHBOARD)
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    page = client.get(response.url).content.decode()
    assert "Quienes coordinan este sitio inician sesión con un código" in page
    # Participants are not asked: the rule is for the coordinators' pages.
    client.logout()
    client.force_login(pair.mentor_user)
    assert client.get(reverse("participant_home")).status_code == 200


def test_turning_it_off_asks_for_a_code(client, coordinator, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key, codes = enrolled
    log_in(client, coordinator)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    off = reverse("accounts:two_factor_off")
    client.post(off, {"code": "nope"})
    assert TOTPDevice.objects.filter(user=coordinator).exists()
    response = client.post(off, {"code": code_for(key)}, follow=True)
    assert "La verificación en dos pasos está desactivada." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_new_recovery_codes_replace_the_old_ones(client, coordinator, enrolled):
    key, codes = enrolled
    log_in(client, coordinator)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(key)})
    page = client.post(reverse("accounts:recovery_codes")).content.decode()
    new = re.findall(r'<li class="col">(\w+)</li>', page)
    assert len(new) == 10 and not set(new) & set(codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_outsiders_and_gets(client, participant):
    for name in ("two_factor_setup", "two_factor_verify"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 302
    client.force_login(participant)
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 403
    assert client.get(reverse("accounts:recovery_codes")).status_code == 405


def test_the_admin_is_behind_the_second_step_too(client, superuser, enrolled_superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.url == f"{reverse('accounts:two_factor_verify')}?next=%2Fadmin%2F"
    client.logout()
    # Anonymous: the admin's login is the site's, which knows the second step.
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/").url == "/accounts/login/?next=%2Fadmin%2F"


@pytest.fixture
def enrolled_superuser(superuser):
    from accounts.two_factor import two_factor_enable

    two_factor_enable(user=superuser, key="0" * 40)
