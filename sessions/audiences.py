"""The groups of people the meetings phase knows, for the coordinators' messages (see
programs.audiences): the pairs at risk or inactive, and one pair (or one person of it),
whom the coordinator nudges from the pair's page."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.models import Pair
from programs.audiences import Recipient, register
from programs.models import Program

from .selectors import (
    HEALTH_AT_RISK,
    HEALTH_INACTIVE,
    PAIR_AUDIENCE,
    pair_causes,
    pair_health,
    pairs_overview,
)

ROLES = ("mentor", "mentee")


def _members(pair: Pair, roles=ROLES, reason: str = "") -> list[Recipient]:
    link = reverse("sessions:workspace", args=[pair.pk])
    members = (("mentor", pair.mentor_user, pair.mentee), ("mentee", pair.mentee_user, pair.mentor))
    return [
        Recipient(user=user, partner=partner.full_name, link=link, reason=reason)
        for role, user, partner in members
        if role in roles and user is not None and user.is_active
    ]


def _at_risk(program: Program, target: str) -> list[Recipient]:
    """The people of the pairs at risk or inactive for a reason they may be written to
    about: a pair at risk only because of an open concern is left out, since a message
    would tell the person the concern is about that someone raised it. Someone in two such
    pairs gets one message naming both partners, and why each pair is in the group."""
    now = timezone.now()
    by_person: dict[int, list[Recipient]] = defaultdict(list)
    for pair in pairs_overview(program).select_related("mentor_user", "mentee_user"):
        if pair_health(pair, program, now) not in (HEALTH_AT_RISK, HEALTH_INACTIVE):
            continue
        reasons = [cause.why for cause in pair_causes(pair, program, now) if not cause.private]
        if reasons:
            for recipient in _members(pair, reason=" ".join(reasons)):
                by_person[recipient.user.pk].append(recipient)
    return [_merged(recipients) for recipients in by_person.values()]


def _merged(recipients: list[Recipient]) -> Recipient:
    """One person's place in a group through several pairs: every partner named, the start
    page (which lists their pairs) as the link when there is more than one."""
    if len(recipients) == 1:
        return recipients[0]
    recipients = sorted(recipients, key=lambda recipient: recipient.partner)
    return Recipient(
        user=recipients[0].user,
        partner=get_text_list([r.partner for r in recipients], _("and")),
        link=reverse("participant_home"),
        reason=" ".join(f"{r.partner}: {r.reason}" for r in recipients),
    )


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
