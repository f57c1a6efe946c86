"""Reads of phase 4: the phase's status for the dashboard, and the coordinator's table of
pairs with each pair's health."""

import datetime

from django.db.models import Avg, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Pair
from preparation.models import GoalPhase
from programs.models import Program
from programs.phases import Action, PhaseStatus

from .models import Concern, Meeting, Task


def phase_status(program: Program) -> PhaseStatus:
    """Phase 4, "Reunión regular": the pairs meet until the program's end date."""
    pairs = program.pairs.filter(published_at__isnull=False)
    held = Meeting.objects.filter(pair__in=pairs, status=Meeting.Status.HELD).count()
    planned = Meeting.objects.filter(
        pair__in=pairs, status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
    ).count()
    action = (
        Action(
            _("Follow the pairs' meetings"), reverse("sessions:pairs_overview", args=[program.pk])
        )
        if pairs.exists()
        else None
    )
    return PhaseStatus(
        number=4,
        is_done=pairs.exists() and program.end_date < timezone.localdate(),
        summary=_("Each pair meets regularly and logs its progress."),
        counts=[(_("Meetings held"), held), (_("Meetings planned"), planned)],
        steps=[
            _("Co-create the relationship: roles, schedule, place"),
            _("Set goals"),
            _("Share experiences, knowledge and advice"),
            _("Tasks and resources for the mentee"),
            _("Exchange and plan"),
        ],
        action=action,
    )


HEALTH_ON_TRACK = "on_track"
HEALTH_AT_RISK = "at_risk"
HEALTH_INACTIVE = "inactive"
HEALTH_PAUSED = "paused"
HEALTH_ENDED = "ended"
INACTIVE_GRACE_DAYS = 7
LOW_PULSE = 3


def _subquery(queryset, value):
    return Subquery(queryset.values(value)[:1])


def pairs_overview(program: Program, now=None):
    """Every published pair with its figures for the coordinator's table, in one query:
    each figure is a correlated subquery, so no join multiplies another."""
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
        program.pairs.filter(published_at__isnull=False)
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
            last_pulse=_subquery(meeting_pulses, "pulse"),
            previous_pulse=Subquery(meeting_pulses.values("pulse")[1:2]),
        )
        .order_by("mentor__full_name", "id")
    )


def pair_health(pair, program: Program, now=None) -> str:
    """Inactive: no meeting held (or planned) for longer than the cadence plus a grace
    period. At risk: a falling pulse (the last one lower than the one before, or below 3),
    an open concern, or an overdue goal phase. On track otherwise. A paused or ended pair is
    just that: nobody expects it to meet."""
    if pair.status == Pair.Status.PAUSED:
        return HEALTH_PAUSED
    if pair.status == Pair.Status.ENDED:
        return HEALTH_ENDED
    now = now or timezone.now()
    since = pair.last_meeting or pair.published_at
    limit = datetime.timedelta(days=program.meeting_cadence_days + INACTIVE_GRACE_DAYS)
    if pair.next_meeting is None and since < now - limit:
        return HEALTH_INACTIVE
    last, previous = pair.last_pulse, pair.previous_pulse
    falling = last is not None and (last < LOW_PULSE or (previous is not None and last < previous))
    if falling or pair.open_concerns or pair.phases_overdue:
        return HEALTH_AT_RISK
    return HEALTH_ON_TRACK


def meetings_expected(pair, program: Program, today=None) -> int:
    today = today or timezone.localdate()
    start = max(program.start_date, timezone.localdate(pair.published_at))
    return max((today - start).days // program.meeting_cadence_days, 0)
