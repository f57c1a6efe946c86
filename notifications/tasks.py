import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation

from . import registry
from .models import Notification

# Mail-server failures worth retrying with backoff: the server may recover.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)
MAX_ATTEMPTS = 5


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def notification_send(self, notification_id: int) -> None:
    """Send one email. It is claimed first (pending or failed -> sending), so two runs of
    this task never send it twice; a failure is recorded with its reason and retried with
    backoff while the mail server may recover."""
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=[Notification.Status.PENDING, Notification.Status.FAILED]
    ).update(status=Notification.Status.SENDING)
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
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            attempts=notification.attempts + 1,
        )
        transient = isinstance(error, TRANSIENT_EMAIL_ERRORS)
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
