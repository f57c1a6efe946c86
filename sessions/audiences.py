"""The groups of people the meetings phase knows, for the coordinators' messages (see
programs.audiences): the pairs at risk or inactive, and one pair (or one person of it),
whom the coordinator nudges from the pair's page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.models import Pair
from programs.audiences import Recipient, register
from programs.models import Program

from .selectors import (
    HEALTH_AT_RISK,
    HEALTH_INACTIVE,
    PAIR_AUDIENCE,
    pair_health,
    pairs_overview,
)

ROLES = ("mentor", "mentee")


def _members(pair: Pair, roles=ROLES) -> list[Recipient]:
    link = reverse("sessions:workspace", args=[pair.pk])
    members = (("mentor", pair.mentor_user, pair.mentee), ("mentee", pair.mentee_user, pair.mentor))
    return [
        Recipient(user=user, partner=partner.full_name, link=link)
        for role, user, partner in members
        if role in roles and user is not None and user.is_active
    ]


def _at_risk(program: Program, target: str) -> list[Recipient]:
    people: dict[int, Recipient] = {}
    for pair in pairs_overview(program).select_related("mentor_user", "mentee_user"):
        if pair_health(pair, program) in (HEALTH_AT_RISK, HEALTH_INACTIVE):
            for recipient in _members(pair):
                people.setdefault(recipient.user.pk, recipient)
    return list(people.values())


def pair_target(program: Program, target: str) -> tuple[Pair, tuple[str, ...]]:
    """The pair a nudge is for ("12", or "12:mentor" for one of its people). A target that
    is not a running pair of this program is a LookupError."""
    pk, _colon, role = target.partition(":")
    if not pk.isdecimal() or role not in ("", *ROLES):
        raise LookupError(target)
    pair = (
        program.pairs.filter(published_at__isnull=False, pk=int(pk))
        .exclude(status=Pair.Status.ENDED)
        .select_related("mentor_user", "mentee_user", "mentor", "mentee")
        .first()
    )
    if pair is None:
        raise LookupError(target)
    return pair, (role,) if role else ROLES


def _pair(program: Program, target: str) -> list[Recipient]:
    pair, roles = pair_target(program, target)
    return _members(pair, roles)


def _how_is_it_going(program: Program, target: str) -> tuple[str, str]:
    return (
        _("How is your mentoring with {partner} going?"),
        _(
            "Hello {first_name},\n\n"
            "I am following the pairs of {program} and I would like to know how your "
            "mentoring with {partner} is going. If you have not met for a while, plan your "
            "next meeting now and agree on what you will work on.\n\n"
            "If something is not working, tell me from your pair's space: it stays between "
            "you and the coordinators.\n\n"
            "{link}\n\n"
            "Thank you."
        ),
    )


def register_audiences() -> None:
    register(
        "sessions.at_risk",
        label=gettext_lazy("Pairs at risk or inactive"),
        people=_at_risk,
        suggested=_how_is_it_going,
    )
    register(
        PAIR_AUDIENCE,
        label=gettext_lazy("One pair"),
        people=_pair,
        suggested=_how_is_it_going,
        targeted=True,
    )
