"""The welcome email and the training reminder, written for the outbox in the recipient's
language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from matching.models import Pair
from matching.selectors import participants
from notifications.registry import Message, templated
from programs.journey import written_email, written_text
from programs.models import Program

from .selectors import welcome_render


def welcome_message(notification) -> Message:
    program = Program.objects.get(pk=notification.about_id)
    (participant,) = participants(program, only=notification.recipient)
    subject, body = welcome_render(program, participant)
    html = render_to_string("emails/welcome_body.html", {"body": body, "program": program})
    return Message(subject=subject, text=body, html=html)


def training_reminder_message(notification) -> Message:
    """To a mentor whose training is not done: the program's own text, or the product's."""
    pair = Pair.objects.select_related("program", "mentee").get(pk=notification.about_id)
    path = reverse("preparation:training", args=[pair.program_id])
    if written := written_text(pair.program_id, "preparation.training_reminder"):
        return templated(
            "program_message",
            written_email(
                written, notification.recipient, pair.mentee.full_name, path, notification.language
            ),
        )
    return templated(
        "training_reminder",
        {
            "user": notification.recipient,
            "pair": pair,
            "program": pair.program,
            "link": settings.SITE_URL + path,
        },
    )
