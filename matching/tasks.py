from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.emails import TRANSIENT_EMAIL_ERRORS, email_message

from .models import Candidate


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


@shared_task(autoretry_for=TRANSIENT_EMAIL_ERRORS, retry_backoff=True, max_retries=6)
def pair_published_notify(pair_id: int) -> None:
    """Tell both members of a published pair who their partner is, with a link to set their
    password. Each member is claimed before sending, so a task run twice sends once."""
    from .models import Pair

    for role in ("mentor", "mentee"):
        stamp = f"{role}_notified_at"
        claimed = Pair.objects.filter(pk=pair_id, **{f"{stamp}__isnull": True}).update(
            **{stamp: timezone.now()}
        )
        if not claimed:
            continue
        pair = Pair.objects.select_related(
            "program", "mentor", "mentee", "mentor_user", "mentee_user"
        ).get(pk=pair_id)
        user = getattr(pair, f"{role}_user")
        partner = pair.mentee if role == "mentor" else pair.mentor
        try:
            with translation.override(user.language):
                context = {
                    "user": user,
                    "pair": pair,
                    "program": pair.program,
                    "role": role,
                    "partner": partner,
                    "link": settings.SITE_URL
                    + reverse(
                        "accounts:password_reset_confirm",
                        kwargs={
                            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                            "token": default_token_generator.make_token(user),
                        },
                    ),
                }
                email_message("pair_published", context, user.email).send()
        except Exception:
            Pair.objects.filter(pk=pair_id).update(**{stamp: None})
            raise
