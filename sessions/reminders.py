"""What is due: the reminders of the meetings phase, found in the database by the scan."""

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Pair
from matching.pairing.services import welcomes_create
from matching.selectors import pair_to_preview
from notifications.services import notify
from preparation.models import GoalPhase
from preparation.reminders import training_reminders_create
from programs.journey import Touchpoint, journey_of, step_of
from programs.journey import register as touchpoint_register
from programs.models import Program

from .models import Concern, Meeting, Task
from .selectors import INACTIVE_GRACE_DAYS
from .services import pair_notify

MEETING_REMINDER = "sessions.meeting_tomorrow"
NOT_LOGGED = "sessions.meeting_not_logged"
INACTIVE = "sessions.pair_inactive"
TASK_DUE = "sessions.task_due"
TASK_OVERDUE = "sessions.task_overdue"
PHASE_OVERDUE = "sessions.phase_overdue"
MONTHLY_PULSE = "sessions.monthly_pulse"
MIDPOINT = "sessions.midpoint_check_in"
# The most days a coordinator can move a reminder before a meeting or a task.
MOST_DAYS_BEFORE = 7
# How far back the scan looks: older things were reminded about already (or never will be).
LOOK_BACK = datetime.timedelta(days=30)


def _sample(program: Program):
    """The mentee of one of the program's running pairs, to preview a reminder's text."""
    pair = pair_to_preview(program, running=True)
    if pair is None:
        return None
    return pair.mentee_user, pair.mentor.full_name, reverse("sessions:workspace", args=[pair.pk])


def register_touchpoints() -> None:
    """The reminders of the meetings phase, as the program's journey shows them."""
    for touchpoint in (
        Touchpoint(
            MEETING_REMINDER,
            _("Meeting reminder"),
            (_("%(days)d day before each meeting"), _("%(days)d days before each meeting")),
            default_days=1,
            min_days=1,
            max_days=MOST_DAYS_BEFORE,
            order=1,
            sample=_sample,
        ),
        Touchpoint(
            NOT_LOGGED,
            _("“How did your meeting go? Log it”"),
            (
                _("%(days)d day after a meeting not logged"),
                _("%(days)d days after a meeting not logged"),
            ),
            default_days=2,
            min_days=1,
            order=2,
            sample=_sample,
        ),
        Touchpoint(
            INACTIVE,
            _("“Have you met?”"),
            (
                _("%(days)d day past the meeting cadence without a meeting, then weekly"),
                _("%(days)d days past the meeting cadence without a meeting, then weekly"),
            ),
            default_days=INACTIVE_GRACE_DAYS,
            order=3,
            sample=_sample,
        ),
        Touchpoint(
            TASK_DUE,
            _("Task due soon (to the mentee)"),
            (_("%(days)d day before a task is due"), _("%(days)d days before a task is due")),
            default_days=2,
            max_days=MOST_DAYS_BEFORE,
            order=4,
            sample=_sample,
        ),
        Touchpoint(
            TASK_OVERDUE,
            _("Task overdue (to the mentee)"),
            (_("%(days)d day after a task was due"), _("%(days)d days after a task was due")),
            default_days=1,
            min_days=1,
            order=5,
            sample=_sample,
        ),
        Touchpoint(
            PHASE_OVERDUE,
            _("Goal phase past its date"),
            (
                _("%(days)d day after a goal phase's date"),
                _("%(days)d days after a goal phase's date"),
            ),
            default_days=1,
            min_days=1,
            order=6,
            sample=_sample,
        ),
        Touchpoint(
            MONTHLY_PULSE,
            _("Pulse: “How is your reverse mentoring going?”"),
            (
                _("every %(days)d day after the pair is published"),
                _("every %(days)d days after the pair is published"),
            ),
            default_days=30,
            min_days=7,
            max_days=90,
            order=7,
            sample=_sample,
            default_enabled=False,
        ),
        Touchpoint(
            MIDPOINT,
            _("Mid-program check-in: review the goals together"),
            (
                _("%(days)d day after the middle of the program"),
                _("%(days)d days after the middle of the program"),
                _("at the middle of the program"),
            ),
            default_days=0,
            max_days=30,
            order=8,
            sample=_sample,
            default_enabled=False,
        ),
    ):
        touchpoint_register(touchpoint)


@transaction.atomic
def reminders_create(now: datetime.datetime | None = None) -> int:
    """What is due now, as each program's journey says (switched off, or moved by some
    days): sent once, since an email's key is the thing it is about, never the days."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = 0
    published = Q(
        pair__published_at__isnull=False,
        pair__status=Pair.Status.ACTIVE,
        pair__program__status=Program.Status.ACTIVE,
        pair__program__end_date__gte=today - LOOK_BACK,
    )
    related = ("pair__program", "pair__mentor_user", "pair__mentee_user")
    journeys = journey_of(
        Program.objects.filter(status=Program.Status.ACTIVE, end_date__gte=today - LOOK_BACK)
    )

    def step(program_id: int, key: str):
        return step_of(journeys, program_id, key)

    due_meetings = Meeting.objects.filter(
        published,
        status=Meeting.Status.PLANNED,
        starts_at__gte=now - LOOK_BACK,
        starts_at__lt=now + datetime.timedelta(days=MOST_DAYS_BEFORE + 1),
    )
    for meeting in due_meetings.select_related(*related):
        pair = meeting.pair
        local_day = timezone.localdate(meeting.starts_at)
        reminder = step(pair.program_id, MEETING_REMINDER)
        not_logged = step(pair.program_id, NOT_LOGGED)
        if meeting.starts_at >= now:
            if reminder.enabled and local_day == today + datetime.timedelta(days=reminder.days):
                created += len(
                    pair_notify(
                        pair=pair,
                        kind=MEETING_REMINDER,
                        recipients=[pair.mentor_user, pair.mentee_user],
                        about=meeting.pk,
                    )
                )
        elif not_logged.enabled and meeting.starts_at < now - datetime.timedelta(
            days=not_logged.days
        ):
            created += len(
                pair_notify(
                    pair=pair,
                    kind=NOT_LOGGED,
                    recipients=[pair.mentor_user, pair.mentee_user],
                    about=meeting.pk,
                )
            )

    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    pairs = Pair.objects.filter(
        published_at__isnull=False,
        status=Pair.Status.ACTIVE,
        program__status=Program.Status.ACTIVE,
        program__end_date__gte=today,
    ).select_related("program", "mentor_user", "mentee_user")
    pairs = pairs.annotate(
        last_held=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)),
        next_planned=Max(
            "meetings__starts_at",
            filter=Q(meetings__status=Meeting.Status.PLANNED, meetings__starts_at__gte=now),
        ),
    )
    for pair in pairs:
        inactive = step(pair.program_id, INACTIVE)
        if not inactive.enabled:
            continue
        since = pair.last_held or pair.published_at
        limit = datetime.timedelta(days=pair.program.meeting_cadence_days + inactive.days)
        if pair.next_planned is None and since < now - limit and pair.program.end_date >= today:
            created += len(
                pair_notify(
                    pair=pair,
                    kind=INACTIVE,
                    recipients=[pair.mentor_user, pair.mentee_user],
                    about=pair.pk,
                    period=week,
                )
            )

    for task in Task.objects.filter(
        published,
        status=Task.Status.OPEN,
        due_date__gte=today - LOOK_BACK,
        due_date__lte=today + datetime.timedelta(days=MOST_DAYS_BEFORE),
    ).select_related(*related):
        due, overdue = (
            step(task.pair.program_id, TASK_DUE),
            step(task.pair.program_id, TASK_OVERDUE),
        )
        if task.due_date >= today:
            send = due.enabled and task.due_date <= today + datetime.timedelta(days=due.days)
            kind = TASK_DUE
        else:
            send = overdue.enabled and task.due_date <= today - datetime.timedelta(
                days=overdue.days
            )
            kind = TASK_OVERDUE
        if send:
            created += len(
                pair_notify(
                    pair=task.pair,
                    kind=kind,
                    recipients=[task.pair.mentee_user],
                    about=task.pk,
                )
            )

    phases = GoalPhase.objects.filter(
        goal__pair__published_at__isnull=False,
        goal__pair__status=Pair.Status.ACTIVE,
        goal__pair__program__status=Program.Status.ACTIVE,
        goal__selected=True,
        done_at__isnull=True,
        due_date__gte=today - LOOK_BACK,
        due_date__lt=today,
    )
    for phase in phases.select_related(
        "goal__pair__program", "goal__pair__mentor_user", "goal__pair__mentee_user"
    ):
        pair = phase.goal.pair
        overdue = step(pair.program_id, PHASE_OVERDUE)
        if not overdue.enabled or phase.due_date > today - datetime.timedelta(days=overdue.days):
            continue
        created += len(
            pair_notify(
                pair=pair,
                kind=PHASE_OVERDUE,
                recipients=[pair.mentor_user, pair.mentee_user],
                about=phase.pk,
            )
        )
    created += _pulses_and_midpoints(pairs, step, now)
    created += _concerns_waiting(now)
    created += training_reminders_create(now)
    created += welcomes_create(now)
    return created


def _pulses_and_midpoints(pairs, step, now: datetime.datetime) -> int:
    """The touchpoints of the running pairs that come with time alone: the pulse every some
    days after the pair was published, and the check-in past the middle of the program (to
    the pairs published before it), each once: the pulse's key holds its count, never the
    days, so a pulse moved after it ran is not sent again for the same count."""
    today = timezone.localdate(now)
    created = 0
    for pair in pairs:
        members = [pair.mentor_user, pair.mentee_user]
        pulse = step(pair.program_id, MONTHLY_PULSE)
        if pulse.enabled and (count := (now - pair.published_at).days // pulse.days) >= 1:
            created += len(
                pair_notify(
                    pair=pair,
                    kind=MONTHLY_PULSE,
                    recipients=members,
                    about=pair.pk,
                    period=str(count),
                )
            )
        program = pair.program
        midpoint = step(pair.program_id, MIDPOINT)
        middle = program.start_date + (program.end_date - program.start_date) / 2
        if (
            midpoint.enabled
            and middle + datetime.timedelta(days=midpoint.days) <= today <= program.end_date
            and timezone.localdate(pair.published_at) < middle
        ):
            created += len(pair_notify(pair=pair, kind=MIDPOINT, recipients=members, about=pair.pk))
    return created


CONCERN_ANSWER_WORKING_DAYS = 2


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days (Monday to Friday) after `start`, up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        days += day.weekday() < 5
    return days


def _concerns_waiting(now: datetime.datetime) -> int:
    """A concern nobody answered for two working days reminds the coordinators, once."""
    today = timezone.localdate(now)
    created = 0
    waiting = Concern.objects.filter(
        status=Concern.Status.OPEN,
        first_response_at__isnull=True,
        created_at__gte=now - LOOK_BACK,
        pair__program__status=Program.Status.ACTIVE,
    ).select_related("pair__program")
    for concern in waiting:
        since = timezone.localdate(concern.created_at)
        if working_days_between(since, today) >= CONCERN_ANSWER_WORKING_DAYS:
            created += len(
                notify(
                    kind="sessions.concern_waiting",
                    recipients=concern.pair.program.coordinators.all(),
                    about=concern.pk,
                    group=concern.pair.program.outbox_group,
                )
            )
    return created
