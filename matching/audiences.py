"""The groups of people the matching phase knows, for the coordinators' messages (see
programs.audiences): everyone in a current pair, the mentors, the mentees."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.audiences import Recipient, register
from programs.models import Program

from .selectors import participants


def recipients_of(people, link: str = "") -> list[Recipient]:
    """Participants as the recipients of a message: their partners named, and a link to
    where they act (their start page unless said otherwise)."""
    link = link or reverse("home")
    return [
        Recipient(user=person.user, partner=", ".join(person.partners), link=link)
        for person in people
        if person.user.is_active
    ]


def _everyone(program: Program, target: str) -> list[Recipient]:
    return recipients_of(participants(program, current_only=True))


def _mentors(program: Program, target: str) -> list[Recipient]:
    people = participants(program, current_only=True)
    return recipients_of(p for p in people if p.audience in ("mentor", "both"))


def _mentees(program: Program, target: str) -> list[Recipient]:
    people = participants(program, current_only=True)
    return recipients_of(p for p in people if p.audience in ("mentee", "both"))


def _news(program: Program, target: str) -> tuple[str, str]:
    return (
        _("News from {program}"),
        _(
            "Hello {first_name},\n\n"
            "We are writing to everyone in {program} to share some news:\n\n"
            "…\n\n"
            "You will find your pair's space here: {link}\n\n"
            "Thank you for taking part."
        ),
    )


def register_audiences() -> None:
    register(
        "matching.everyone",
        label=gettext_lazy("Everyone in a pair"),
        people=_everyone,
        suggested=_news,
    )
    register("matching.mentors", label=gettext_lazy("Mentors"), people=_mentors, suggested=_news)
    register("matching.mentees", label=gettext_lazy("Mentees"), people=_mentees, suggested=_news)
