"""A program's activity over time: the funnel of its people and, week by week, meetings
held, the average pulse and the pairs at risk, as the dashboard and results draw them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.activity import _activity, activity_charts
from preparation.models import Goal
from sessions.models import HealthChange, Meeting, Pulse
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_funnel_counts_people_at_each_step(program, pair, other_pair, coordinator):
    CandidateFactory(program=program, status="applied")
    CandidateFactory(program=program, status="withdrawn")
    now = timezone.now()
    Meeting.objects.create(pair=pair, starts_at=now - datetime.timedelta(days=1), status="held")
    Goal.objects.create(
        pair=other_pair, owner="mentee", date=timezone.localdate(), text="CRM", selected=True
    )
    funnel = _activity(program).funnel
    # Six people applied; the four of the two pairs were accepted and paired; one pair met,
    # the other set its goals; nobody has answered a final questionnaire.
    assert funnel == {
        "applied": 6,
        "accepted": 4,
        "paired": 4,
        "met": 2,
        "goals": 2,
        "answered": 0,
    }


def test_weeks_count_meetings_pulses_and_pairs_at_risk(program, pair, other_pair):
    today = timezone.localdate()
    program.start_date = today - datetime.timedelta(days=20)
    program.save()
    now = timezone.now()
    earlier = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=7), status="held"
    )
    Pulse.objects.create(meeting=earlier, user=pair.mentor_user, rating=4)
    Pulse.objects.create(meeting=earlier, user=pair.mentee_user, rating=2)
    Meeting.objects.create(pair=other_pair, starts_at=now, status="held")
    Meeting.objects.create(pair=pair, starts_at=now + datetime.timedelta(days=1))  # planned
    HealthChange.objects.create(
        pair=pair, health="at_risk", recorded_at=now - datetime.timedelta(days=15)
    )
    HealthChange.objects.create(
        pair=pair, health="on_track", recorded_at=now - datetime.timedelta(days=1)
    )
    activity = _activity(program, now)
    start = program.start_date - datetime.timedelta(days=program.start_date.weekday())
    assert activity.weeks[0] == start and activity.weeks[-1] == today - datetime.timedelta(
        days=today.weekday()
    )
    week = {monday: index for index, monday in enumerate(activity.weeks)}

    def index(day):
        return week[day - datetime.timedelta(days=day.weekday())]

    this, last = index(today), index(today - datetime.timedelta(days=7))
    assert activity.meetings[this] == 1 and activity.meetings[last] == 1
    assert sum(activity.meetings) == 2  # the planned one is not counted
    assert activity.pulse[last] == 3.0 and activity.pulse[this] is None
    at_risk_from = index(today - datetime.timedelta(days=15))
    assert activity.at_risk[at_risk_from] == 1
    assert activity.at_risk[this] == 0  # back on track before the week's end


def test_the_dashboard_and_results_draw_it(coordinator_client, program, pair):
    page = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
    html = page.content.decode()
    assert "Actividad a lo largo del tiempo" in html
    assert "De la candidatura a la respuesta: personas en cada paso" in html
    # The funnel's description lists every step with its figure, for screen readers.
    assert "Presentaron su candidatura: 2; Aceptadas: 2; En una pareja publicada: 2" in html


def test_charts_of_a_program_that_has_not_started_are_empty_but_the_funnel(program):
    program.start_date = timezone.localdate() + datetime.timedelta(days=30)
    program.end_date = program.start_date + datetime.timedelta(weeks=20)
    program.save()
    funnel, *weekly = activity_charts(_activity(program))
    assert all(chart.is_empty for chart in weekly)
