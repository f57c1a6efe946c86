"""Writes of the pairing (the guide's "Emparejar al mentor con el mentee" and the final list
of pairs): criteria, proposals, adjustments by hand, publication."""

import datetime
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from jobs import leases
from notifications.services import notify, notify_address
from programs.audit import log_action
from programs.freshness import touch
from programs.journey import Touchpoint, journey_of, step_of
from programs.journey import register as touchpoint_register
from programs.models import Program

from ..intake.services import candidates_status_set
from ..models import (
    Candidate,
    MatchingCriteria,
    MatchingRun,
    MentorPreference,
    MentorRequest,
    Pair,
    PairBan,
    PairingMode,
)
from ..selectors import criteria_for, pair_to_preview, waiting
from . import proposal
from .selectors import mentors_suggested


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
    pairing_mode: str = PairingMode.COORDINATOR,
    preference_points: int = 10,
    answer_days: int = 5,
    approval_required: bool = False,
) -> None:
    """Save how the program's pairs are formed and scored (the first save creates the
    criteria)."""
    criteria.pairing_mode = pairing_mode
    criteria.preference_points = preference_points
    criteria.answer_days = answer_days
    criteria.approval_required = approval_required
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


def criteria_copy(*, source: Program, target: Program, skills: Mapping[int, int]) -> None:
    """Give a duplicated program the same matching criteria, its skill weights following
    the copied skills (`skills` maps old ids to new ones); no run, no pairs."""
    criteria = MatchingCriteria.objects.filter(program=source).first()
    if criteria is None:
        return
    criteria.pk = None
    criteria.program = target
    criteria.skill_weights = {
        str(skills[int(old)]): weight
        for old, weight in criteria.skill_weights.items()
        if int(old) in skills
    }
    criteria.last_run_at = None
    criteria.last_run = {}
    criteria.save()


class PairsAlreadyPublished(Exception):
    """The pair (or the mentee's pair) is published: it changes through its status only."""


def _refuse_if_published(pair: Pair) -> None:
    if pair.is_published:
        raise PairsAlreadyPublished


def _current(program: Program):
    """The pairs that count: published ones not ended, and the proposals."""
    return program.pairs.exclude(status=Pair.Status.ENDED)


def matching_run_execute(run_id: int) -> bool:
    """The worker's part: claim the run (so two deliveries compute it once), say it is
    solving, compute the proposal (one transaction: the old proposals are replaced only
    by a complete new one), and record what it found. False if it was not ours to do."""
    if not leases.job_claim(MatchingRun, run_id):
        return False
    leases.job_renew(MatchingRun, run_id, stage=MatchingRun.Stage.SOLVING)
    run = MatchingRun.objects.select_related("program", "requested_by").get(pk=run_id)
    result = pairs_propose(program=run.program, actor=run.requested_by)
    MatchingRun.objects.filter(pk=run_id, status=MatchingRun.Status.RUNNING).update(
        status=MatchingRun.Status.READY,
        stage=MatchingRun.Stage.DONE,
        # How many pairs it added, and how long each phase took (load, score, assign,
        # explain), in seconds.
        result={"new": len(result.pairs), "seconds": result.timings},
        finished_at=timezone.now(),
        claimed_until=None,
        attempts=run.attempts + 1,
    )
    return True


def matching_runs_sweep() -> list[int]:
    """Beat's sweeper: take back the runs of workers that died and wake the ones waiting."""
    from django.utils.translation import gettext as _

    return leases.jobs_sweep(
        MatchingRun, _("Interrupted: the worker stopped while computing the proposal.")
    )


@transaction.atomic
def pairs_propose(*, program: Program, actor: User | None) -> proposal.Proposal:
    """Run the matching for the accepted candidates who are free. Published pairs (unless
    ended) and locked proposals stay as they are and count against their mentor's capacity;
    every other proposal is replaced by the optimal ones for the program's criteria. Two
    people whose pair ended are never proposed together again."""
    criteria = criteria_for(program)
    accepted = program.candidates.filter(status=Candidate.Status.ACCEPTED)
    proposals = _current(program).filter(published_at__isnull=True)
    # Locked proposals whose people are no longer accepted are let go.
    proposals.exclude(mentor__in=accepted, mentee__in=accepted).delete()
    proposals.filter(locked=False).delete()
    fixed = list(_current(program).values_list("mentor_id", "mentee_id"))
    ended = list(
        program.pairs.filter(status=Pair.Status.ENDED).values_list("mentor_id", "mentee_id")
    )
    result = proposal.propose(program, criteria, fixed, banned=ended)
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
    touch(program.pk)  # bulk_create sends no signal
    criteria.last_run_at = timezone.now()
    criteria.last_run = {
        # What pairing by hand would have added instead of the proposal (the fixed pairs
        # being the same), and the proposal itself, to tell whether the list changed since.
        "proposed": sorted([pair.mentor_id, pair.mentee_id] for pair in result.pairs),
        "greedy_total": result.greedy_total,
        "greedy_weakest": result.greedy_weakest,
        "greedy_pairs": result.greedy_pairs,
        "unpaired_mentees": result.unpaired_mentees,
        "unpaired_mentors": result.unpaired_mentors,
        "by": actor.pk if actor else None,
    }
    criteria.save()
    return result


def pair_lock(*, pair: Pair, locked: bool) -> None:
    _refuse_if_published(pair)
    pair.locked = locked
    pair.save(update_fields=["locked"])


@transaction.atomic
def pair_forbid(*, pair: Pair, actor: User) -> None:
    """Never pair these two again; the mentee goes back to the unpaired until the next run."""
    _refuse_if_published(pair)
    PairBan.objects.get_or_create(
        program=pair.program, mentor=pair.mentor, mentee=pair.mentee, defaults={"actor": actor}
    )
    log_action(
        pair.program,
        actor,
        "matching.pair_forbidden",
        {"mentor": pair.mentor_id, "mentee": pair.mentee_id},
    )
    pair.delete()


@transaction.atomic
def pair_set(*, program: Program, mentor: Candidate, mentee: Candidate) -> Pair:
    """Pair two people by hand. The pair is locked, and records the constraints it breaks so
    the page can warn about them; the coordinator's choice wins."""
    current = _current(program)
    if current.filter(mentee=mentee, published_at__isnull=False).exists():
        raise PairsAlreadyPublished
    criteria = criteria_for(program)
    ranked = proposal.alternatives(program, criteria, mentee.pk)
    option = next((item for item in ranked if item["id"] == mentor.pk), None)
    warnings = list(option["broken"]) if option else ["not_a_mentor"]
    if program.pairs.filter(status=Pair.Status.ENDED, mentor=mentor, mentee=mentee).exists():
        warnings.append("ended_before")
    load = current.filter(mentor=mentor).exclude(mentee=mentee).count()
    if load >= program.mentor_capacity:
        warnings.append("capacity")
    current.filter(mentee=mentee).delete()
    MentorRequest.objects.filter(mentee=mentee, status=MentorRequest.Status.PENDING).update(
        status=MentorRequest.Status.CANCELLED, answered_at=timezone.now()
    )
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
def pairs_publish(
    *, program: Program, actor: User | None, only: Sequence[int] | None = None
) -> int:
    """Publish the pairs not yet published (the whole list the first time, the additions
    after): each of their people gets an account (the one they have, if any) and an email
    with their partner and a link to set a password. Accepted people left without a pair
    are told, once, that they are on the waiting list. Returns how many pairs were
    published."""
    unpublished = _current(program).filter(published_at__isnull=True)
    if only is not None:  # one pair a mentor accepted: nobody else is told anything
        unpublished = unpublished.filter(pk__in=only)
    pairs = list(unpublished.select_for_update().select_related("mentor", "mentee"))
    if not pairs:
        return 0
    now = timezone.now()
    for pair in pairs:
        pair.mentor_user = _participant_user(pair.mentor)
        pair.mentee_user = _participant_user(pair.mentee)
        pair.published_at = now
        pair.locked = True
        pair.status = Pair.Status.ACTIVE
    Pair.objects.bulk_update(
        pairs, ["mentor_user", "mentee_user", "published_at", "locked", "status"]
    )
    touch(program.pk)
    log_action(program, actor, "matching.pairs_published", {"pairs": len(pairs)})
    welcome = step_of(journey_of([program]), program.pk, WELCOME)
    if welcome.enabled and welcome.days == 0:  # otherwise the scan sends it, days later
        for pair in pairs:
            _welcome(pair)
    for candidate in waiting(program) if only is None else ():
        notify_address(
            kind="matching.waiting_list",
            email=candidate.email,
            language=candidate.language,
            about=candidate.pk,
            group=program.outbox_group,
        )
    return len(pairs)


class PairStatusRefused(Exception):
    """That change of status does not apply to the pair as it is now."""


# The changes a coordinator can make to a published pair: {action: (from statuses, to)}.
STATUS_CHANGES = {
    "pause": ((Pair.Status.ACTIVE,), Pair.Status.PAUSED),
    "resume": ((Pair.Status.PAUSED,), Pair.Status.ACTIVE),
    "end": ((Pair.Status.ACTIVE, Pair.Status.PAUSED), Pair.Status.ENDED),
}


def status_changes_for(pair: Pair) -> list[str]:
    """The changes that apply to this pair now (none before publication or after the end)."""
    if not pair.is_published or pair.lifecycle == Pair.Status.COMPLETED:
        return []
    return [action for action, (sources, _to) in STATUS_CHANGES.items() if pair.status in sources]


@transaction.atomic
def pair_status_change(
    *,
    pair: Pair,
    action: str,
    actor: User,
    reason: str = "",
    note: str = "",
    who_left: Sequence[str] = (),
) -> Pair:
    """Pause, resume or end a published pair; both people are told once, in their language.

    An ended pair keeps its history read-only and gets no reminders; its people become free
    to be paired again (see pairs_propose), never with each other. Those of them who left
    the organisation (`who_left`: "mentor", "mentee") are marked as such: off the waiting
    list and never proposed again, unless a coordinator accepts them again.
    """
    pair = Pair.objects.select_for_update().select_related("program").get(pk=pair.pk)
    if action not in status_changes_for(pair):
        raise PairStatusRefused
    _sources, status = STATUS_CHANGES[action]
    now = timezone.now()
    pair.status = status
    pair.status_changed_at = now
    pair.status_note = note
    pair.end_reason = reason if status == Pair.Status.ENDED else ""
    pair.save(update_fields=["status", "status_changed_at", "status_note", "end_reason"])
    if status == Pair.Status.ENDED and reason == Pair.EndReason.LEFT:
        leavers = [getattr(pair, role) for role in ("mentor", "mentee") if role in who_left]
        candidates_status_set(candidates=leavers, status=Candidate.Status.LEFT, actor=actor)
    log_action(
        pair.program,
        actor,
        f"matching.pair_{'ended' if action == 'end' else action + 'd'}",
        {"pair": pair.pk, "reason": pair.end_reason},
    )
    notify(
        kind="matching.pair_status",
        recipients=[pair.mentor_user, pair.mentee_user],
        about=pair.pk,
        period=f"{status}-{now.isoformat()}",
        group=pair.program.outbox_group,
    )
    return pair


@transaction.atomic
def ban_lift(*, ban: PairBan, actor: User) -> None:
    """Allow a forbidden pair again: the next run may propose it."""
    log_action(
        ban.program,
        actor,
        "matching.ban_lifted",
        {"mentor": ban.mentor_id, "mentee": ban.mentee_id},
    )
    ban.delete()


class PreferencesRefused(Exception):
    """The choices are not among the mentors suggested to this mentee now."""


@transaction.atomic
def preferences_save(*, mentee: Candidate, mentor_ids: Sequence[int]) -> list[MentorPreference]:
    """A mentee's ranked choices (first to third, at most three, each once) among the
    mentors suggested to them now; they replace the earlier ones. The next proposal weighs
    them (see proposal.preference_bonus)."""
    suggested = {item["id"] for item in mentors_suggested(mentee)}
    chosen = [int(pk) for pk in mentor_ids]
    if (
        len(chosen) > len(MentorPreference.RANKS)
        or len(set(chosen)) != len(chosen)
        or not set(chosen) <= suggested
    ):
        raise PreferencesRefused
    MentorPreference.objects.filter(mentee=mentee).delete()
    touch(mentee.program_id)  # bulk_create sends no signal
    return MentorPreference.objects.bulk_create(
        MentorPreference(program_id=mentee.program_id, mentee=mentee, mentor_id=pk, rank=rank)
        for rank, pk in enumerate(chosen, start=1)
    )


@transaction.atomic
def mentees_invite_to_choose(*, program: Program, actor: User) -> int:
    """Write once to each accepted mentee still without a pair: their private link to the
    mentors suggested to them. Returns how many were written to now."""
    published = _current(program).filter(published_at__isnull=False)
    mentees = (
        program.candidates.filter(status=Candidate.Status.ACCEPTED)
        .exclude(desired_role=Candidate.Role.MENTOR)
        .exclude(pk__in=published.values("mentee_id"))
    )
    written = 0
    for mentee in mentees:
        written += bool(
            notify_address(
                kind="matching.choose_mentors",
                email=mentee.email,
                language=mentee.language,
                about=mentee.pk,
                group=program.outbox_group,
            )
        )
    log_action(program, actor, "matching.mentees_invited_to_choose", {"count": written})
    return written


class MentorUnavailable(Exception):
    """That mentor no longer has room (another mentee took the last place) or no longer
    suits this mentee."""


class RequestRefused(Exception):
    """This mentee may not ask now: they have a request waiting, or a pair already."""


class RequestClosed(Exception):
    """The request was answered, cancelled or ran out of time already."""


@transaction.atomic
def mentor_request(*, mentee: Candidate, mentor_id: int) -> MentorRequest:
    """A mentee asks one of the mentors suggested to them. The mentor's row is locked
    first, so two mentees asking for the last place at the same moment are served one
    after the other: the second finds it taken (MentorUnavailable). The mentor is written
    to, with the date to answer by."""
    mentor = (
        Candidate.objects.select_for_update()
        .filter(pk=mentor_id, program_id=mentee.program_id)
        .first()
    )
    if mentor is None:
        raise MentorUnavailable
    if (
        MentorRequest.objects.filter(mentee=mentee, status=MentorRequest.Status.PENDING).exists()
        or _current(mentee.program).filter(mentee=mentee, locked=True).exists()
    ):
        raise RequestRefused
    if mentor.pk not in {item["id"] for item in mentors_suggested(mentee)}:
        raise MentorUnavailable
    criteria = criteria_for(mentee.program)
    request = MentorRequest.objects.create(
        program_id=mentee.program_id,
        mentee=mentee,
        mentor=mentor,
        answer_by=timezone.now() + datetime.timedelta(days=criteria.answer_days),
    )
    MentorPreference.objects.filter(mentee=mentee).delete()  # one way of choosing at a time
    notify_address(
        kind="matching.mentor_request",
        email=mentor.email,
        language=mentor.language,
        about=request.pk,
        group=mentee.program.outbox_group,
    )
    return request


@transaction.atomic
def mentor_request_answer(*, request: MentorRequest, accept: bool, note: str = "") -> MentorRequest:
    """The mentor accepts or declines, with an optional note for the mentee. Accepted, the
    pair exists at once: published (both are told, as any published pair) or, when the
    program asks for it, waiting for the coordinator's approval among the proposals.
    Declined, the mentee is told and chooses again."""
    request = (
        MentorRequest.objects.select_for_update()
        .select_related("program", "mentor", "mentee")
        .get(pk=request.pk)
    )
    now = timezone.now()
    if request.status != MentorRequest.Status.PENDING or request.answer_by < now:
        raise RequestClosed
    request.status = MentorRequest.Status.ACCEPTED if accept else MentorRequest.Status.DECLINED
    request.note = note
    request.answered_at = now
    request.save(update_fields=["status", "note", "answered_at"])
    if accept:
        program = request.program
        criteria = criteria_for(program)
        option = next(
            (
                item
                for item in proposal.alternatives(program, criteria, request.mentee_id)
                if item["id"] == request.mentor_id
            ),
            None,
        )
        _current(program).filter(mentee=request.mentee, published_at__isnull=True).delete()
        pair = Pair.objects.create(
            program=program,
            mentor=request.mentor,
            mentee=request.mentee,
            score=option["score"] if option else 0.0,
            explanation=option["explanation"] if option else [],
            locked=True,
        )
        if not criteria.approval_required:
            pairs_publish(program=program, actor=None, only=[pair.pk])
    _tell_mentee(request)
    return request


def _tell_mentee(request: MentorRequest) -> None:
    """The mentee hears how their request ended (accepted, declined, out of time), once."""
    notify_address(
        kind="matching.request_answered",
        email=request.mentee.email,
        language=request.mentee.language,
        about=request.pk,
        group=request.program.outbox_group,
    )


REQUEST_REMINDER = "matching.request_reminder"
WELCOME = "matching.pair_published"
# A welcome the journey moved or switched on later still reaches a pair this fresh, no older
# one: nobody is welcomed to a pair that has been meeting for weeks.
WELCOME_LATE_DAYS = 3


def _welcome(pair: Pair) -> list[int]:
    return notify(
        kind=WELCOME,
        recipients=[pair.mentor_user, pair.mentee_user],
        about=pair.pk,
        group=pair.program.outbox_group,
    )


def _welcome_sample(program: Program):
    """The mentee of one of the program's pairs, to preview the welcome. The link is the
    page to ask for a password: a preview never holds a real one-time link."""
    pair = pair_to_preview(program)
    if pair is None:
        return None
    return pair.mentee_user, pair.mentor.full_name, reverse("accounts:password_reset")


def welcomes_create(now: datetime.datetime | None = None) -> int:
    """Beat's scan: the welcome of the pairs published some days ago, where the program's
    journey moved it (at once, it goes when the pairs are published); once each."""
    now = now or timezone.now()
    pairs = list(
        Pair.objects.filter(
            published_at__gte=now - datetime.timedelta(days=30 + WELCOME_LATE_DAYS),
            status=Pair.Status.ACTIVE,
            program__status=Program.Status.ACTIVE,
        ).select_related("program", "mentor_user", "mentee_user")
    )
    journeys = journey_of({pair.program for pair in pairs})
    created = 0
    for pair in pairs:
        step = step_of(journeys, pair.program_id, WELCOME)
        due = pair.published_at + datetime.timedelta(days=step.days)
        late = due + datetime.timedelta(days=WELCOME_LATE_DAYS)
        if step.enabled and step.days and due <= now < late:
            created += len(_welcome(pair))
    return created


def register_touchpoints() -> None:
    touchpoint_register(
        Touchpoint(
            WELCOME,
            _("Welcome: who the partner is, and a link to choose a password"),
            (
                _("%(days)d day after the pair is published"),
                _("%(days)d days after the pair is published"),
                _("when the pair is published"),
            ),
            default_days=0,
            max_days=14,
            phase=3,
            order=0,
            sample=_welcome_sample,
        )
    )
    touchpoint_register(
        Touchpoint(
            REQUEST_REMINDER,
            _("Reminder to a mentor with a request to answer"),
            (
                _("%(days)d day before the request's deadline"),
                _("%(days)d days before the request's deadline"),
            ),
            default_days=1,
            min_days=1,
            max_days=29,
            phase=2,
            order=1,
        )
    )


def mentor_requests_expire(now: datetime.datetime | None = None) -> int:
    """Beat's scan: a mentor with a request to answer soon is reminded once (when, the
    program's journey says); the requests not answered in time end, and their mentees are
    told to choose again (once each). Returns how many ended now."""
    now = now or timezone.now()
    waiting = list(
        MentorRequest.objects.filter(
            status=MentorRequest.Status.PENDING, answer_by__gte=now
        ).select_related("mentor", "program")
    )
    journeys = journey_of({request.program for request in waiting})
    for request in waiting:
        step = step_of(journeys, request.program_id, REQUEST_REMINDER)
        if not step.enabled or request.answer_by >= now + datetime.timedelta(days=step.days):
            continue
        notify_address(
            kind="matching.request_reminder",
            email=request.mentor.email,
            language=request.mentor.language,
            about=request.pk,
            period=request.answer_by.isoformat(),  # a deadline moved on reminds again
            group=request.program.outbox_group,
        )
    ended = 0
    for request in MentorRequest.objects.filter(
        status=MentorRequest.Status.PENDING, answer_by__lt=now
    ).select_related("mentee", "program"):
        with transaction.atomic():
            if MentorRequest.objects.filter(
                pk=request.pk, status=MentorRequest.Status.PENDING
            ).update(status=MentorRequest.Status.EXPIRED, answered_at=now):
                touch(request.program_id)  # update() sends no signal
                ended += 1
                _tell_mentee(request)
    return ended


@transaction.atomic
def mentor_request_extend(*, request: MentorRequest, days: int, actor: User) -> MentorRequest:
    """The coordinator gives a mentor more time to answer a waiting request."""
    request = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MentorRequest.Status.PENDING:
        raise RequestClosed
    request.answer_by = max(request.answer_by, timezone.now()) + datetime.timedelta(days=days)
    request.save(update_fields=["answer_by"])
    log_action(
        request.program, actor, "matching.request_extended", {"request": request.pk, "days": days}
    )
    return request
