"""What is due: the reminders of the meetings phase, found in the database by the scan."""

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from matching.models import Pair
from notifications.services import notify
from preparation.models import GoalPhase
from programs.models import Program

from .models import Concern, Meeting, Task
from .selectors import INACTIVE_GRACE_DAYS
from .services import pair_notify

NOT_LOGGED_AFTER = datetime.timedelta(days=2)
TASK_DUE_SOON_DAYS = 2
# How far back the scan looks: older things were reminded about already (or never will be).
LOOK_BACK = datetime.timedelta(days=30)


@transaction.atomic
def reminders_create(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    today = timezone.localdate(now)
    tomorrow = today + datetime.timedelta(days=1)
    created = 0
    published = Q(
        pair__published_at__isnull=False,
        pair__status=Pair.Status.ACTIVE,
        pair__program__status=Program.Status.ACTIVE,
        pair__program__end_date__gte=today - LOOK_BACK,
    )
    related = ("pair__program", "pair__mentor_user", "pair__mentee_user")

    due_meetings = Meeting.objects.filter(
        published,
        status=Meeting.Status.PLANNED,
        starts_at__gte=now - LOOK_BACK,
        starts_at__lt=now + datetime.timedelta(days=2),
    )
    for meeting in due_meetings.select_related(*related):
        pair = meeting.pair
        local_day = timezone.localdate(meeting.starts_at)
        if local_day == tomorrow:
            created += len(
                pair_notify(
                    pair=pair,
                    kind="sessions.meeting_tomorrow",
                    recipients=[pair.mentor_user, pair.mentee_user],
                    about=meeting.pk,
                )
            )
        elif meeting.starts_at < now - NOT_LOGGED_AFTER:
            created += len(
                pair_notify(
                    pair=pair,
                    kind="sessions.meeting_not_logged",
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
        since = pair.last_held or pair.published_at
        limit = datetime.timedelta(days=pair.program.meeting_cadence_days + INACTIVE_GRACE_DAYS)
        if pair.next_planned is None and since < now - limit and pair.program.end_date >= today:
            created += len(
                pair_notify(
                    pair=pair,
                    kind="sessions.pair_inactive",
                    recipients=[pair.mentor_user, pair.mentee_user],
                    about=pair.pk,
                    period=week,
                )
            )

    for task in Task.objects.filter(
        published,
        status=Task.Status.OPEN,
        due_date__gte=today - LOOK_BACK,
        due_date__lte=today + datetime.timedelta(days=TASK_DUE_SOON_DAYS),
    ).select_related(*related):
        kind = "sessions.task_overdue" if task.due_date < today else "sessions.task_due"
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
        created += len(
            pair_notify(
                pair=pair,
                kind="sessions.phase_overdue",
                recipients=[pair.mentor_user, pair.mentee_user],
                about=phase.pk,
            )
        )
    created += _concerns_waiting(now)
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
