"""Brute force and abuse: wrong passwords lock the login for a while; password resets,
applications and private-link resends are limited."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from tests.factories import CandidateFactory, call_open
from tests.matching.test_views_apply import application_data

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_for_a_while(client, coordinator, settings):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "laura", "wrong").status_code == 200  # the form, with its error
    locked = login(client, "laura", "wrong")
    assert locked.status_code == 429
    assert "Demasiados intentos fallidos" in locked.content.decode()
    # Even the right password waits now.
    assert login(client, "laura", "secret-pass-123").status_code == 429
    from axes.models import AccessFailureLog

    assert AccessFailureLog.objects.filter(username="laura").count() >= settings.AXES_FAILURE_LIMIT


def test_a_locked_account_does_not_lock_a_colleague_on_the_same_device(
    client, coordinator, participant, settings
):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, participant.username, "wrong")
    assert login(client, participant.username, "secret-pass-123").status_code == 429
    # Laura logs in from the same address and browser: her account is not the locked one.
    assert login(client, "laura", "secret-pass-123").status_code == 302


def test_one_device_trying_many_accounts_is_locked_at_a_far_higher_count(
    client, coordinator, settings
):
    settings.AXES_ENABLED = True
    settings.LOGIN_DEVICE_FAILURE_LIMIT = 12
    for n in range(3):  # three accounts, each under its own limit: 12 failures in all
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, f"someone{n}", "wrong")
    assert login(client, "laura", "secret-pass-123").status_code == 429
    # A colleague on the same office address, with another browser, is not locked out.
    colleague = Client(HTTP_USER_AGENT="Another browser")
    assert login(colleague, "laura", "secret-pass-123").status_code == 302


def test_a_good_login_resets_the_count(client, coordinator, settings):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "laura", "wrong")
    assert login(client, "laura", "secret-pass-123").status_code == 302
    client.logout()
    assert login(client, "laura", "wrong").status_code == 200


def test_password_resets_to_one_address_are_limited(client, coordinator):
    url = reverse("accounts:password_reset")
    answers = [client.post(url, {"email": coordinator.email}).status_code for _n in range(4)]
    assert answers == [302, 302, 302, 429]
    assert Notification.objects.filter(kind="accounts.password_reset").count() == 3


def test_applications_from_one_connection_are_limited(client, program, monkeypatch):
    monkeypatch.setattr("accounts.limits.APPLICATIONS_PER_ADDRESS", "2/h")
    call = call_open(program)
    url = reverse("matching:apply", args=[call.token])
    codes = [
        client.post(url, application_data(program, email=f"persona{n}@example.com")).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert program.candidates.count() == 2


def test_the_private_link_is_sent_again_a_few_times_a_day_at_most(client, program):
    call = call_open(program)
    candidate = CandidateFactory(program=program, email="rosa@example.com")
    url = reverse("matching:apply", args=[call.token])
    for _attempt in range(5):
        page = client.post(url, application_data(program, email="ROSA@example.com"))
        assert page.status_code == 200  # the same answer every time
    sent = Notification.objects.filter(kind="matching.application_link", about_id=candidate.pk)
    assert sent.count() == 3


def test_failed_and_locked_logins_are_in_the_security_log(client, coordinator, settings):
    from accounts.models import SecurityEvent

    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "laura", "wrong")
    kinds = list(SecurityEvent.objects.values_list("kind", "username", "ip_address"))
    assert kinds.count(("login_failed", "laura", "127.0.0.1")) == settings.AXES_FAILURE_LIMIT
    assert ("login_locked", "laura", "127.0.0.1") in kinds


def test_a_role_change_in_the_admin_records_who_made_it(admin_client, participant):
    from accounts.models import SecurityEvent

    url = reverse("admin:accounts_user_change", args=[participant.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        role="coordinator",
        is_active="on",
        date_joined_0=participant.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=participant.date_joined.strftime("%H:%M:%S"),
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = SecurityEvent.objects.get(kind="role_changed")
    assert event.username == "pablo" and event.actor.is_superuser
    assert event.data["role"] == ["participant", "coordinator"]


def lock(client, username, settings):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, "wrong")


def test_a_coordinator_lifts_the_lock_of_a_participant_of_their_program(
    client, coordinator, pair, settings
):
    from accounts.models import SecurityEvent

    participant = pair.mentor_user
    lock(Client(), participant.username, settings)
    assert login(Client(), participant.username, "secret-pass-123").status_code == 429
    client.force_login(coordinator)
    page = client.get(reverse("lockouts"))
    assert participant.username in page.content.decode()
    response = client.post(reverse("lockout_lift"), {"username": participant.username})
    assert response.status_code == 302
    assert login(Client(), participant.username, "secret-pass-123").status_code == 302
    event = SecurityEvent.objects.get(kind="login_unlocked")
    assert event.actor == coordinator and event.username == participant.username


def test_a_coordinator_cannot_see_or_lift_other_peoples_locks(
    client, other_coordinator, pair, settings
):
    participant = pair.mentor_user
    lock(Client(), participant.username, settings)
    client.force_login(other_coordinator)
    assert participant.username not in client.get(reverse("lockouts")).content.decode()
    response = client.post(reverse("lockout_lift"), {"username": participant.username})
    assert response.status_code == 404
    assert login(Client(), participant.username, "secret-pass-123").status_code == 429
