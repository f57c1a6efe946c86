"""The selection phase's emails go through the outbox: once, in the applicant's language."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from matching.intake import services
from notifications.models import Notification
from notifications.services import notify_address
from notifications.tasks import notification_send, sweep
from tests.factories import CandidateFactory, call_open

pytestmark = pytest.mark.django_db


def confirmation_of(candidate):
    return notify_address(
        kind="matching.application_confirmation",
        email=candidate.email,
        language=candidate.language,
        about=candidate.pk,
    )


def test_confirmation_is_queued_once_and_sent_once(program, django_capture_on_commit_callbacks):
    call_open(program)
    candidate = CandidateFactory(program=program, language="es")
    with django_capture_on_commit_callbacks(execute=True):
        notification = confirmation_of(candidate)
        assert confirmation_of(candidate) is None  # the same email is never queued twice
    notification_send(notification.pk)  # a second run of the task sends nothing
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert candidate.access_token in message.body
    assert message.alternatives[0][1] == "text/html"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.recipient is None


def test_a_failed_send_is_recorded_and_tried_again_later(program, monkeypatch):
    call_open(program)
    candidate = CandidateFactory(program=program)
    notification = confirmation_of(candidate)

    def refuse(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    notification_send(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING  # the server may recover
    assert "mail server down" in notification.error and notification.attempts == 1
    assert notification.next_attempt_at > timezone.now()
    assert sweep() == 0  # not before its time
    monkeypatch.undo()
    assert sweep(now=timezone.now() + datetime.timedelta(minutes=5)) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and len(mail.outbox) == 1


def test_link_reminder_is_in_the_candidates_language(program, django_capture_on_commit_callbacks):
    call_open(program)
    candidate = CandidateFactory(program=program, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_link_resend(candidate=candidate)
        services.application_link_resend(candidate=candidate)  # each attempt, an email
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Your application to")
