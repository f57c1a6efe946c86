"""Writes of the selection phase: the open call, applications, statuses, imports, erasure."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from programs.models import Program, ProgramLogEntry, Skill

from . import proposal
from .models import (
    Call,
    Candidate,
    CandidateLanguage,
    CandidateStatusChange,
    MatchingCriteria,
    Pair,
    PairBan,
    SkillRating,
)
from .tasks import application_confirmation_send, application_link_send, pair_published_notify


@dataclass(frozen=True)
class Rating:
    level: int
    wants_to_learn: bool = False


# The questionnaire's fields that a candidate (or an imported row) fills in.
CANDIDATE_FIELDS = (
    "full_name",
    "linkedin_url",
    "desired_role",
    "current_role",
    "strengths",
    "areas_to_deepen",
    "first_expectation",
    "self_description",
    "current_challenges",
    "mentoring_meaning",
    "email",
    "department",
    "manager_email",
    "years_in_organisation",
    "level",
    "availability",
)


def call_for_program(program: Program) -> Call:
    """The program's call, created on first use with texts in the program's language."""
    call = Call.objects.filter(program=program).first()
    if call is not None:
        return call
    with translation.override(program.language):
        context = {"program": program}
        call = Call.objects.create(
            program=program,
            deadline=max(program.start_date, timezone.localdate() + datetime.timedelta(days=14)),
            invitation_text=render_to_string("matching/defaults/invitation.txt", context).strip(),
            privacy_notice=render_to_string("matching/defaults/privacy.txt", context).strip(),
        )
    return call


def call_update(
    *, call: Call, deadline: datetime.date, invitation_text: str, privacy_notice: str
) -> Call:
    call.deadline = deadline
    call.invitation_text = invitation_text
    call.privacy_notice = privacy_notice
    call.save(update_fields=["deadline", "invitation_text", "privacy_notice"])
    return call


@transaction.atomic
def call_open(*, call: Call, actor: User) -> None:
    """Open the call: anyone with the public link may apply until the deadline."""
    call.status = Call.Status.OPEN
    call.opened_at = timezone.now()
    call.closed_at = None
    call.save(update_fields=["status", "opened_at", "closed_at"])
    ProgramLogEntry.objects.create(
        program=call.program, actor=actor, action=ProgramLogEntry.Action.CALL_OPENED
    )


@transaction.atomic
def call_close(*, call: Call, actor: User) -> None:
    """Close the call before its deadline: the public page then accepts nothing."""
    call.status = Call.Status.CLOSED
    call.closed_at = timezone.now()
    call.save(update_fields=["status", "closed_at"])
    ProgramLogEntry.objects.create(
        program=call.program, actor=actor, action=ProgramLogEntry.Action.CALL_CLOSED
    )


def _answers_save(
    candidate: Candidate,
    languages: Iterable[str],
    ratings: Mapping[int, Rating],
) -> None:
    candidate.languages.all().delete()
    CandidateLanguage.objects.bulk_create(
        CandidateLanguage(candidate=candidate, code=code) for code in sorted(set(languages))
    )
    candidate.ratings.all().delete()
    SkillRating.objects.bulk_create(
        SkillRating(
            candidate=candidate,
            skill_id=skill_id,
            level=rating.level,
            wants_to_learn=rating.wants_to_learn,
        )
        for skill_id, rating in ratings.items()
    )


def _status_record(
    candidate: Candidate, from_status: str, to_status: str, actor: User | None
) -> CandidateStatusChange:
    return CandidateStatusChange(
        candidate=candidate, from_status=from_status, to_status=to_status, actor=actor
    )


def existing_application(program: Program, email: str) -> Candidate | None:
    return Candidate.objects.filter(program=program, email__iexact=email).first()


@transaction.atomic
def candidate_apply(
    *,
    call: Call,
    answers: Mapping,
    languages: Sequence[str],
    ratings: Mapping[int, Rating],
    language: str,
) -> Candidate:
    """Record an application from the public form and email the applicant a private link.

    The caller checks first that this email has not applied yet (see existing_application);
    the database refuses a duplicate all the same.
    """
    candidate = Candidate.objects.create(
        program=call.program,
        language=language,
        consent_at=timezone.now(),
        **{field: answers[field] for field in CANDIDATE_FIELDS},
    )
    _answers_save(candidate, languages, ratings)
    _status_record(candidate, "", Candidate.Status.APPLIED, None).save()
    transaction.on_commit(lambda: application_confirmation_send.delay(candidate.pk))
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    answers: Mapping,
    languages: Sequence[str],
    ratings: Mapping[int, Rating],
) -> Candidate:
    """The applicant edits their answers through their private link."""
    for field in CANDIDATE_FIELDS:
        setattr(candidate, field, answers[field])
    candidate.save()
    _answers_save(candidate, languages, ratings)
    return candidate


def application_link_resend(*, candidate: Candidate) -> None:
    """Someone applied again with the same email: send the private link, change nothing."""
    transaction.on_commit(lambda: application_link_send.delay(candidate.pk))


@transaction.atomic
def candidate_withdraw(*, candidate: Candidate) -> None:
    """The applicant withdraws through their private link."""
    candidates_status_set(candidates=[candidate], status=Candidate.Status.WITHDRAWN, actor=None)


@transaction.atomic
def candidates_status_set(
    *, candidates: Iterable[Candidate], status: str, actor: User | None
) -> int:
    """Set the status of one or many candidates, recording each change. Returns how many
    changed (those already in that status are left as they are)."""
    changing = [c for c in candidates if c.status != status]
    if not changing:
        return 0
    Candidate.objects.filter(pk__in=[c.pk for c in changing]).update(
        status=status, updated_at=timezone.now()
    )
    CandidateStatusChange.objects.bulk_create(
        _status_record(candidate, candidate.status, status, actor) for candidate in changing
    )
    for candidate in changing:
        candidate.status = status
    return len(changing)


@dataclass(frozen=True)
class ImportedCandidate:
    answers: Mapping
    languages: Sequence[str]
    ratings: Mapping[int, Rating]
    status: str


@transaction.atomic
def candidates_import(
    *, program: Program, actor: User, rows: Sequence[ImportedCandidate]
) -> list[Candidate]:
    """Save candidates read from a file the caller has validated whole: all or nothing."""
    created = []
    for row in rows:
        candidate = Candidate.objects.create(
            program=program,
            status=row.status,
            source=Candidate.Source.IMPORT,
            language=program.language,
            **{field: row.answers[field] for field in CANDIDATE_FIELDS},
        )
        _answers_save(candidate, row.languages, row.ratings)
        _status_record(candidate, "", row.status, actor).save()
        created.append(candidate)
    ProgramLogEntry.objects.create(
        program=program, actor=actor, action=ProgramLogEntry.Action.CANDIDATES_IMPORTED
    )
    return created


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor: User) -> None:
    """Erase a person's data (right to erasure): the record stays, anonymised, so the
    program's figures (ratings, roles, statuses) keep adding up; nothing identifies them."""
    candidate.full_name = f"#{candidate.pk}"
    candidate.email = f"erased-{candidate.pk}@invalid.example"
    candidate.linkedin_url = ""
    candidate.manager_email = ""
    candidate.department = ""
    candidate.current_role = ""
    for field in (
        "strengths",
        "areas_to_deepen",
        "first_expectation",
        "self_description",
        "current_challenges",
        "mentoring_meaning",
    ):
        setattr(candidate, field, "")
    candidate.access_token = f"erased-{candidate.pk}"
    candidate.anonymised_at = timezone.now()
    candidate.save()
    ProgramLogEntry.objects.create(
        program=candidate.program, actor=actor, action=ProgramLogEntry.Action.CANDIDATE_ERASED
    )


def skills_by_id(program: Program) -> dict[int, Skill]:
    return {skill.pk: skill for skill in program.skills.order_by("kind", "id")}


# Matching (the guide's "Emparejar al mentor con el mentee" and the final list of pairs)


def criteria_for(program: Program) -> MatchingCriteria:
    criteria, _created = MatchingCriteria.objects.get_or_create(program=program)
    return criteria


def criteria_update(
    *, criteria: MatchingCriteria, skill_weights: Mapping[int, int], **fields
) -> None:
    for name, value in fields.items():
        setattr(criteria, name, value)
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
    criteria.save(update_fields=["last_run_at", "last_run"])
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
def pair_set(*, program: Program, mentor: Candidate, mentee: Candidate, actor: User) -> Pair:
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
    ProgramLogEntry.objects.create(
        program=program, actor=actor, action=ProgramLogEntry.Action.PAIRS_PUBLISHED
    )
    for pair in pairs:
        transaction.on_commit(lambda pk=pair.pk: pair_published_notify.delay(pk))
    return len(pairs)
