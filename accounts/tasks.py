from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from .emails import TRANSIENT_EMAIL_ERRORS


@shared_task(
    autoretry_for=TRANSIENT_EMAIL_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def account_email_send(*, subject: str, body: str, html_body: str, to: str) -> None:
    """Send an account email (password reset) already rendered in the person's language.

    Sent from a worker so a slow mail server never holds up the page; transient mail-server
    failures are retried with backoff.
    """
    message = EmailMultiAlternatives(subject, body, to=[to])
    message.attach_alternative(html_body, "text/html")
    message.send()
