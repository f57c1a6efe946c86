"""Writes of the pairing (the guide's "Emparejar al mentor con el mentee" and the final list
of pairs): criteria, proposals, adjustments by hand, publication."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.services import notify
from programs.audit import log_action
from programs.models import Program

from . import proposal
from .models import Candidate, MatchingCriteria, Pair, PairBan
from .selectors import criteria_for


def criteria_update(
    *,
    criteria: MatchingCriteria,
    objective: str,
    language_weight: int,
    availability_weight: int,
    department_weight: int,
    require_common_language: bool,
    forbid_same_department: bool,
    forbid_reporting_line: bool,
    require_mentor_junior: bool,
    require_mentor_medium: bool,
    skill_weights: Mapping[int, int],
) -> None:
    """Save how the program's pairs are scored (the first save creates the criteria)."""
    criteria.objective = objective
    criteria.language_weight = language_weight
    criteria.availability_weight = availability_weight
    criteria.department_weight = department_weight
    criteria.require_common_language = require_common_language
    criteria.forbid_same_department = forbid_same_department
    criteria.forbid_reporting_line = forbid_reporting_line
    criteria.require_mentor_junior = require_mentor_junior
    criteria.require_mentor_medium = require_mentor_medium
    criteria.skill_weights = {
        str(skill_id): int(weight) for skill_id, weight in skill_weights.items()
    }
    criteria.save()


class PairsAlreadyPublished(Exception):
    pass


def _refuse_if_published(program: Program) -> None:
    if program.pairs.filter(published_at__isnull=False).exists():
        raise PairsAlreadyPublished


@transaction.atomic
def pairs_propose(*, program: Program, actor: User) -> proposal.Proposal:
    """Run the matching for the accepted candidates: the locked pairs stay, every other
    proposed pair is replaced by the optimal ones for the program's criteria."""
    _refuse_if_published(program)
    criteria = criteria_for(program)
    accepted = program.candidates.filter(status=Candidate.Status.ACCEPTED)
    # Locked pairs whose people are no longer accepted are let go.
    program.pairs.exclude(mentor__in=accepted, mentee__in=accepted).delete()
    program.pairs.filter(locked=False).delete()
    locked = list(program.pairs.values_list("mentor_id", "mentee_id"))
    result = proposal.propose(program, criteria, locked)
    Pair.objects.bulk_create(
        Pair(
            program=program,
            mentor_id=pair.mentor_id,
            mentee_id=pair.mentee_id,
            score=pair.score,
            explanation=pair.explanation,
        )
        for pair in result.pairs
    )
    criteria.last_run_at = timezone.now()
    criteria.last_run = {
        "total": result.total,
        "weakest": result.weakest,
        "pairs": len(result.pairs) + len(locked),
        "greedy_total": result.greedy_total,
        "greedy_weakest": result.greedy_weakest,
        "greedy_pairs": result.greedy_pairs,
        "unpaired_mentees": result.unpaired_mentees,
        "unpaired_mentors": result.unpaired_mentors,
        "by": actor.pk,
    }
    criteria.save()
    return result


def pair_lock(*, pair: Pair, locked: bool) -> None:
    _refuse_if_published(pair.program)
    pair.locked = locked
    pair.save(update_fields=["locked"])


@transaction.atomic
def pair_forbid(*, pair: Pair, actor: User) -> None:
    """Never pair these two again; the mentee goes back to the unpaired until the next run."""
    _refuse_if_published(pair.program)
    PairBan.objects.get_or_create(
        program=pair.program, mentor=pair.mentor, mentee=pair.mentee, defaults={"actor": actor}
    )
    pair.delete()


@transaction.atomic
def pair_set(*, program: Program, mentor: Candidate, mentee: Candidate) -> Pair:
    """Pair two people by hand. The pair is locked, and records the constraints it breaks so
    the page can warn about them; the coordinator's choice wins."""
    _refuse_if_published(program)
    criteria = criteria_for(program)
    ranked = proposal.alternatives(program, criteria, mentee.pk)
    option = next((item for item in ranked if item["id"] == mentor.pk), None)
    warnings = list(option["broken"]) if option else ["not_a_mentor"]
    load = program.pairs.filter(mentor=mentor).exclude(mentee=mentee).count()
    if load >= program.mentor_capacity:
        warnings.append("capacity")
    program.pairs.filter(mentee=mentee).delete()
    return Pair.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        score=option["score"] if option else 0.0,
        explanation=option["explanation"] if option else [],
        warnings=warnings,
        locked=True,
        set_by_hand=True,
    )


def _participant_user(candidate: Candidate) -> User:
    username = candidate.email.lower()
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _space, last = candidate.full_name.partition(" ")
        user = User(
            username=username,
            email=candidate.email,
            first_name=first[:150],
            last_name=last[:150],
            role=User.Role.PARTICIPANT,
            language=candidate.language,
        )
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def pairs_publish(*, program: Program, actor: User) -> int:
    """Publish the final list of pairs: each participant gets an account and an email with
    their partner and a link to set a password; the program moves on to preparation."""
    _refuse_if_published(program)
    pairs = list(program.pairs.select_related("mentor", "mentee"))
    now = timezone.now()
    for pair in pairs:
        pair.mentor_user = _participant_user(pair.mentor)
        pair.mentee_user = _participant_user(pair.mentee)
        pair.published_at = now
        pair.locked = True
    Pair.objects.bulk_update(pairs, ["mentor_user", "mentee_user", "published_at", "locked"])
    log_action(program, actor, "matching.pairs_published", {"pairs": len(pairs)})
    for pair in pairs:
        notify(
            kind="matching.pair_published",
            recipients=[pair.mentor_user, pair.mentee_user],
            about=pair.pk,
            group=program.outbox_group,
        )
    return len(pairs)
