"""The questionnaire invitation and its reminders, written for the outbox in the
recipient's language."""

from django.conf import settings
from django.urls import reverse

from notifications.registry import Message, templated
from programs.journey import written_email, written_text

from .models import Response

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
