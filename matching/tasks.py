import smtplib

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.emails import email_message

from .models import Candidate

TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def _application_email_send(candidate: Candidate, name: str) -> None:
    with translation.override(candidate.language):
        context = {
            "candidate": candidate,
            "program": candidate.program,
            "call": candidate.program.call,
            "link": settings.SITE_URL
            + reverse("matching:application", args=[candidate.access_token]),
        }
        email_message(name, context, candidate.email).send()


@shared_task(autoretry_for=TRANSIENT_EMAIL_ERRORS, retry_backoff=True, max_retries=6)
def application_confirmation_send(candidate_id: int) -> None:
    """Confirm an application, with the private link to view, edit or withdraw it. Sent once:
    the row is claimed before sending and released if sending fails, for the retry."""
    claimed = Candidate.objects.filter(pk=candidate_id, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if not claimed:
        return
    candidate = Candidate.objects.select_related("program__call").get(pk=candidate_id)
    try:
        _application_email_send(candidate, "application_confirmation")
    except Exception:
        Candidate.objects.filter(pk=candidate_id).update(confirmation_sent_at=None)
        raise


@shared_task(autoretry_for=TRANSIENT_EMAIL_ERRORS, retry_backoff=True, max_retries=6)
def application_link_send(candidate_id: int) -> None:
    """Send the private link again to someone who applied a second time with this email."""
    candidate = Candidate.objects.select_related("program__call").get(pk=candidate_id)
    if not candidate.is_anonymised:
        _application_email_send(candidate, "application_link")
