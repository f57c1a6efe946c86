"""Attainment per learning objective: the coordinator links each objective of the program
to the competences it develops, the pairs say which objective each goal serves, the final
questionnaire asks how far each was met; the results page, the PDF report and the export
show, per objective, its competences' change, its goals completed and those answers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.pdf import pdf_render
from evaluation import services
from evaluation.exports import objectives_table
from evaluation.models import ObjectiveAnswer
from evaluation.reports import program_report_html
from preparation.models import Goal, GoalPhase
from programs.services import program_update
from tests.evaluation.conftest import answers, pdf_text

pytestmark = pytest.mark.django_db


def objectives_url(program):
    return reverse("programs:objectives", args=[program.pk])


def goal(pair, objective, done: int, text="Usar el CRM a diario") -> Goal:
    """A selected goal of the mentee that serves this objective, with `done` of its three
    phases done."""
    made = Goal.objects.create(
        pair=pair,
        owner=Goal.Owner.MENTEE,
        date=timezone.localdate(),
        text=text,
        selected=True,
        priority=1,
        objective=objective,
    )
    for number in (1, 2, 3):
        GoalPhase.objects.create(
            goal=made,
            number=number,
            description=f"Fase {number}",
            due_date=timezone.localdate() + datetime.timedelta(days=number),
            done_at=timezone.now() if number <= done else None,
        )
    return made


def test_a_coordinator_links_each_objective_to_its_competences(coordinator_client, program):
    crm, slides = program.learning_objectives.all()
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    page = coordinator_client.get(objectives_url(program)).content.decode()
    assert "Usar el CRM con soltura" in page and excel.name in page
    response = coordinator_client.post(
        objectives_url(program), {f"objective_{slides.pk}": [str(excel.pk)]}, follow=True
    )
    assert "Guardado: los resultados muestran las competencias de cada objetivo." in (
        response.content.decode()
    )
    assert list(slides.skills.all()) == [excel] and not crm.skills.exists()
    # A competence of another program's catalogue is refused, and nothing changes.
    from tests.factories import ProgramFactory

    other = ProgramFactory().skills.first()
    refused = coordinator_client.post(objectives_url(program), {f"objective_{crm.pk}": [other.pk]})
    assert refused.status_code == 400 and not crm.skills.exists()


def test_only_the_programs_coordinators_link_objectives(
    client, program, other_coordinator, participant
):
    objective = program.learning_objectives.first()
    skill = program.skills.first()
    data = {f"objective_{objective.pk}": [skill.pk]}
    assert client.post(objectives_url(program), data).status_code == 302  # to the login
    client.force_login(other_coordinator)
    assert client.post(objectives_url(program), data).status_code == 404
    client.force_login(participant)
    assert client.post(objectives_url(program), data).status_code == 403
    assert not objective.skills.exists()


def test_editing_the_objectives_keeps_the_links_of_those_that_stay(coordinator, program, pair):
    crm, slides = program.learning_objectives.all()
    slides.skills.add(program.skills.first())
    served = goal(pair, crm, done=0)
    details = {
        field: getattr(program, field)
        for field in (
            "name",
            "focus",
            "general_objective",
            "start_date",
            "end_date",
            "meeting_cadence_days",
            "mentor_capacity",
            "language",
        )
    }
    # Swapped, and one new: both keep what they had.
    program_update(
        program=program,
        actor=coordinator,
        **details,
        coordinators=[coordinator],
        hr_contacts=[],
        learning_objectives=[slides.text, crm.text, "Videollamadas sin miedo"],
    )
    assert [o.text for o in program.learning_objectives.all()] == [
        slides.text,
        crm.text,
        "Videollamadas sin miedo",
    ]
    slides.refresh_from_db()
    assert slides.position == 1 and slides.skills.count() == 1
    served.refresh_from_db()
    assert served.objective_id == crm.pk
    # Removed: its goal serves none.
    program_update(
        program=program,
        actor=coordinator,
        **details,
        coordinators=[coordinator],
        hr_contacts=[],
        learning_objectives=[slides.text],
    )
    served.refresh_from_db()
    assert served.objective is None


def test_a_pair_says_which_objective_a_goal_serves(client, pair):
    crm = pair.program.learning_objectives.first()
    made = goal(pair, None, done=0)
    client.force_login(pair.mentee_user)
    url = reverse("preparation:goal", args=[pair.pk, made.pk])
    page = client.get(url).content.decode()
    assert "Objetivo de aprendizaje al que sirve" in page
    data = {
        "text": made.text,
        "objective": crm.pk,
        **dict.fromkeys(
            ("specific", "measurable", "achievable", "relevant", "time_bound"), "Algo concreto"
        ),
        **{f"phase{n}": f"Fase {n}" for n in (1, 2, 3)},
        **{
            f"due{n}": (timezone.localdate() + datetime.timedelta(days=n)).isoformat()
            for n in (1, 2, 3)
        },
    }
    client.post(url, data)
    made.refresh_from_db()
    assert made.objective == crm
    # An objective of another program is not a choice.
    from tests.factories import ProgramFactory

    foreign = ProgramFactory().learning_objectives.first()
    refused = client.post(url, {**data, "objective": foreign.pk})
    assert refused.status_code == 200 and "Escoja una opción válida" in refused.content.decode()
    made.refresh_from_db()
    assert made.objective == crm


def test_the_questionnaire_asks_how_far_each_objective_was_met(client, evaluation, pair):
    crm, slides = pair.program.learning_objectives.all()
    response = evaluation.responses.get(respondent=pair.mentee_user)
    url = reverse("evaluation:questionnaire", args=[response.pk])
    client.force_login(pair.mentee_user)
    page = client.get(url).content.decode()
    assert "¿Hasta qué punto se ha cumplido para ti cada objetivo de aprendizaje" in page
    skills = {f"skill_{s.pk}": "3" for s in pair.program.skills.all()}
    missing = client.post(url, answers(**skills, **{f"objective_{crm.pk}": "4"}))
    assert missing.status_code == 400 and not ObjectiveAnswer.objects.exists()
    client.post(
        url, answers(**skills, **{f"objective_{crm.pk}": "4", f"objective_{slides.pk}": "2"})
    )
    met = dict(ObjectiveAnswer.objects.values_list("objective__text", "met"))
    assert met == {crm.text: 4, slides.text: 2}


def test_the_results_pdf_and_export_show_each_objectives_attainment(
    coordinator_client, program, evaluation, pair, other_pair
):
    crm, slides = program.learning_objectives.all()
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    crm.skills.add(excel)
    goal(pair, crm, done=3)
    goal(other_pair, crm, done=1, text="Registrar cada visita")
    for member, met in ((pair.mentee_user, 5), (other_pair.mentee_user, 3)):
        services.response_submit(
            response=evaluation.responses.get(respondent=member),
            answers={"relationship": 5},
            goal_progress={},
            skill_levels={excel.pk: 4},
            objectives_met={crm.pk: met, slides.pk: 2},
        )
    page = coordinator_client.get(reverse("evaluation:results", args=[program.pk]))
    html = page.content.decode()
    assert "Logro por objetivo de aprendizaje" in html
    assert "Objetivos de las parejas que le sirven: 1 de 2 completados (50 %)" in html
    assert (
        "Cumplido, según los participantes: 4,0 de media; el 50 % dice que bastante o del todo (2 respuestas)"
        in html
    )
    # Two mentees reassessed the competence: too few for an interval, and it says so.
    assert f"{excel.name} (mentees): menos de 5 respuestas" in html

    header, rows = objectives_table(evaluation, anonymous=True)
    assert header[0] == "Objetivo de aprendizaje"
    assert rows[0][0] == crm.text and rows[0][2:] == [2, 1, 2, 4.0, 50]
    assert rows[1][0] == slides.text and rows[1][2:] == [0, 0, 2, 2.0, 0]

    content, _pages = pdf_render(program_report_html(program))
    text = pdf_text(content)
    assert "Logro por objetivo de aprendizaje" in text
    assert "1 de 2 completados (50 %)" in text
