import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification

TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)
MAX_ATTEMPTS = 5


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def notification_send(self, notification_id: int) -> None:
    """Send one notification. It is claimed first (pending or failed -> sending), so two runs
    of this task never send it twice; a failure is recorded with its reason and retried with
    backoff while the mail server may recover."""
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=[Notification.Status.PENDING, Notification.Status.FAILED]
    ).update(status=Notification.Status.SENDING)
    if not claimed:
        return
    notification = Notification.objects.select_related("program", "recipient").get(
        pk=notification_id
    )
    try:
        message = _message(notification)
        message.send()
    except Exception as error:
        transient = isinstance(error, TRANSIENT_EMAIL_ERRORS)
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            attempts=notification.attempts + 1,
        )
        if transient and self.request.retries < self.max_retries:
            raise self.retry(countdown=60 * 2**self.request.retries) from error
        return
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:255],
        attempts=notification.attempts + 1,
        error="",
    )


def _message(notification: Notification) -> EmailMultiAlternatives:
    from . import services  # services enqueue this task: import at call time

    recipient = notification.recipient
    if notification.kind != Notification.Kind.WELCOME:
        raise ValueError(f"No email is defined for {notification.kind}")
    participant = next(
        p for p in services.participants(notification.program) if p.user.pk == recipient.pk
    )
    with translation.override(recipient.language):
        subject, body = services.welcome_render(notification.program, participant)
        html = render_to_string(
            "emails/welcome_body.html", {"body": body, "program": notification.program}
        )
    message = EmailMultiAlternatives(subject, body, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message
