"""The groups of a program's people a coordinator can write to (everyone, the mentors, the
pairs at risk, those who have not completed the training…). Each app registers the groups
it knows at start-up (in its AppConfig.ready), with the function that finds their people
and the message it suggests; this app knows none of them, as with the kinds of email.

A message's text may hold placeholders, filled for each recipient when the email is
written: see PLACEHOLDERS."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Program

PLACEHOLDERS = {
    "first_name": _("the person's first name"),
    "full_name": _("the person's full name"),
    "program": _("the program's name"),
    "partner": _("the other person of their pair"),
    "link": _("the page where they can do what is asked"),
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Recipient:
    """One person of a group, with what the placeholders say to them."""

    user: User
    partner: str = ""
    link: str = ""  # a path of the site ("/pairs/3/")
    reason: str = ""  # why they are in the group, for the coordinator's preview


@dataclass(frozen=True)
class Audience:
    name: str  # "<app>.<what>", such as "preparation.training_pending"
    label: Promise
    # The group's people in a program; `target` narrows some groups (a pair, one person).
    people: Callable[[Program, str], list[Recipient]]
    # The message suggested to this group, in the active language: (subject, body).
    suggested: Callable[[Program, str], tuple[str, str]]
    # Only reachable with a target, from the page of what it targets (a pair's nudge).
    targeted: bool = False


_audiences: dict[str, Audience] = {}


def register(
    name: str,
    *,
    label: Promise,
    people: Callable,
    suggested: Callable,
    targeted: bool = False,
) -> None:
    app, _dot, what = name.partition(".")
    if not app or not what:
        raise ImproperlyConfigured(f"A group of people is named '<app>.<what>', not {name!r}.")
    if name in _audiences and _audiences[name].people is not people:
        raise ImproperlyConfigured(f"The group {name!r} is registered twice.")
    _audiences[name] = Audience(name, label, people, suggested, targeted)


def audience(name: str) -> Audience:
    try:
        return _audiences[name]
    except KeyError:
        raise LookupError(f"No group of people is registered as {name!r}.") from None


def audiences() -> list[Audience]:
    """The groups a coordinator picks from, in the order the apps registered them (the
    phases' order)."""
    return [spec for spec in _audiences.values() if not spec.targeted]


def placeholders_unknown(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """The text with each known placeholder replaced; any other braces are left as typed."""
    return PLACEHOLDER.sub(
        lambda match: values.get(match[1], match[0]) if match[1] in PLACEHOLDERS else match[0],
        text,
    )
