"""Placeholders in texts a coordinator writes (the welcome): `{name}` and nothing else.

Substituted by a plain search and replace, never by Python's format language, so no text
can raise an error (`{name:d}`, `{name!z}`) or grow the output (`{name:>20000000}`).
`{{` and `}}` write a brace.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = ("name", "partner", "program", "objective", "link", "coordinator")

# A doubled brace, a placeholder, or a brace left alone.
TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholders_check(text: str) -> None:
    """Refuse unknown or malformed placeholders, naming them, before anything is saved."""
    unknown = []
    for match in TOKEN.finditer(text):
        if match.group(0) in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise ValidationError(
                _(
                    "A brace is not closed. Write placeholders as {name}; write {{ and }} for braces."
                )
            )
        if match.group(1) not in PLACEHOLDERS:
            unknown.append(match.group(1))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Use: %(allowed)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in sorted(set(unknown))),
                "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            }
        )


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """The text with each known placeholder replaced; anything else is left as written."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values.get(match.group(1), token) if match.group(1) is not None else token

    return TOKEN.sub(replace, text)
