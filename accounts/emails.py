"""The account emails, written for the outbox: choosing a password (reset, or the first one
of a new participant) through a one-time link."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.registry import Message, templated

from .models import User


def password_path(user: User) -> str:
    """The path of a one-time link to choose a password, valid for PASSWORD_RESET_TIMEOUT
    from now."""
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def password_link(user: User) -> str:
    return settings.SITE_URL + password_path(user)


def password_reset_message(notification) -> Message:
    user = User.objects.get(pk=notification.about_id)
    return templated("password_reset", {"user": user, "link": password_link(user)})
