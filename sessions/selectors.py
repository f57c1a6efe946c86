"""Reads of phases 3 and 4: who may see a pair, and each phase's status for the dashboard."""

import datetime

from django.db.models import Avg, Count, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import Pair
from programs.models import Program
from programs.phases import Action, PhaseStatus
from programs.selectors import programs_for_user

from .models import Concern, Goal, GoalPhase, Meeting, Notification, Task, TrainingCompletion
from .training import MENTOR_MODULES


def get_pair_for_user(user: User, pk: int) -> tuple[Pair, bool]:
    """A published pair and whether this person may edit it: its members edit, the
    program's coordinators read, anyone else gets 404."""
    pair = (
        Pair.objects.select_related("program", "mentor", "mentee", "mentor_user", "mentee_user")
        .filter(published_at__isnull=False, pk=pk)
        .first()
    )
    if pair is None or not user.is_authenticated:
        raise Http404
    if user.pk in (pair.mentor_user_id, pair.mentee_user_id):
        return pair, True
    if programs_for_user(user).filter(pk=pair.program_id).exists():
        return pair, False
    raise Http404


def user_programs_as_participant(user: User):
    return Program.objects.filter(
        Q(pairs__mentor_user=user) | Q(pairs__mentee_user=user), pairs__published_at__isnull=False
    ).distinct()


def mentor_trained(program: Program, user: User | None) -> bool:
    if user is None:
        return False
    done = set(
        TrainingCompletion.objects.filter(program=program, user=user).values_list(
            "module", flat=True
        )
    )
    return set(MENTOR_MODULES) <= done


def pair_may_plan_meetings(pair: Pair) -> bool:
    """The training gate: when the program asks for it, a pair plans its first meeting only
    once its mentor has completed the mentor modules."""
    guide = getattr(pair.program, "guide", None)
    if guide is None or not guide.training_required:
        return True
    return mentor_trained(pair.program, pair.mentor_user)


def preparation_phase_status(program: Program) -> PhaseStatus:
    """Phase 3, "Prepararse para empezar": done once every pair has SMART goals with their
    three phases (the worksheet), after the welcome."""
    pairs = program.pairs.filter(published_at__isnull=False)
    total = pairs.count()
    welcomed = Notification.objects.filter(
        program=program, kind=Notification.Kind.WELCOME, status=Notification.Status.SENT
    ).count()
    with_goals = (
        pairs.annotate(
            ready=Count("goals", filter=Q(goals__selected=True, goals__owner=Goal.Owner.MENTEE))
        )
        .filter(ready__gt=0)
        .count()
    )
    trained = TrainingCompletion.objects.filter(program=program).values("user").distinct().count()
    welcome_url = reverse("sessions:welcome", args=[program.pk])
    if not total:
        action = None
    elif not welcomed:
        action = Action(_("Send the welcome communications"), welcome_url)
    else:
        action = Action(
            _("Follow the preparation"), reverse("sessions:preparation", args=[program.pk])
        )
    return PhaseStatus(
        number=3,
        is_done=bool(total) and with_goals == total,
        summary=_("Welcome communications, principles, mentor training and SMART goals."),
        counts=[
            (_("Welcome emails sent"), welcomed),
            (_("People with training"), trained),
            (_("Pairs with goals"), f"{with_goals} / {total}"),
        ],
        steps=[
            _("Send the welcome communications"),
            _("Share the principles of reverse mentoring"),
            _("Share the general objective and the instructions to begin"),
            _("Set the mentoring goals with the goal-setting framework"),
            _("Give the mentors a basic training"),
        ],
        action=action,
    )


def meetings_phase_status(program: Program) -> PhaseStatus:
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
    an open concern, or an overdue goal phase. On track otherwise."""
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
