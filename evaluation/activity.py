"""A program's activity over time, for its dashboard and results page: the funnel of its
people (applied → accepted → paired → first meeting → goals set → questionnaire answered)
and, week by week, the meetings held, the average pulse and the pairs at risk or inactive.
Read in six queries and kept until the program's data changes (see programs.freshness);
drawn with the results' own chart code."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from matching.models import Candidate, CandidateStatusChange, Pair
from preparation.models import Goal
from programs.freshness import kept
from programs.models import Program
from sessions.models import HealthChange, Meeting, Pulse
from sessions.selectors import HEALTH_AT_RISK, HEALTH_INACTIVE

from . import charts
from .models import Evaluation, Response

MAX_WEEKS = 26
STAGES = ("applied", "accepted", "paired", "met", "goals", "answered")


@dataclass(frozen=True)
class Activity:
    funnel: dict[str, int]  # people at each of STAGES
    weeks: list[datetime.date]  # the Monday of each week shown, oldest first
    meetings: list[int]  # meetings held in each week
    pulse: list[float | None]  # the average pulse given at the week's meetings
    at_risk: list[int]  # pairs at risk or inactive at the end of each week


def program_activity(program: Program) -> Activity:
    return kept("activity", [program], lambda programs: {program.pk: _activity(program)})[
        program.pk
    ]


def _activity(program: Program, now: datetime.datetime | None = None) -> Activity:
    now = now or timezone.now()
    candidates = program.candidates.aggregate(
        applied=Count("id"),
        accepted=Count(
            "id",
            filter=Q(status__in=(Candidate.Status.ACCEPTED, Candidate.Status.LEFT))
            | Q(
                Exists(
                    CandidateStatusChange.objects.filter(
                        candidate=OuterRef("pk"), to_status=Candidate.Status.ACCEPTED
                    )
                )
            ),
        ),
    )
    paired, met, goals = set(), set(), set()
    pairs = (
        Pair.objects.filter(program=program, published_at__isnull=False)
        .annotate(
            has_met=Exists(Meeting.objects.filter(pair=OuterRef("pk"), status=Meeting.Status.HELD)),
            has_goals=Exists(
                Goal.objects.filter(pair=OuterRef("pk"), selected=True, owner=Goal.Owner.MENTEE)
            ),
        )
        .values_list("mentor_id", "mentee_id", "has_met", "has_goals")
    )
    for mentor, mentee, has_met, has_goals in pairs:
        paired |= {mentor, mentee}
        if has_met:
            met |= {mentor, mentee}
        if has_goals:
            goals |= {mentor, mentee}
    answered = (
        Response.objects.filter(
            evaluation__program=program,
            evaluation__kind=Evaluation.Kind.FINAL,
            submitted_at__isnull=False,
        )
        .values("respondent")
        .distinct()
        .count()
    )
    funnel = {
        "applied": candidates["applied"],
        "accepted": candidates["accepted"],
        "paired": len(paired),
        "met": len(met),
        "goals": len(goals),
        "answered": answered,
    }

    today = timezone.localdate(now)
    last = min(today, program.end_date)
    first = max(program.start_date, last - datetime.timedelta(weeks=MAX_WEEKS - 1))
    start = first - datetime.timedelta(days=first.weekday())
    weeks = (
        [start + datetime.timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]
        if first <= last
        else []
    )

    def week_of(moment: datetime.datetime) -> int | None:
        index = (timezone.localdate(moment) - start).days // 7
        return index if 0 <= index < len(weeks) else None

    meetings = [0] * len(weeks)
    for starts_at in Meeting.objects.filter(
        pair__program=program, status=Meeting.Status.HELD, starts_at__lte=now
    ).values_list("starts_at", flat=True):
        if (index := week_of(starts_at)) is not None:
            meetings[index] += 1
    ratings: list[list[int]] = [[] for _week in weeks]
    for starts_at, rating in Pulse.objects.filter(meeting__pair__program=program).values_list(
        "meeting__starts_at", "rating"
    ):
        if (index := week_of(starts_at)) is not None:
            ratings[index].append(rating)
    at_risk = [0] * len(weeks)
    ends = [
        timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
        + datetime.timedelta(weeks=1)
        for monday in weeks
    ]
    health: dict[int, list[tuple[datetime.datetime, str]]] = {}
    for pair_id, recorded_at, state in (
        HealthChange.objects.filter(pair__program=program)
        .order_by("pair_id", "recorded_at", "pk")
        .values_list("pair_id", "recorded_at", "health")
    ):
        health.setdefault(pair_id, []).append((recorded_at, state))
    for changes in health.values():
        for index, end in enumerate(ends):
            before = [state for recorded_at, state in changes if recorded_at < end]
            if before and before[-1] in (HEALTH_AT_RISK, HEALTH_INACTIVE):
                at_risk[index] += 1
    return Activity(
        funnel=funnel,
        weeks=weeks,
        meetings=meetings,
        pulse=[round(sum(r) / len(r), 2) if r else None for r in ratings],
        at_risk=at_risk,
    )


def stage_labels() -> dict[str, str]:
    return {
        "applied": pgettext("funnel", "Applied"),
        "accepted": pgettext("funnel", "Accepted"),
        "paired": _("In a published pair"),
        "met": _("Held a first meeting"),
        "goals": _("Set their SMART goals"),
        "answered": _("Answered the final questionnaire"),
    }


def activity_charts(activity: Activity) -> list[charts.Chart]:
    """The funnel and the three weekly charts, in the active language."""

    def whole(value: float) -> str:
        return number_format(value, 0)

    labels = stage_labels()
    week_labels = [date_format(monday, "j M") for monday in activity.weeks]
    return [
        charts.bar_chart(
            _("From applying to answering: people at each step"),
            [(labels[stage], activity.funnel[stage]) for stage in STAGES],
            maximum=activity.funnel["applied"] or None,
            number=whole,
        ),
        charts.histogram_chart(
            _("Meetings held per week"),
            activity.meetings,
            x_label=_("week starting"),
            y_label=_("meetings"),
            labels=week_labels,
        ),
        charts.histogram_chart(
            _("Average pulse per week (1 to 5)"),
            [value or 0 for value in activity.pulse],
            x_label=_("week starting"),
            y_label=_("pulse"),
            labels=week_labels,
            maximum=5,
            number=lambda value: number_format(value, 1) if value else "",
        ),
        charts.histogram_chart(
            _("Pairs at risk or inactive at the end of each week"),
            activity.at_risk,
            x_label=_("week starting"),
            y_label=_("pairs"),
            labels=week_labels,
        ),
    ]
