"""The questionnaire invitation and its reminders, written for the notification outbox of
`sessions` (settings.NOTIFICATION_MESSAGES), in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.emails import email_message
from sessions.models import Notification

from .models import Response


def questionnaire_message(notification: Notification) -> EmailMultiAlternatives:
    response = Response.objects.select_related("evaluation__program").get(
        evaluation_id=notification.object_id, respondent=notification.recipient
    )
    context = {
        "user": notification.recipient,
        "program": response.evaluation.program,
        "evaluation": response.evaluation,
        "reminder": notification.kind == Notification.Kind.QUESTIONNAIRE_REMINDER,
        "link": settings.SITE_URL + reverse("evaluation:questionnaire", args=[response.pk]),
    }
    return email_message("questionnaire", context, notification.recipient.email)
