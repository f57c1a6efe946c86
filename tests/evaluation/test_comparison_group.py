"""A comparison group: at the final evaluation the mentees accepted but left waiting for a
pair rate their skills again from a private link, and the results, the PDF and the export
set the paired mentees' change against theirs (a difference with Welch's interval), with a
caution about self-selection."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from documents.pdf import pdf_render
from evaluation import services
from evaluation.exports import comparison_table
from evaluation.models import ComparisonResponse, Evaluation
from evaluation.reports import program_report_html
from matching.models import SkillRating
from tests.evaluation.conftest import pdf_text
from tests.factories import CandidateFactory, published_pair

pytestmark = pytest.mark.django_db


def launch(program, coordinator, committed, comparison=True):
    with committed():
        return services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
            actor=coordinator,
            comparison=comparison,
        )


def waiting(program, n: int, role="mentee"):
    return [
        CandidateFactory(program=program, desired_role=role, status="accepted") for _ in range(n)
    ]


def test_the_mentees_left_waiting_are_asked_from_a_private_link(
    program, coordinator, pair, committed
):
    mentees = waiting(program, 2)
    waiting(program, 1, role="mentor")  # a surplus mentor: not a comparison for mentees
    erased = waiting(program, 1)[0]
    erased.anonymised_at = timezone.now()
    erased.save()
    evaluation = launch(program, coordinator, committed)
    asked = ComparisonResponse.objects.filter(evaluation=evaluation)
    assert {r.candidate_id for r in asked} == {m.pk for m in mentees}
    invitations = [m for m in mail.outbox if m.to[0] in {c.email for c in mentees}]
    assert len(invitations) == 2
    link = reverse("evaluation:comparison", args=[asked.first().token])
    assert any(link in m.body for m in invitations)
    assert "¿qué tal tus competencias digitales hoy?" in invitations[0].subject


def test_without_the_option_nobody_waiting_is_asked(program, coordinator, pair, committed):
    waiting(program, 2)
    launch(program, coordinator, committed, comparison=False)
    assert not ComparisonResponse.objects.exists()


def test_the_waiting_person_rates_the_skills_they_rated_when_they_applied(
    client, program, coordinator, pair, committed
):
    [person] = waiting(program, 1)
    SkillRating.objects.filter(candidate=person).exclude(
        skill__name__startswith="Hojas de cálculo"
    ).delete()
    evaluation = launch(program, coordinator, committed)
    response = ComparisonResponse.objects.get(evaluation=evaluation)
    url = reverse("evaluation:comparison", args=[response.token])
    page = client.get(url).content.decode()
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    assert "Tus competencias digitales hoy" in page and excel.name in page
    assert "Seguridad" not in page  # not rated when they applied
    missing = client.post(url, {})
    assert missing.status_code == 400 and "Faltan algunas respuestas" in missing.content.decode()
    response.refresh_from_db()
    assert response.submitted_at is None
    client.post(url, {f"skill_{excel.pk}": "3"})
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert list(response.levels.values_list("skill_id", "level")) == [(excel.pk, 3)]
    # Closed: read-only, and a late answer changes nothing.
    Evaluation.objects.filter(pk=evaluation.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "se cerró el" in client.get(url).content.decode()
    client.post(url, {f"skill_{excel.pk}": "5"})
    assert list(response.levels.values_list("level", flat=True)) == [3]


def test_a_wrong_or_erased_link_is_a_404(client, program, coordinator, pair, committed):
    [person] = waiting(program, 1)
    evaluation = launch(program, coordinator, committed)
    response = ComparisonResponse.objects.get(evaluation=evaluation)
    assert client.get(reverse("evaluation:comparison", args=["nope"])).status_code == 404
    person.anonymised_at = timezone.now()
    person.save()
    url = reverse("evaluation:comparison", args=[response.token])
    assert client.get(url).status_code == 404


def test_the_results_pdf_and_export_set_the_change_against_the_waiting_group(
    coordinator_client, program, coordinator, committed
):
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    pairs = [published_pair(program, f"Mentora {n}", f"Mentee {n}") for n in range(6)]
    people = waiting(program, 5)
    evaluation = launch(program, coordinator, committed)
    # Every rating was 2 at the application: the paired mentees reach 4 or 5, the waiting
    # people 2 or 3.
    for n, pair in enumerate(pairs):
        services.response_submit(
            response=evaluation.responses.get(respondent=pair.mentee_user),
            answers={"relationship": 4},
            goal_progress={},
            skill_levels={excel.pk: 4 + n % 2},
        )
    for n, person in enumerate(people):
        services.comparison_submit(
            response=ComparisonResponse.objects.get(candidate=person),
            levels={excel.pk: 2 + n % 2},
        )
    html = coordinator_client.get(reverse("evaluation:results", args=[program.pk])).content
    html = html.decode()
    assert "Frente a un grupo de comparación" in html
    assert "5 de los 5 mentees que quedaron a la espera" in html
    assert "no se eligieron al azar" in html

    header, rows = comparison_table(evaluation, anonymous=True)
    [row] = [row for row in rows if row[0] == excel.name]
    assert row[1:3] == [6, 5]
    assert row[3] == 2.5 and row[4] == 0.4 and row[5] == 2.1
    assert row[6] < 2.1 < row[7] and row[6] > 0  # a clear difference
    # Another competence: nobody changed it, and the waiting people answered only Excel.
    assert all(r[0] == excel.name for r in rows)

    content, _pages = pdf_render(program_report_html(program))
    text = pdf_text(content)
    assert "Frente a un grupo de comparación" in text and "+2,10" in text

    # In English too.
    coordinator_client.cookies["django_language"] = "en"
    english = coordinator_client.get(reverse("evaluation:results", args=[program.pk]))
    english = english.content.decode()
    assert "Against a comparison group" in english and "not chosen at random" in english
    assert "Attainment per learning objective" in english
