"""The welcome email, written for the outbox in the recipient's language."""

from django.template.loader import render_to_string

from matching.selectors import participants
from notifications.registry import Message
from programs.models import Program

from .selectors import welcome_render


def welcome_message(notification) -> Message:
    program = Program.objects.get(pk=notification.about_id)
    (participant,) = participants(program, only=notification.recipient)
    subject, body = welcome_render(program, participant)
    html = render_to_string("emails/welcome_body.html", {"body": body, "program": program})
    return Message(subject=subject, text=body, html=html)
