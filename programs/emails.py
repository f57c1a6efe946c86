"""The emails the programs app writes for the outbox: a coordinator's message to a group."""

from django.conf import settings

from notifications.registry import Message as Email
from notifications.registry import templated

from .audiences import placeholders_fill
from .models import Message, MessageRecipient


def message_for(message: Message, recipient: MessageRecipient, language: str) -> dict:
    """What one person reads: the message in their language when it was translated (in the
    program's otherwise), its placeholders filled for them. The preview shows the same."""
    user = recipient.user
    texts = message.in_language(language)
    link = settings.SITE_URL + recipient.link if recipient.link else ""
    values = {
        "first_name": user.first_name or user.get_username(),
        "full_name": user.get_full_name() or user.get_username(),
        "program": message.program.name,
        "partner": recipient.partner,
        "link": link,
    }
    body = placeholders_fill(texts.body, values)
    return {
        "subject": placeholders_fill(texts.subject, values),
        "body": body,
        "program": message.program,
        "fallback": texts.fallback,
        # A button to the page, unless the text already holds its address.
        "link": link if link not in body else "",
    }


def program_message(notification) -> Email:
    """A coordinator's message to a group, as one person of it reads it."""
    recipient = MessageRecipient.objects.select_related("message__program", "user").get(
        message_id=notification.about_id, user_id=notification.recipient_id
    )
    return templated(
        "program_message", message_for(recipient.message, recipient, notification.language)
    )
