"""The kinds of email the product sends. Each app registers its own at start-up (in its
AppConfig.ready), with the function that writes the message; the outbox looks them up by
name and knows nothing else about them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Notification


@dataclass(frozen=True)
class Message:
    """What a kind's builder writes, in the active language (the recipient's)."""

    subject: str
    text: str
    html: str
    # (file name, content, MIME type), such as a calendar invitation.
    attachments: list[tuple[str, str | bytes, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    name: str  # "<app>.<what>", such as "sessions.meeting_tomorrow"
    label: Promise
    build: Callable[["Notification"], Message]
    # Reminders respect the recipient's choice not to receive them; other emails do not.
    is_reminder: bool = False


_kinds: dict[str, Kind] = {}


def register(name: str, *, label: Promise, build: Callable, is_reminder: bool = False) -> None:
    app, _dot, what = name.partition(".")
    if not app or not what:
        raise ImproperlyConfigured(f"An email kind is named '<app>.<what>', not {name!r}.")
    if name in _kinds and _kinds[name].build is not build:
        raise ImproperlyConfigured(f"The email kind {name!r} is registered twice.")
    _kinds[name] = Kind(name=name, label=label, build=build, is_reminder=is_reminder)


def kind(name: str) -> Kind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No kind of email is registered as {name!r}.") from None


def kind_label(name: str) -> str:
    """What a kind of email is called on a page (its name, if no app registers it now)."""
    spec = _kinds.get(name)
    return str(spec.label) if spec else name


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def templated(name: str, context: dict, attachments=None) -> Message:
    """A message from a set of templates: emails/<name>_subject.txt, _body.txt, _body.html
    (the HTML extends emails/base.html)."""
    subject = "".join(render_to_string(f"emails/{name}_subject.txt", context).splitlines())
    return Message(
        subject=subject,
        text=render_to_string(f"emails/{name}_body.txt", context),
        html=render_to_string(f"emails/{name}_body.html", context),
        attachments=list(attachments or []),
    )
