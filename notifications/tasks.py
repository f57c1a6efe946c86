"""Sending the outbox: one task per email, and a sweeper that beat runs every minute."""

import datetime
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.failures import database_connection_reset
from jobs.queue import enqueue

from . import registry
from .models import Notification

# How long a claim holds: longer than the mail server's timeout (EMAIL_TIMEOUT) times the
# few round trips of one email. A claim older than this belongs to a worker that died.
LEASE = datetime.timedelta(minutes=2)
# Retries of transient failures: 1, 2, 4 … minutes, at most an hour apart, for a day.
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
RETRY_FOR = datetime.timedelta(hours=24)
# A pending email the sweeper sends again: its message may have been lost (a broker that
# was down, or restarted empty). Younger ones are still on their way.
SWEEP_GRACE = datetime.timedelta(seconds=30)
SWEEP_BATCH = 500


def is_transient(error: Exception) -> bool:
    """A failure worth retrying: the server unreachable, timing out, disconnecting, or
    answering 4xx ("try again later"). A 5xx answer, or a message that could not be
    written, would fail the same way again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # The other SMTP errors, refused connections and timeouts are all OSErrors.
    return isinstance(error, OSError)


def retry_delay(attempts: int) -> datetime.timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def notification_send(notification_id: int) -> None:
    """Send one email. It is claimed first (pending -> sending, with a lease), so two runs of
    this task never send it twice; a failure is recorded with its reason and, when the
    mail server may recover, scheduled again for the sweeper."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING
    ).update(status=Notification.Status.SENDING, claimed_until=now + LEASE)
    if not claimed:
        return
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    # A person's current address and language win over those they had when it was queued.
    person = notification.recipient
    email = person.email if person else notification.email
    language = person.language if person else notification.language
    try:
        with translation.override(language):
            message = registry.kind(notification.kind).build(notification)
        email_message = EmailMultiAlternatives(message.subject, message.text, to=[email])
        email_message.attach_alternative(message.html, "text/html")
        for name, content, mimetype in message.attachments:
            email_message.attach(name, content, mimetype)
        email_message.send()
    except Exception as error:
        _failed(notification, error)
        return
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:255],
        attempts=notification.attempts + 1,
        claimed_until=None,
        error="",
    )


def _failed(notification: Notification, error: Exception) -> None:
    """Record why it failed: to be tried again later, or for good."""
    database_connection_reset()
    now = timezone.now()
    attempts = notification.attempts + 1
    reason = f"{type(error).__name__}: {error}"[:2000]
    again = is_transient(error) and now - notification.created_at < RETRY_FOR
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.PENDING if again else Notification.Status.FAILED,
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
        attempts=attempts,
        error=reason,
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def outbox_sweep() -> int:
    return sweep()


def sweep(now: datetime.datetime | None = None) -> int:
    """Beat's sweeper: take back the claims of workers that died, and send again the
    emails whose time has come (retries) or whose message was lost. Returns how many it
    enqueued."""
    now = now or timezone.now()
    Notification.objects.filter(status=Notification.Status.SENDING, claimed_until__lt=now).update(
        status=Notification.Status.PENDING,
        claimed_until=None,
        error=_("Interrupted: the worker stopped while sending it."),
    )
    due = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(enqueue(notification_send, pk) for pk in due)
