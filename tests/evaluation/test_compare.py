"""Programs side by side: a coordinator compares the cohorts they run (a superuser every
program), with the figures, the charts and an Excel file; the page runs a fixed number of
queries however many programs and people it compares."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation import services
from evaluation.comparison import comparison_of
from evaluation.models import Evaluation
from matching.models import Pair, SkillRating
from programs.models import Skill
from sessions.models import Meeting
from tests.factories import CoordinatorFactory, ProgramFactory, published_pair

pytestmark = pytest.mark.django_db
URL = reverse("evaluation:compare")


def cohort(coordinator, year: int, pairs: int = 2, answered: bool = True):
    """A program of that year with its pairs, one meeting each, one ended early, and (if
    `answered`) the final evaluation answered by every mentee."""
    start = datetime.date(year, 1, 15)
    program = ProgramFactory(
        actor=coordinator,
        name=f"Mentoring inverso {year}",
        start_date=start,
        end_date=start + datetime.timedelta(weeks=24),
    )
    made = [
        published_pair(program, f"Mentora {year} {n}", f"Mentee {year} {n}") for n in range(pairs)
    ]
    for pair in made:
        Meeting.objects.create(pair=pair, starts_at=timezone.now(), status=Meeting.Status.HELD)
    Pair.objects.filter(pk=made[0].pk).update(status=Pair.Status.ENDED, end_reason="left")
    if answered:
        evaluation = Evaluation.objects.create(
            program=program,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate() + datetime.timedelta(days=5),
        )
        competence = program.skills.filter(kind=Skill.Kind.COMPETENCE).order_by("pk").first()
        for pair in made:
            response = evaluation.responses.create(
                respondent=pair.mentee_user, role="mentee", candidate=pair.mentee
            )
            SkillRating.objects.filter(candidate=pair.mentee, skill=competence).update(level=2)
            services.response_submit(
                response=response,
                answers={"relationship": 4, "meetings": 4, "organisation": 5},
                goal_progress={},
                skill_levels={competence.pk: 4},
            )
            evaluation.responses.create(respondent=pair.mentor_user, role="mentor")
    return program


def test_the_coordinators_programs_side_by_side(client, coordinator):
    older = cohort(coordinator, 2025, pairs=5)
    newer = cohort(coordinator, 2026, pairs=3, answered=False)
    small = cohort(coordinator, 2027, pairs=2)  # two answers: too few to show
    elsewhere = cohort(CoordinatorFactory(), 2024)
    client.force_login(coordinator)
    response = client.get(URL)
    page = response.content.decode()
    figures = {f.program.pk: f for f in response.context["comparison"].programs}
    assert set(figures) == {older.pk, newer.pk, small.pk}
    assert elsewhere.name not in page
    first = figures[older.pk]
    assert (first.pairs, first.ended_early, first.meetings_per_pair) == (5, 1, 1.0)
    assert (first.invited, first.answered) == (10, 5)
    assert first.satisfaction == pytest.approx((4 + 4 + 5) / 3)
    assert figures[newer.pk].evaluation is None and "sin evaluar" in page
    growth = response.context["comparison"].growth
    # The small program's competence is left out: its average is nearly a person's.
    assert [(g.program.pk, g.before, g.after, g.people) for g in growth] == [(older.pk, 2, 4, 5)]
    assert "Satisfacción (media, 1 muy baja – 5 muy alta)" in page
    # Three figures and one competence; no pair has goals, and that chart says so.
    assert page.count('<svg class="chart-svg"') == 4 and "Todavía no hay datos." in page


def test_a_superuser_compares_every_program(client, coordinator, superuser):
    cohort(coordinator, 2025, answered=False)
    cohort(CoordinatorFactory(), 2024, answered=False)
    client.force_login(superuser)
    assert len(client.get(URL).context["comparison"].programs) == 2


def test_the_programs_chosen_are_compared(client, coordinator):
    older = cohort(coordinator, 2025, answered=False)
    cohort(coordinator, 2026, answered=False)
    client.force_login(coordinator)
    response = client.get(URL, {"program": older.pk})
    assert [f.program for f in response.context["comparison"].programs] == [older]
    other = cohort(CoordinatorFactory(), 2024, answered=False)
    # Another coordinator's program is never compared, even when asked for.
    response = client.get(URL, {"program": other.pk})
    assert response.context["comparison"].programs == []
    assert "Elija los programas que quiere comparar." in response.content.decode()
    assert client.get(URL, {"program": "x"}).status_code == 400


def test_the_comparison_in_excel(client, coordinator):
    older = cohort(coordinator, 2025, pairs=5)
    client.force_login(coordinator)
    response = client.get(URL, {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Programas", "Competencias"]
    rows = list(workbook["Programas"].values)
    assert rows[1][0] == older.name and rows[1][4:7] == (5, 1, 5)
    competence = list(workbook["Competencias"].values)[1]
    assert competence[1:] == (older.name, 2025, 2, 4, 2, 5)


def test_outsiders_are_sent_to_log_in_or_refused(client, pair):
    assert client.get(URL).status_code == 302
    client.force_login(pair.mentor_user)
    assert client.get(URL).status_code in (302, 403)


def test_the_page_runs_a_fixed_number_of_queries(client, coordinator, django_assert_num_queries):
    cohort(coordinator, 2024, pairs=1)
    client.force_login(coordinator)
    with django_assert_num_queries(12):
        client.get(URL)
    for year in (2025, 2026, 2027):
        cohort(coordinator, year, pairs=4)
    with django_assert_num_queries(12):
        assert len(client.get(URL).context["comparison"].programs) == 4


def test_an_empty_comparison_draws_nothing():
    comparison = comparison_of([])
    assert comparison.programs == [] and comparison.growth == []
    assert all(chart.is_empty for chart in comparison.charts)


@pytest.mark.parametrize("value", [7.57, 64.2857, 2.25, 0.05, 4.0])
def test_a_chart_writes_a_figure_as_the_table_next_to_it_does(value):
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    from evaluation.results import one_decimal

    with translation.override("es"):
        assert one_decimal(value) == floatformat(value, 1)
