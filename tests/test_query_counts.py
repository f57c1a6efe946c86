"""Pages that list a program's people or a pair's history run a fixed number of queries,
whatever the size of the cohort or of the history (pinned at two sizes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services as evaluation_services
from preparation import services as preparation_services
from preparation.smart import SMART_FIELDS
from sessions import services as sessions_services
from sessions.models import Meeting, Pulse, Task
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def cohort(program, size: int) -> list:
    return [published_pair(program, f"Mentora {n} Ruiz", f"Mentee {n} Gil") for n in range(size)]


def history(pair, size: int) -> None:
    """`size` held meetings with pulses, tasks and goals with their phases."""
    now = timezone.now()
    for n in range(size):
        meeting = Meeting.objects.create(
            pair=pair,
            starts_at=now - datetime.timedelta(days=7 * (n + 1)),
            status=Meeting.Status.HELD,
            logged_at=now,
        )
        Pulse.objects.create(meeting=meeting, user=pair.mentee_user, rating=4)
        Task.objects.create(pair=pair, title=f"Tarea {n}")
    goals = preparation_services.goals_brainstorm(
        pair=pair, owner="mentee", texts=[f"Objetivo {n}" for n in range(size)]
    )
    preparation_services.goals_prioritise(
        pair=pair, choices={goal.pk: n for n, goal in enumerate(goals, start=1)}
    )
    for goal in goals:
        preparation_services.goal_make_smart(
            goal=goal,
            text=goal.text,
            smart=dict.fromkeys(SMART_FIELDS, "x"),
            phases=[
                preparation_services.PhasePlan(n, f"Fase {n}", timezone.localdate())
                for n in (1, 2, 3)
            ],
        )


def coordinator_page(name: str):
    def url(program, pairs):
        return reverse(name, args=[program.pk])

    return url


PAGES = {
    # page: (how to reach it, who asks, the fixed number of queries)
    "dashboard": (coordinator_page("program_dashboard"), "coordinator", 30),
    "reports": (coordinator_page("evaluation:reports"), "coordinator", 7),
    "welcome": (coordinator_page("preparation:welcome"), "coordinator", 10),
    "preparation": (coordinator_page("preparation:overview"), "coordinator", 9),
    "participant_home": (lambda program, pairs: reverse("participant_home"), "mentor", 13),
    "workspace": (
        lambda program, pairs: reverse("sessions:workspace", args=[pairs[0].pk]),
        "mentor",
        11,
    ),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("size", [2, 6])
def test_pages_run_a_fixed_number_of_queries(
    client, program, coordinator, page, size, django_assert_num_queries
):
    pairs = cohort(program, size)
    for pair in pairs:
        history(pair, size)
    sessions_services.agreement_save(
        pair=pairs[0],
        user=pairs[0].mentor_user,
        roles="-",
        schedule="-",
        place="",
        video_link="",
        confidentiality="-",
    )
    preparation_services.welcome_send(program=program, actor=coordinator)
    evaluation_services.evaluation_launch(
        program=program,
        kind="final",
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        actor=coordinator,
    )
    url, who, queries = PAGES[page]
    client.force_login(coordinator if who == "coordinator" else pairs[0].mentor_user)
    with django_assert_num_queries(queries):
        response = client.get(url(program, pairs))
    assert response.status_code == 200
