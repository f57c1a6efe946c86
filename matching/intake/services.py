"""Writes of the selection phase: the open call, applications, statuses, imports, erasure."""

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.services import notify_address
from programs.audit import log_action
from programs.freshness import touch
from programs.models import Program

from ..models import (
    Call,
    Candidate,
    CandidateLanguage,
    CandidateStatusChange,
    Invitation,
    SkillRating,
)
from .directory_facts import directory_facts


def _with_directory(answers: dict) -> dict:
    """The answers, with what the HR directory knows of this person in place of what they
    typed (department, manager, years in the organisation)."""
    facts = directory_facts(answers["email"])
    return {**answers, **facts.answers()} if facts else answers


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


def call_update(
    *,
    call: Call,
    deadline: datetime.date,
    invitation_text: str,
    privacy_notice: str,
    translations: Mapping[str, Mapping[str, str]] | None = None,
) -> Call:
    """Save the call's texts (in the program's language and the others written) and
    deadline; the first save creates it."""
    call.deadline = deadline
    call.invitation_text = invitation_text
    call.privacy_notice = privacy_notice
    for language, texts in (translations or {}).items():
        call.set_translation(language, **texts)
    call.save()
    return call


@transaction.atomic
def call_open(*, call: Call, actor: User) -> None:
    """Open the call: anyone with the public link may apply until the deadline."""
    call.status = Call.Status.OPEN
    call.opened_at = timezone.now()
    call.closed_at = None
    call.save()
    log_action(call.program, actor, "matching.call_opened")


@transaction.atomic
def call_close(*, call: Call, actor: User) -> None:
    """Close the call before its deadline: the public page then accepts nothing."""
    call.status = Call.Status.CLOSED
    call.closed_at = timezone.now()
    call.save()
    log_action(call.program, actor, "matching.call_closed")


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
        **_with_directory({field: answers[field] for field in CANDIDATE_FIELDS}),
    )
    _answers_save(candidate, languages, ratings)
    _status_record(candidate, "", Candidate.Status.APPLIED, None).save()
    notify_address(
        kind="matching.application_confirmation",
        email=candidate.email,
        language=candidate.language,
        about=candidate.pk,
        group=call.program.outbox_group,
    )
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
    for field, value in _with_directory(
        {field: answers[field] for field in CANDIDATE_FIELDS}
    ).items():
        setattr(candidate, field, value)
    candidate.save()
    _answers_save(candidate, languages, ratings)
    return candidate


def application_link_resend(*, candidate: Candidate) -> None:
    """Someone applied again with the same email: send the private link, change nothing."""
    notify_address(
        kind="matching.application_link",
        email=candidate.email,
        language=candidate.language,
        about=candidate.pk,
        period=uuid.uuid4().hex,  # every new attempt is an email of its own
        group=candidate.program.outbox_group,
    )


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
    touch(*{candidate.program_id for candidate in changing})  # update() sends no signal
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
            **_with_directory({field: row.answers[field] for field in CANDIDATE_FIELDS}),
        )
        _answers_save(candidate, row.languages, row.ratings)
        _status_record(candidate, "", row.status, actor).save()
        created.append(candidate)
    log_action(program, actor, "matching.candidates_imported", {"count": len(created)})
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
    log_action(candidate.program, actor, "matching.candidate_erased", {"candidate": candidate.pk})


def personal_data_exported(*, program: Program, actor: User, what: str, **data) -> None:
    """Record who took personal data out of the product, and when (a download is a read,
    but one the organisation must be able to account for)."""
    log_action(program, actor, f"matching.{what}_exported", data)


@transaction.atomic
def invitations_send(*, program: Program, people: Iterable, actor: User) -> int:
    """Invite these people of the HR directory to apply: one email each, once per program
    (inviting someone again sends nothing)."""
    sent = 0
    for person in people:
        invitation, created = Invitation.objects.get_or_create(
            program=program, person=person, defaults={"invited_by": actor}
        )
        if not created:
            continue
        language = next(
            (code for code in person.languages if code in dict(settings.LANGUAGES)),
            program.language,
        )
        notify_address(
            kind="matching.invitation",
            email=person.email,
            language=language,
            about=invitation.pk,
            group=program.outbox_group,
        )
        sent += 1
    if sent:
        log_action(program, actor, "matching.people_invited", {"count": sent})
    return sent
