import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Evaluation, Interview, Report, Response
from preparation.models import Goal
from programs.models import Program
from tests.evaluation.conftest import answers
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


# Who may see what


@pytest.mark.parametrize("name", ["overview", "results", "reports"])
def test_coordinator_pages_are_for_the_programs_coordinators(
    client, program, coordinator, other_coordinator, pair, name
):
    url = reverse(f"evaluation:{name}", args=[program.pk])
    assert _login(client, coordinator).get(url).status_code == 200
    assert _login(client, other_coordinator).get(url).status_code == 404
    assert _login(client, pair.mentor_user).get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_questionnaire_is_seen_by_its_respondent_only(
    client, evaluation, pair, other_pair, coordinator
):
    mine = evaluation.responses.get(respondent=pair.mentee_user)
    url = reverse("evaluation:questionnaire", args=[mine.pk])
    assert _login(client, pair.mentee_user).get(url).status_code == 200
    assert _login(client, pair.mentor_user).get(url).status_code == 404  # the partner
    assert _login(client, other_pair.mentor_user).get(url).status_code == 404  # another pair
    assert _login(client, coordinator).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# Launching


def test_the_coordinator_launches_the_final_evaluation(
    coordinator_client, program, pair, mailoutbox, django_capture_on_commit_callbacks
):
    closes = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("evaluation:launch", args=[program.pk]),
            {"kind": "final", "closes_on": closes.isoformat()},
            follow=True,
        )
    assert response.status_code == 200
    evaluation = program.evaluations.get()
    assert (evaluation.kind, evaluation.closes_on) == ("final", closes)
    assert evaluation.responses.count() == 2
    assert len(mailoutbox) == 2
    assert "se ha invitado a 2 participantes" in response.getvalue().decode()
    # The launch form now offers only the mid-program check-in.
    assert 'value="final"' not in response.getvalue().decode()


def test_a_launch_with_a_past_date_re_renders_with_the_error_and_saves_nothing(
    coordinator_client, program, pair
):
    response = coordinator_client.post(
        reverse("evaluation:launch", args=[program.pk]),
        {"kind": "final", "closes_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "La fecha de cierre no puede estar en el pasado." in response.getvalue().decode()
    assert not Evaluation.objects.exists()


def test_launch_is_post_only(coordinator_client, program):
    assert (
        coordinator_client.get(reverse("evaluation:launch", args=[program.pk])).status_code == 405
    )


# Answering


def _goal(pair):
    return Goal.objects.create(
        pair=pair,
        owner=Goal.Owner.MENTEE,
        date=timezone.localdate(),
        text="Usar el CRM",
        selected=True,
        priority=1,
    )


def test_a_mentee_answers_the_questionnaire(client, evaluation, pair):
    goal = _goal(pair)
    response = evaluation.responses.get(respondent=pair.mentee_user)
    url = reverse("evaluation:questionnaire", args=[response.pk])
    _login(client, pair.mentee_user)
    page = client.get(url).content.decode()
    assert "¿Cuál es tu grado de satisfacción con la relación con tu mentor?" in page
    assert "Usar el CRM" in page
    skills = list(pair.program.skills.all())
    objectives = {f"objective_{o.pk}": "4" for o in pair.program.learning_objectives.all()}
    data = answers(
        **{f"goal_{goal.pk}": "4"}, **{f"skill_{s.pk}": "3" for s in skills}, **objectives
    )
    result = client.post(url, data, follow=True)
    assert "¡Gracias! Tus respuestas se han guardado." in result.getvalue().decode()
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert (response.relationship, response.recommend, response.needs) == (5, 5, "Power BI")
    assert response.goal_progress.get().progress == 4
    assert response.skill_levels.count() == len(skills)
    # Coming back shows the answers, which can be changed.
    again = client.get(url).content.decode()
    assert "Actualizar mis respuestas" in again
    assert "Power BI" in again


def test_a_mentor_sees_the_mentor_variant(client, evaluation, pair):
    response = evaluation.responses.get(respondent=pair.mentor_user)
    page = (
        _login(client, pair.mentor_user)
        .get(reverse("evaluation:questionnaire", args=[response.pk]))
        .content.decode()
    )
    assert "¿Cuál es tu grado de satisfacción con la relación con tu mentee?" in page
    assert "¿Qué has aprendido de tu mentee?" in page


def test_missing_answers_re_render_with_errors_and_save_nothing(client, evaluation, pair):
    response = evaluation.responses.get(respondent=pair.mentee_user)
    url = reverse("evaluation:questionnaire", args=[response.pk])
    result = _login(client, pair.mentee_user).post(url, answers(relationship=""))
    assert result.status_code == 400
    content = result.getvalue().decode()
    assert "Faltan algunas respuestas" in content
    assert "Elige una respuesta." in content
    assert 'value="Power BI"' in content or "Power BI" in content  # what was typed stays
    response.refresh_from_db()
    assert response.submitted_at is None


def test_a_closed_questionnaire_is_read_only(client, evaluation, pair):
    Evaluation.objects.filter(pk=evaluation.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = evaluation.responses.get(respondent=pair.mentee_user)
    url = reverse("evaluation:questionnaire", args=[response.pk])
    _login(client, pair.mentee_user)
    assert "se cerró el" in client.get(url).content.decode()
    client.post(url, answers())
    response.refresh_from_db()
    assert response.submitted_at is None


def test_the_participant_start_page_lists_the_questionnaire(client, evaluation, pair):
    response = evaluation.responses.get(respondent=pair.mentee_user)
    page = _login(client, pair.mentee_user).get(reverse("participant_home")).content.decode()
    assert reverse("evaluation:questionnaire", args=[response.pk]) in page
    assert "responde al cuestionario antes del" in page


# Interviews and results


def test_the_coordinator_writes_interview_notes(coordinator_client, program, evaluation, pair):
    url = reverse("evaluation:interview", args=[program.pk, pair.mentee_user.pk])
    invalid = coordinator_client.post(url, {"held_on": "", "notes": ""})
    assert invalid.status_code == 400
    assert not Interview.objects.exists()
    coordinator_client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "notes": "Muy contenta",
            "highlight": "«Me ha cambiado»",
        },
    )
    interview = Interview.objects.get()
    assert (interview.participant, interview.notes) == (pair.mentee_user, "Muy contenta")
    results = coordinator_client.get(reverse("evaluation:results", args=[program.pk]))
    assert "«Me ha cambiado»" in results.content.decode()


def test_interviews_are_only_for_the_programs_participants(
    client, program, evaluation, other_coordinator, coordinator
):
    stranger = published_pair(Program.objects.get(name="Planta de Zaragoza"))
    url = reverse("evaluation:interview", args=[program.pk, stranger.mentee_user.pk])
    assert _login(client, coordinator).get(url).status_code == 404
    own = reverse(
        "evaluation:interview", args=[program.pk, evaluation.responses.first().respondent_id]
    )
    assert _login(client, other_coordinator).get(own).status_code == 404


def test_results_show_the_figures_and_charts(coordinator_client, program, evaluation, pair):
    services.response_submit(
        response=evaluation.responses.get(respondent=pair.mentee_user),
        answers={"relationship": 5, "comments": "Me encantó"},
        goal_progress={},
        skill_levels={program.skills.first().pk: 4},
    )
    page = coordinator_client.get(reverse("evaluation:results", args=[program.pk])).content.decode()
    assert "1/4" in page.replace(" ", "")
    assert "25 %" in page
    # Satisfaction and meetings, and the program's funnel (its activity over time); the
    # one mentee's skills are not drawn: too few to stay anonymous.
    assert page.count('<svg class="chart-svg"') == 2 + 1
    assert "Todos los grupos que han vuelto a valorar sus habilidades tienen menos de 5" in page
    assert "Grado de satisfacción (1 muy bajo – 5 muy alto)" in page
    assert "Me encantó" in page
    assert "Citar en el informe" in page


def test_choosing_a_comment_to_quote(coordinator_client, program, evaluation, pair):
    response = evaluation.responses.get(respondent=pair.mentee_user)
    services.response_submit(
        response=response, answers={"comments": "Genial"}, goal_progress={}, skill_levels={}
    )
    url = reverse("evaluation:comment_select", args=[program.pk, response.pk])
    assert coordinator_client.get(url).status_code == 405
    coordinator_client.post(url, {"selected": "1"})
    response.refresh_from_db()
    assert response.comment_selected


# Drawn again after a change of the answers; kept until the next change: session, user,
# program and its questionnaires (which one the page shows).
COMPUTED, CACHED = 28, 4


def test_results_page_queries_do_not_grow_with_the_program(
    coordinator_client, program, evaluation, django_assert_num_queries
):
    url = reverse("evaluation:results", args=[program.pk])

    def answer_all():
        for response in Response.objects.filter(evaluation=evaluation, submitted_at__isnull=True):
            services.response_submit(
                response=response,
                answers={"relationship": 4, "comments": "Bien"},
                goal_progress={},
                skill_levels={s.pk: 3 for s in program.skills.all()},
            )

    answer_all()
    # Computed once per change of the answers, then read from the cache.
    with django_assert_num_queries(COMPUTED):
        coordinator_client.get(url)
    with django_assert_num_queries(CACHED):
        coordinator_client.get(url)
    for n in range(5):
        pair = published_pair(program, f"Mentor {n}", f"Mentee {n}")
        for user, role, candidate in (
            (pair.mentor_user, "mentor", pair.mentor),
            (pair.mentee_user, "mentee", pair.mentee),
        ):
            Response.objects.create(
                evaluation=evaluation, respondent=user, role=role, candidate=candidate
            )
    answer_all()
    with django_assert_num_queries(COMPUTED):
        assert "<strong>14 / 14</strong>" in coordinator_client.get(url).content.decode()
    with django_assert_num_queries(CACHED):
        coordinator_client.get(url)


def test_overview_queries_do_not_grow_with_the_program(
    coordinator_client, program, evaluation, django_assert_num_queries
):
    url = reverse("evaluation:overview", args=[program.pk])
    coordinator_client.get(url)
    with django_assert_num_queries(7) as small:
        coordinator_client.get(url)
    for n in range(5):
        pair = published_pair(program, f"Mentor {n}", f"Mentee {n}")
        Response.objects.create(evaluation=evaluation, respondent=pair.mentee_user, role="mentee")
    with django_assert_num_queries(len(small.captured_queries)):
        coordinator_client.get(url)


# Reports


def test_the_coordinator_builds_and_downloads_the_report(
    coordinator_client, program, evaluation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = coordinator_client.post(
            reverse("evaluation:report_request", args=[program.pk]), follow=True
        )
    # The task runs once the request's transaction commits: the page said it is under way.
    assert "El informe se está preparando." in result.getvalue().decode()
    report = Report.objects.get(program=program, pair=None)
    assert report.status == Report.Status.READY
    page = coordinator_client.get(reverse("evaluation:reports", args=[program.pk]))
    assert "Descargar el PDF" in page.getvalue().decode()
    download = coordinator_client.get(
        reverse("evaluation:report_download", args=[program.pk, report.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "transformacion-digital.pdf" in download["Content-Disposition"]


def test_only_the_programs_coordinators_download_a_report(
    client,
    program,
    evaluation,
    coordinator,
    other_coordinator,
    pair,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(program=program, actor=coordinator)
    url = reverse("evaluation:report_download", args=[program.pk, report.pk])
    assert _login(client, other_coordinator).get(url).status_code == 404
    assert _login(client, pair.mentor_user).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_report_waiting_shows_its_progress_and_refreshes(
    coordinator_client, program, evaluation, coordinator
):
    Report.objects.create(
        program=program,
        status=Report.Status.RUNNING,
        requested_at=timezone.now(),
        started_at=timezone.now(),
        claimed_until=timezone.now() + datetime.timedelta(minutes=5),
    )
    page = coordinator_client.get(reverse("evaluation:reports", args=[program.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "En curso" in page
    assert "Descargar el PDF" not in page


def test_a_failed_report_says_why(coordinator_client, program, evaluation):
    Report.objects.create(
        program=program,
        status=Report.Status.FAILED,
        error="OSError: disk full",
        requested_at=timezone.now(),
    )
    page = coordinator_client.get(reverse("evaluation:reports", args=[program.pk])).content.decode()
    assert "OSError: disk full" in page
    assert 'http-equiv="refresh"' not in page


def test_the_program_report_needs_a_launched_evaluation(coordinator_client, program, pair):
    result = coordinator_client.post(
        reverse("evaluation:report_request", args=[program.pk]), follow=True
    )
    assert "Lance primero la evaluación" in result.getvalue().decode()
    assert not Report.objects.exists()


def test_a_pair_report_is_built_for_a_pair_of_the_program_only(
    coordinator_client,
    program,
    evaluation,
    pair,
    other_coordinator,
    django_capture_on_commit_callbacks,
):
    url = reverse("evaluation:report_request", args=[program.pk])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"pair": pair.pk})
    assert Report.objects.get(pair=pair).status == Report.Status.READY
    foreign = published_pair(
        Program.objects.get(name="Planta de Zaragoza"), "Otro Mentor", "Otra Mentee"
    )
    assert coordinator_client.post(url, {"pair": foreign.pk}).status_code == 404


def test_a_participant_reading_english_rates_skills_named_in_english(client, evaluation, pair):
    response = evaluation.responses.get(respondent=pair.mentee_user)
    _login(client, pair.mentee_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("evaluation:questionnaire", args=[response.pk])).content.decode()
    assert "Spreadsheets (Excel, Google Sheets)" in page and "Hojas de cálculo" not in page
    assert "Not written in your language yet" not in page


def test_someone_with_both_roles_is_counted_once_and_said_to_be_in_both_groups(
    coordinator_client, program, coordinator, pair, django_capture_on_commit_callbacks
):
    published_pair(program, "Hugo Mentor", "Lucía como mentee", mentee_user=pair.mentor_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
            actor=coordinator,
        )
    page = coordinator_client.get(reverse("evaluation:results", args=[program.pk])).content.decode()
    figures = page.replace(" ", "")
    # Three people: two mentors and two mentees, one of them in both.
    assert "0/3" in figures and figures.count("0/2") == 2
    assert "1 persona es a la vez mentor y mentee" in page


def test_results_say_whether_people_changed_with_an_interval(
    coordinator_client, program, coordinator, django_capture_on_commit_callbacks
):
    """Six mentees rated "Seguridad" 1 or 2 when they applied and 3 or 4 at the end: the
    page gives the mean change with its 95 % interval and effect size; the mentors, fewer
    than five, get no interval."""
    from matching.models import SkillRating
    from tests.factories import published_pair

    pairs = [published_pair(program, f"Mentor {n}", f"Mentee {n}") for n in range(6)]
    skill = program.skills.get(name="Seguridad")
    befores, afters = [1, 2, 1, 2, 1, 1], [3, 4, 4, 3, 3, 4]
    for pair, before in zip(pairs, befores, strict=True):
        SkillRating.objects.filter(candidate=pair.mentee, skill=skill).update(level=before)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
            actor=coordinator,
        )
    for pair, after in zip(pairs, afters, strict=True):
        services.response_submit(
            response=evaluation.responses.get(respondent=pair.mentee_user),
            answers={},
            goal_progress={},
            skill_levels={skill.pk: after},
        )
    services.response_submit(
        response=evaluation.responses.get(respondent=pairs[0].mentor_user),
        answers={},
        goal_progress={},
        skill_levels={skill.pk: 4},
    )
    page = coordinator_client.get(reverse("evaluation:results", args=[program.pk]))
    [mentees] = [
        s for s in page.context["results"].skills if s.skill == skill and s.group == "mentee"
    ]
    from scipy import stats as scipy_stats

    expected = scipy_stats.ttest_rel(afters, befores).confidence_interval(0.95)
    assert mentees.evidence.low == pytest.approx(expected.low)
    html = page.content.decode()
    row = html.split('id="change-evidence"')[1]
    low, high = (f"{value:.2f}".replace(".", ",") for value in (expected.low, expected.high))
    assert f"{low} … {high} ✓" in row
    assert "+2,17" in row and "(grande)" in row
    assert "menos de 5 respuestas" in row  # the one mentor who answered
