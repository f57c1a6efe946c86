"""The questionnaire invitation and its reminders, written for the outbox in the
recipient's language."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from matching.models import Pair
from notifications.registry import Message, templated
from programs.journey import written_email, written_text
from programs.models import Program

from .models import ComparisonResponse, Response

REMINDER = "evaluation.questionnaire_reminder"


def questionnaire_message(notification) -> Message:
    response = Response.objects.select_related("evaluation__program").get(
        evaluation_id=notification.about_id, respondent=notification.recipient
    )
    path = reverse("evaluation:questionnaire", args=[response.pk])
    if notification.kind == REMINDER and (
        written := written_text(response.evaluation.program_id, REMINDER)
    ):  # the coordinator's own text
        return templated(
            "program_message",
            written_email(written, notification.recipient, "", path, notification.language),
        )
    return templated(
        "questionnaire",
        {
            "user": notification.recipient,
            "program": response.evaluation.program,
            "evaluation": response.evaluation,
            "reminder": notification.kind == REMINDER,
            "link": settings.SITE_URL + path,
        },
    )


def closing_message(notification) -> Message:
    """To a person of a pair, once the program has ended: the program's own text, or the
    product's."""
    program = Program.objects.get(pk=notification.about_id)
    user = notification.recipient
    pair = (
        Pair.objects.filter(program=program, published_at__isnull=False)
        .filter(Q(mentor_user=user) | Q(mentee_user=user))
        .select_related("mentor", "mentee")
        .order_by("pk")
        .first()
    )
    partner = ""
    if pair is not None:
        partner = (pair.mentee if pair.mentor_user_id == user.pk else pair.mentor).full_name
    path = reverse("participant_home")
    if written := written_text(program.pk, "evaluation.closing"):
        return templated(
            "program_message", written_email(written, user, partner, path, notification.language)
        )
    return templated(
        "closing",
        {"user": user, "program": program, "partner": partner, "link": settings.SITE_URL + path},
    )


def comparison_message(notification) -> Message:
    """To someone left waiting for a pair: the link to rate their skills at the end."""
    response = ComparisonResponse.objects.select_related("candidate", "evaluation__program").get(
        pk=notification.about_id
    )
    if response.candidate.is_anonymised:
        raise ValueError(_("The application was erased: there is nobody to write to."))
    return templated(
        "comparison",
        {
            "candidate": response.candidate,
            "program": response.evaluation.program,
            "link": settings.SITE_URL + reverse("evaluation:comparison", args=[response.token]),
        },
    )
