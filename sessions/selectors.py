"""Reads of phase 4: the phase's status for the dashboard, and the coordinator's table of
pairs with each pair's health."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Avg, Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from accounts.models import User
from matching.models import Pair
from preparation.models import GoalPhase, ProgramGuide, TrainingCompletion
from preparation.selectors import pair_may_plan_meetings
from preparation.training import MENTOR_MODULES
from programs.freshness import kept
from programs.models import Message, Program
from programs.phases import Action, NextStep, PhaseStatus, counts_by_program
from programs.sorting import name_key

from .models import Agreement, Concern, Meeting, Pulse, Task


def phase_facts(programs: list[Program], now=None) -> dict[int, dict]:
    """What phase 4 reports, for many programs in three queries: meetings held and planned,
    how many pairs are at risk or inactive (from the pairs' rows, kept until the program's
    data changes: see pair_rows), and the concerns not closed."""
    now = now or timezone.now()
    facts = counts_by_program(
        Meeting.objects.filter(pair__published_at__isnull=False),
        programs,
        key="pair__program",
        held=Count("id", filter=Q(status=Meeting.Status.HELD)),
        planned=Count("id", filter=Q(status=Meeting.Status.PLANNED, starts_at__gte=now)),
    )
    concerns = counts_by_program(
        Concern.objects.exclude(status=Concern.Status.CLOSED),
        programs,
        key="pair__program",
        open_concerns=Count("id"),
        unanswered=Count("id", filter=Q(first_response_at__isnull=True)),
    )
    for pk in facts:
        facts[pk].update(concerns[pk])
    for pk, rows in pair_rows(programs, now).items():
        facts[pk].update(
            pairs=len(rows),
            at_risk=sum(row.health == HEALTH_AT_RISK for row in rows),
            inactive=sum(row.health == HEALTH_INACTIVE for row in rows),
        )
    return facts


def phase_status(program: Program, facts: dict | None = None) -> PhaseStatus:
    """Phase 4, "Reunión regular": the pairs meet until the program's end date."""
    facts = facts if facts is not None else phase_facts([program])[program.pk]
    held, planned, has_pairs = facts["held"], facts["planned"], bool(facts["pairs"])
    if facts["unanswered"]:
        action = Action(
            _("Answer the concerns waiting"), reverse("sessions:concerns", args=[program.pk])
        )
    elif has_pairs:
        action = Action(
            _("Follow the pairs' meetings"), reverse("sessions:pairs_overview", args=[program.pk])
        )
    else:
        action = None
    return PhaseStatus(
        number=4,
        is_done=has_pairs and program.end_date < timezone.localdate(),
        summary=_("Each pair meets regularly and logs its progress."),
        counts=[
            (_("Meetings held"), held),
            (_("Meetings planned"), planned),
            *(
                [
                    (_("Pairs at risk"), facts["at_risk"]),
                    (_("Inactive pairs"), facts["inactive"]),
                    (_("Open concerns"), facts["open_concerns"]),
                ]
                if has_pairs
                else []
            ),
        ],
        steps=[
            _("Co-create the relationship: roles, schedule, place"),
            _("Set goals"),
            _("Share experiences, knowledge and advice"),
            _("Tasks and resources for the mentee"),
            _("Exchange and plan"),
        ],
        action=action,
        started=bool(held),
    )


HEALTH_ON_TRACK = "on_track"
HEALTH_AT_RISK = "at_risk"
HEALTH_INACTIVE = "inactive"
HEALTH_PAUSED = "paused"
HEALTH_ENDED = "ended"
HEALTH_COMPLETED = "completed"
INACTIVE_GRACE_DAYS = 7
LOW_PULSE = 3
HEALTH_LABELS = {
    HEALTH_ON_TRACK: gettext_lazy("On track"),
    HEALTH_AT_RISK: gettext_lazy("At risk"),
    HEALTH_INACTIVE: gettext_lazy("Inactive"),
    HEALTH_PAUSED: pgettext_lazy("pair", "Paused"),
    HEALTH_ENDED: pgettext_lazy("pair", "Ended early"),
    HEALTH_COMPLETED: pgettext_lazy("pair", "Completed"),
}


def _subquery(queryset, value):
    return Subquery(queryset.values(value)[:1])


def pairs_overview(program: Program, now=None):
    """Every published pair of the program with its figures for the coordinator's table."""
    return pairs_overview_rows(program.pairs.all(), now)


def pairs_overview_rows(pairs, now=None):
    """These pairs (the published ones) with their figures, in one query: each figure is a
    correlated subquery, so no join multiplies another."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(pair=OuterRef("pk"))
    held = meetings.filter(status=Meeting.Status.HELD)
    phases = GoalPhase.objects.filter(goal__pair=OuterRef("pk"), goal__selected=True)
    count = Func(F("id"), function="COUNT")
    # The pulse of a meeting is the average of its members' answers, latest meeting first.
    meeting_pulses = (
        held.annotate(pulse=Avg("pulses__rating"))
        .filter(pulse__isnull=False)
        .order_by("-starts_at", "-id")
    )
    return (
        pairs.filter(published_at__isnull=False)
        .select_related("mentor", "mentee")
        .annotate(
            last_meeting=_subquery(held.order_by("-starts_at"), "starts_at"),
            next_meeting=_subquery(
                meetings.filter(status=Meeting.Status.PLANNED, starts_at__gte=now).order_by(
                    "starts_at"
                ),
                "starts_at",
            ),
            held_count=Coalesce(_subquery(held.order_by().annotate(n=count).values("n"), "n"), 0),
            phases_done=Coalesce(
                _subquery(
                    phases.filter(done_at__isnull=False).order_by().annotate(n=count).values("n"),
                    "n",
                ),
                0,
            ),
            phases_total=Coalesce(
                _subquery(phases.order_by().annotate(n=count).values("n"), "n"), 0
            ),
            phases_overdue=Coalesce(
                _subquery(
                    phases.filter(done_at__isnull=True, due_date__lt=timezone.localdate(now))
                    .order_by()
                    .annotate(n=count)
                    .values("n"),
                    "n",
                ),
                0,
            ),
            open_tasks=Coalesce(
                _subquery(
                    Task.objects.filter(pair=OuterRef("pk"), status=Task.Status.OPEN)
                    .order_by()
                    .annotate(n=count)
                    .values("n"),
                    "n",
                ),
                0,
            ),
            open_concerns=Coalesce(
                _subquery(
                    Concern.objects.filter(pair=OuterRef("pk"), resolved_at__isnull=True)
                    .order_by()
                    .annotate(n=count)
                    .values("n"),
                    "n",
                ),
                0,
            ),
            first_overdue=_subquery(
                phases.filter(done_at__isnull=True, due_date__lt=timezone.localdate(now)).order_by(
                    "due_date"
                ),
                "due_date",
            ),
            concern_since=_subquery(
                Concern.objects.filter(pair=OuterRef("pk"), resolved_at__isnull=True).order_by(
                    "created_at"
                ),
                "created_at",
            ),
            agreed=Exists(
                Agreement.objects.filter(
                    pair=OuterRef("pk"),
                    mentor_confirmed_at__isnull=False,
                    mentee_confirmed_at__isnull=False,
                )
            ),
            training_required=Exists(
                ProgramGuide.objects.filter(program=OuterRef("program"), training_required=True)
            ),
            mentor_modules_done=Coalesce(
                _subquery(
                    TrainingCompletion.objects.filter(
                        program=OuterRef("program"),
                        user=OuterRef("mentor_user"),
                        module__in=MENTOR_MODULES,
                    )
                    .order_by()
                    .values("user")
                    .annotate(n=Count("module", distinct=True))
                    .values("n"),
                    "n",
                ),
                0,
            ),
            last_pulse=_subquery(meeting_pulses, "pulse"),
            last_pulse_on=_subquery(meeting_pulses, "starts_at"),
            previous_pulse=Subquery(meeting_pulses.values("pulse")[1:2]),
        )
        .order_by("mentor__full_name", "id")
    )


@dataclass(frozen=True, slots=True)
class PairRow:
    """A published pair as the coordinator's table of pairs shows it, with its health."""

    pk: int
    mentor_name: str
    mentee_name: str
    last_meeting: datetime.datetime | None
    next_meeting: datetime.datetime | None
    held_count: int
    expected: int | None  # meetings expected by now at the program's cadence, while open
    phases_done: int
    phases_total: int
    open_tasks: int
    open_concerns: int
    last_pulse: float | None
    health: str
    causes: list[str]

    @property
    def health_label(self) -> str:
        return HEALTH_LABELS[self.health]


def pair_rows(programs: list[Program], now=None) -> dict[int, list[PairRow]]:
    """{program id: its published pairs' rows}, by mentor's then mentee's name. Computed in
    one query for the programs whose rows are not kept; kept until the program's data
    changes (see programs.freshness), per language since the causes are sentences. The
    dashboard's counts and the table of pairs read the same rows, so they agree. `now`
    is the moment of rows computed here; kept ones are at most a minute old."""
    return kept(
        "pair-rows",
        programs,
        lambda missing: _pair_rows(missing, now or timezone.now()),
        vary=[translation.get_language()],
    )


def _pair_rows(programs: list[Program], now) -> dict[int, list[PairRow]]:
    by_pk = {program.pk: program for program in programs}
    rows: dict[int, list[PairRow]] = {program.pk: [] for program in programs}
    pairs = (
        pairs_overview_rows(Pair.objects.filter(program__in=programs), now)
        .select_related(None)
        .annotate(mentor_name=F("mentor__full_name"), mentee_name=F("mentee__full_name"))
        .defer("explanation", "warnings", "status_note")
    )
    for pair in pairs:
        program = by_pk[pair.program_id]
        health, causes = pair_health_and_causes(pair, program, now)
        rows[program.pk].append(
            PairRow(
                pk=pair.pk,
                mentor_name=pair.mentor_name,
                mentee_name=pair.mentee_name,
                last_meeting=pair.last_meeting,
                next_meeting=pair.next_meeting,
                held_count=pair.held_count,
                expected=meetings_expected(pair, program) if pair.is_open else None,
                phases_done=pair.phases_done,
                phases_total=pair.phases_total,
                open_tasks=pair.open_tasks,
                open_concerns=pair.open_concerns,
                last_pulse=pair.last_pulse,
                health=health,
                causes=causes,
            )
        )
    for program_rows in rows.values():
        program_rows.sort(key=lambda row: (name_key(row.mentor_name), name_key(row.mentee_name)))
    return rows


def pair_health(pair, program: Program, now=None) -> str:
    return pair_health_and_causes(pair, program, now)[0]


def pair_health_and_causes(pair, program: Program, now=None) -> tuple[str, list[str]]:
    """The pair's health and, when inactive or at risk, why (see pair_causes). Inactive: no
    meeting held (or planned) for longer than the cadence plus a grace period. At risk: any
    other cause. On track otherwise. A paused or ended pair is just that, and so is a
    completed one once the program is over: nobody expects it to meet."""
    if pair.status == Pair.Status.PAUSED:
        return HEALTH_PAUSED, []
    if pair.status == Pair.Status.ENDED:
        return HEALTH_ENDED, []
    now = now or timezone.now()
    if program.end_date < timezone.localdate(now):
        return HEALTH_COMPLETED, []  # the program is over: nobody expects another meeting
    causes = pair_causes(pair, program, now)
    leads_to = {cause.health for cause in causes}
    if HEALTH_INACTIVE in leads_to:
        health = HEALTH_INACTIVE
    else:
        health = HEALTH_AT_RISK if causes else HEALTH_ON_TRACK
    return health, [cause.why for cause in causes]


class Cause(NamedTuple):
    """Why a pair needs attention: the health it leads to and what the coordinator reads."""

    health: str
    why: str
    # Raised in confidence by one of the pair: it never prompts a message to them.
    private: bool = False


def pair_causes(pair, program: Program, now=None) -> list[Cause]:
    """Why a running pair is inactive or at risk, each cause with its date, as
    (the health it leads to, what the coordinator reads). None: the pair is on track. A
    cause gone (a meeting held, a concern closed, a phase ticked) takes the pair out of it."""
    now = now or timezone.now()
    causes = []
    since = pair.last_meeting or pair.published_at
    limit = datetime.timedelta(days=program.meeting_cadence_days + INACTIVE_GRACE_DAYS)
    if pair.next_meeting is None and since < now - limit:
        causes.append(
            Cause(
                HEALTH_INACTIVE,
                _("No meeting held or planned since %(date)s (%(days)d days).")
                % {
                    "date": date_format(timezone.localtime(since), "SHORT_DATE_FORMAT"),
                    "days": (now - since).days,
                },
            )
        )
    last, previous = pair.last_pulse, pair.previous_pulse
    if last is not None and last < LOW_PULSE:
        causes.append(
            Cause(
                HEALTH_AT_RISK,
                _("Low pulse: %(pulse)s of 5 at the meeting of %(date)s.")
                % {
                    "pulse": number_format(last, 1),
                    "date": date_format(
                        timezone.localtime(pair.last_pulse_on), "SHORT_DATE_FORMAT"
                    ),
                },
            )
        )
    elif last is not None and previous is not None and last < previous:
        causes.append(
            Cause(
                HEALTH_AT_RISK,
                _("Falling pulse: %(pulse)s of 5 at the meeting of %(date)s, after %(previous)s.")
                % {
                    "pulse": number_format(last, 1),
                    "previous": number_format(previous, 1),
                    "date": date_format(
                        timezone.localtime(pair.last_pulse_on), "SHORT_DATE_FORMAT"
                    ),
                },
            )
        )
    settled = pair.published_at + limit  # time enough to agree and to train
    if not pair.agreed and now > settled:
        causes.append(
            Cause(
                HEALTH_AT_RISK,
                _("Their agreement is not confirmed by both, %(days)d days after they were paired.")
                % {"days": (now - pair.published_at).days},
            )
        )
    if pair.training_required and pair.mentor_modules_done < len(MENTOR_MODULES) and now > settled:
        causes.append(
            Cause(
                HEALTH_AT_RISK,
                _("The mentor has not completed the training (%(done)d of %(total)d modules).")
                % {"done": pair.mentor_modules_done, "total": len(MENTOR_MODULES)},
            )
        )
    if pair.open_concerns:
        causes.append(
            Cause(
                HEALTH_AT_RISK,
                ngettext(
                    "%(count)d open concern, since %(date)s.",
                    "%(count)d open concerns, the first since %(date)s.",
                    pair.open_concerns,
                )
                % {
                    "count": pair.open_concerns,
                    "date": date_format(
                        timezone.localtime(pair.concern_since), "SHORT_DATE_FORMAT"
                    ),
                },
                private=True,
            )
        )
    if pair.phases_overdue:
        causes.append(
            Cause(
                HEALTH_AT_RISK,
                ngettext(
                    "%(count)d goal phase overdue, due on %(date)s.",
                    "%(count)d goal phases overdue, the first due on %(date)s.",
                    pair.phases_overdue,
                )
                % {
                    "count": pair.phases_overdue,
                    "date": date_format(pair.first_overdue, "SHORT_DATE_FORMAT"),
                },
            )
        )
    return causes


def meetings_expected(pair, program: Program, today=None) -> int:
    today = today or timezone.localdate()
    start = max(program.start_date, timezone.localdate(pair.published_at))
    return max((today - start).days // program.meeting_cadence_days, 0)


def concerns_of_program(program: Program, status: str = ""):
    """The program's concerns for its coordinators, newest first, in one query."""
    concerns = (
        Concern.objects.filter(pair__program=program)
        .select_related("pair__mentor", "pair__mentee", "raised_by")
        .annotate(messages=Count("replies"))
        .order_by("-created_at", "-id")
    )
    return concerns.filter(status=status) if status else concerns


def concerns_of_user(user) -> list[Concern]:
    """The concerns this person raised, each with its latest message, for their start page."""
    concerns = list(
        Concern.objects.filter(raised_by=user)
        .select_related("pair__program")
        .prefetch_related("replies")
        .order_by("-created_at")
    )
    for concern in concerns:
        replies = list(concern.replies.all())
        concern.last_reply = replies[-1] if replies else None
    return concerns


# The group of one pair (or one of its people) that a coordinator nudges (see audiences).
PAIR_AUDIENCE = "sessions.pair"


def nudges_of(pair) -> list[Message]:
    """The messages the coordinators wrote to this pair or one of its people, newest first."""
    targets = [str(pair.pk), f"{pair.pk}:mentor", f"{pair.pk}:mentee"]
    return list(
        Message.objects.filter(
            program_id=pair.program_id, audience=PAIR_AUDIENCE, target__in=targets
        ).select_related("sent_by")
    )


# A meeting held this long ago or less still asks for the pulse of who has not given it.
PULSE_WAITS_DAYS = 14
TASKS_SHOWN = 3


def next_steps(user: User, pairs: list[Pair], now=None) -> list[NextStep]:
    """What the meetings phase asks of this person in their running pairs, in five queries
    whatever their number: the next meeting (with its calendar file) or planning one, a
    meeting to log, the pulse after a meeting held, the agreement to write or confirm, the
    mentee's tasks and the goal phases due."""
    now = now or timezone.now()
    by_pk = {pair.pk: pair for pair in pairs}
    steps: list[NextStep] = []

    def workspace(pair_pk: int, anchor: str) -> str:
        return reverse("sessions:workspace", args=[pair_pk]) + anchor

    planned = Meeting.objects.filter(pair__in=pairs, status=Meeting.Status.PLANNED).order_by(
        "starts_at", "pk"
    )
    upcoming: set[int] = set()
    for meeting in planned:
        when = timezone.localtime(meeting.starts_at)
        if meeting.starts_at < now:
            steps.append(
                NextStep(
                    meeting.pair_id,
                    _("Log the meeting of %(date)s: was it held?")
                    % {"date": date_format(when, "SHORT_DATETIME_FORMAT")},
                    reverse("sessions:meeting_log", args=[meeting.pair_id, meeting.pk]),
                    when=when,
                    overdue=True,
                )
            )
        elif meeting.pair_id not in upcoming:
            upcoming.add(meeting.pair_id)
            steps.append(
                NextStep(
                    meeting.pair_id,
                    _("Next meeting: %(date)s") % {"date": date_format(when, "DATETIME_FORMAT")}
                    + (f" · {meeting.place}" if meeting.place else ""),
                    workspace(meeting.pair_id, "#meetings-heading"),
                    when=when,
                    extra_label=_("Add to calendar"),
                    extra_url=reverse("sessions:meeting_ics", args=[meeting.pair_id, meeting.pk]),
                )
            )
    for pair in pairs:
        if pair.pk not in upcoming:
            steps.append(
                NextStep(
                    pair.pk,
                    _("Plan your next meeting"),
                    reverse("sessions:meeting_new", args=[pair.pk]),
                )
            )

    no_pulse = (
        Meeting.objects.filter(
            pair__in=pairs,
            status=Meeting.Status.HELD,
            starts_at__gte=now - datetime.timedelta(days=PULSE_WAITS_DAYS),
            starts_at__lte=now,
        )
        .exclude(Exists(Pulse.objects.filter(meeting=OuterRef("pk"), user=user)))
        .order_by("pair_id", "-starts_at")
    )
    asked: set[int] = set()
    for meeting in no_pulse:
        if meeting.pair_id not in asked:
            asked.add(meeting.pair_id)
            when = timezone.localtime(meeting.starts_at)
            steps.append(
                NextStep(
                    meeting.pair_id,
                    _("How was the meeting of %(date)s? Give your pulse (1 to 5)")
                    % {"date": date_format(when, "DATE_FORMAT")},
                    workspace(meeting.pair_id, f"#meeting-{meeting.pk}"),
                    when=when,
                )
            )

    agreements = {a.pair_id: a for a in Agreement.objects.filter(pair__in=pairs)}
    for pair in pairs:
        agreement = agreements.get(pair.pk)
        confirmed = agreement is not None and (
            agreement.mentor_confirmed_at
            if pair.mentor_user_id == user.pk
            else agreement.mentee_confirmed_at
        )
        if agreement is None:
            label = _("Write your agreement: roles, schedule and place")
        elif not confirmed:
            label = _("Read and confirm your agreement")
        else:
            continue
        steps.append(NextStep(pair.pk, label, reverse("sessions:agreement", args=[pair.pk])))

    as_mentee = [pair.pk for pair in pairs if pair.mentee_user_id == user.pk]
    shown: dict[int, int] = {}
    tasks = Task.objects.filter(pair__in=as_mentee, status=Task.Status.OPEN).order_by(
        F("due_date").asc(nulls_last=True), "pk"
    )
    today = timezone.localdate(now)
    for task in tasks:
        shown[task.pair_id] = shown.get(task.pair_id, 0) + 1
        if shown[task.pair_id] > TASKS_SHOWN:
            continue
        label = (
            _("Task: %(title)s, due %(date)s")
            % {"title": task.title, "date": date_format(task.due_date, "DATE_FORMAT")}
            if task.due_date
            else _("Task: %(title)s") % {"title": task.title}
        )
        steps.append(
            NextStep(
                task.pair_id,
                label,
                workspace(task.pair_id, "#tasks-heading"),
                when=task.due_date,
                overdue=bool(task.due_date and task.due_date < today),
            )
        )

    phases = (
        GoalPhase.objects.filter(goal__pair__in=pairs, done_at__isnull=True)
        .select_related("goal")
        .order_by("goal__pair_id", "due_date", "number", "pk")
    )
    first_phase: set[int] = set()
    for phase in phases:
        pair_pk = phase.goal.pair_id
        if pair_pk in first_phase or pair_pk not in by_pk:
            continue
        first_phase.add(pair_pk)
        steps.append(
            NextStep(
                pair_pk,
                _("%(goal)s: %(phase)s, by %(date)s")
                % {
                    "goal": phase.goal.text,
                    "phase": phase.get_number_display(),
                    "date": date_format(phase.due_date, "DATE_FORMAT"),
                },
                workspace(pair_pk, "#goals-heading"),
                when=phase.due_date,
                overdue=phase.due_date < today,
            )
        )
    return steps


HEALTH_HISTORY_SHOWN = 20


def workspace_of(pair: Pair, user: User, *, coordinator: bool) -> dict:
    """What a pair's workspace shows this person: the agreement, the meetings (planned, to
    log, past, each with its pulses and the asker's own), the goals and tasks; and, for a
    coordinator, the concerns, the check-ins, why the pair needs attention, its health
    history and the nudges written to it."""
    meetings = list(pair.meetings.prefetch_related("pulses", "phases_moved__goal"))
    now = timezone.now()
    for meeting in meetings:
        pulses = list(meeting.pulses.all())
        meeting.my_pulse = next((p for p in pulses if p.user_id == user.pk), None)
        meeting.pulse_average = (
            round(sum(p.rating for p in pulses) / len(pulses), 1) if pulses else None
        )
        meeting.pulse_list = pulses
        meeting.needs_log = meeting.status == Meeting.Status.PLANNED and meeting.starts_at < now
    reads = {
        "agreement": Agreement.objects.filter(pair=pair).first(),
        "upcoming": sorted(
            (m for m in meetings if m.status == Meeting.Status.PLANNED and not m.needs_log),
            key=lambda m: m.starts_at,
        ),
        "to_log": [m for m in meetings if m.needs_log],
        "past": [m for m in meetings if m.status != Meeting.Status.PLANNED],
        "tasks": list(pair.tasks.all()),
        "goals": list(
            pair.goals.filter(selected=True)
            .prefetch_related("phases")
            .order_by("owner", "priority")
        ),
        "may_plan": pair_may_plan_meetings(pair),
        "concerns": [],
        "open_concern": False,
        "causes": [],
        "check_ins": [],
        "health_history": [],
        "nudges": [],
    }
    if coordinator:
        reads.update(
            concerns=pair.concerns.select_related("raised_by"),
            open_concern=pair.concerns.filter(resolved_at__isnull=True).exists(),
            causes=_causes(pair),
            check_ins=list(pair.check_ins.select_related("author")),
            health_history=_health_history(pair),
            nudges=nudges_of(pair),
        )
    return reads


def _health_history(pair: Pair) -> list:
    changes = list(pair.health_changes.all()[:HEALTH_HISTORY_SHOWN])
    for change in changes:
        change.label = HEALTH_LABELS.get(change.health, change.health)
    return changes


def _causes(pair: Pair) -> list[str]:
    """Why the pair is at risk or inactive, for its coordinators (one query)."""
    row = pairs_overview_rows(type(pair).objects.filter(pk=pair.pk)).first()
    return pair_health_and_causes(row, pair.program)[1] if row is not None else []
