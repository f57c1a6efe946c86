"""Email that is never lost: against a real SMTP server on loopback that refuses for a
while, every email (participants', accounts' and applicants') is delivered exactly once
after it recovers; an address the server refuses for good fails at once, with the reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import RETRY_FOR, sweep
from preparation import services as preparation_services
from tests.factories import call_open, published_pair

pytestmark = pytest.mark.django_db


def later(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


def test_every_email_goes_out_once_after_the_server_recovers(
    client, program, coordinator, mail_server, django_capture_on_commit_callbacks
):
    pairs = [published_pair(program), published_pair(program, "Hugo Mentor", "Pedro Mentee")]
    people = [user for pair in pairs for user in (pair.mentor_user, pair.mentee_user)]
    nobody = people[-1]
    nobody.email = "nobody@example.com"
    nobody.save()
    call = call_open(program)
    with django_capture_on_commit_callbacks(execute=True):
        preparation_services.welcome_send(program=program, actor=coordinator)
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert Notification.objects.count() == 5
    # The server said "try later" to all but the address it refuses for good.
    assert Notification.objects.filter(status="pending", attempts=1).count() == 4
    refused = Notification.objects.get(email="nobody@example.com")
    assert refused.status == "failed" and "550" in refused.error
    assert mail_server.received == []
    assert sweep() == 0  # nothing is due yet: the retries are a minute away

    mail_server.refusing = False
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=later(minutes=5)) == 4
        assert sweep(now=later(hours=3)) == 0  # all sent: nothing more to do
    assert Notification.objects.filter(status="sent").count() == 4
    for user in [*people[:-1], coordinator]:
        assert mail_server.count(user.email) == 1, user.email
    assert mail_server.count("nobody@example.com") == 0
    assert call is not None


def test_an_applicants_confirmation_waits_for_the_server_too(
    client, program, mail_server, django_capture_on_commit_callbacks
):
    from tests.matching.test_views_apply import application_data

    call = call_open(program)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:apply", args=[call.token]), application_data(program)
        )
    assert response.status_code in (200, 302)
    confirmation = Notification.objects.get(kind="matching.application_confirmation")
    assert confirmation.status == "pending" and "451" in confirmation.error
    mail_server.refusing = False
    sweep(now=later(minutes=5))
    confirmation.refresh_from_db()
    assert confirmation.status == "sent"
    assert mail_server.count(confirmation.email) == 1


def test_a_day_of_refusals_fails_the_email_with_its_reason(
    program, pair, coordinator, mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        preparation_services.welcome_send(program=program, actor=coordinator)
    email = Notification.objects.get(email=pair.mentor_user.email)
    assert email.status == "pending"
    Notification.objects.filter(pk=email.pk).update(created_at=timezone.now() - RETRY_FOR)
    sweep(now=later(hours=2))
    email.refresh_from_db()
    assert email.status == "failed" and "451" in email.error and email.attempts == 2


def test_retries_space_out_and_a_dead_workers_claim_is_taken_back(
    program, pair, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from notifications.tasks import retry_delay

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 8)] == [60, 120, 240, 3600]
    with django_capture_on_commit_callbacks(execute=True):
        preparation_services.welcome_send(program=program, actor=coordinator)
    email = Notification.objects.filter(status="sent").first()
    Notification.objects.filter(pk=email.pk).update(
        status="sending", claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    sweep(now=later(minutes=1))
    email.refresh_from_db()
    assert email.status == "sent"  # taken back and sent again (the worker died mid-send)
    assert len(mail.outbox) == 3  # two welcomes, and the one whose sending was cut short
