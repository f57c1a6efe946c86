import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation import building, reminders, services
from evaluation.models import Evaluation, Report, Response
from matching.models import SkillRating
from notifications.models import Notification
from preparation.models import Goal, GoalPhase
from sessions.models import Meeting
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def test_launch_invites_every_participant_with_their_variant(evaluation, pair, other_pair):
    responses = {r.respondent: r for r in evaluation.responses.all()}
    assert set(responses) == {
        pair.mentor_user,
        pair.mentee_user,
        other_pair.mentor_user,
        other_pair.mentee_user,
    }
    assert responses[pair.mentor_user].role == Response.Role.MENTOR
    assert responses[pair.mentee_user].role == Response.Role.MENTEE
    assert responses[pair.mentee_user].candidate == pair.mentee
    assert all(r.submitted_at is None for r in responses.values())
    sent = Notification.objects.filter(
        kind="evaluation.questionnaire_invitation", status=Notification.Status.SENT
    )
    assert sent.count() == 4
    assert len(mail.outbox) == 4
    message = next(m for m in mail.outbox if m.to == [pair.mentee_user.email])
    assert f"/questionnaires/{responses[pair.mentee_user].pk}/" in message.body
    assert "Transformación digital" in message.subject


def test_someone_mentor_in_one_pair_and_mentee_in_another_answers_once(program, coordinator, pair):
    published_pair(program, "Otra Mentora", "Lucía Mentee", mentee_user=pair.mentor_user)
    evaluation = services.evaluation_launch(
        program=program,
        kind=Evaluation.Kind.MIDPOINT,
        closes_on=timezone.localdate(),
        actor=coordinator,
    )
    response = evaluation.responses.get(respondent=pair.mentor_user)
    assert response.role == Response.Role.BOTH
    assert evaluation.responses.count() == 3


def test_launch_refuses_twice_a_past_date_and_a_program_without_pairs(
    program, coordinator, evaluation
):
    with pytest.raises(ValidationError):
        services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate(),
            actor=coordinator,
        )
    with pytest.raises(ValidationError, match="ya está en marcha"):
        services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.MIDPOINT,
            closes_on=timezone.localdate(),
            actor=coordinator,
        )
    Evaluation.objects.all().delete()
    with pytest.raises(ValidationError, match="pasado"):
        services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.MIDPOINT,
            closes_on=timezone.localdate() - datetime.timedelta(days=1),
            actor=coordinator,
        )
    from tests.factories import ProgramFactory

    empty = ProgramFactory(actor=coordinator, name="Sin parejas")
    with pytest.raises(ValidationError, match="no hay parejas publicadas"):
        services.evaluation_launch(
            program=empty,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate(),
            actor=coordinator,
        )


def test_answers_are_saved_and_can_be_changed_until_the_evaluation_closes(evaluation, pair):
    response = evaluation.responses.get(respondent=pair.mentee_user)
    skill = pair.program.skills.first()
    services.response_submit(
        response=response,
        answers={"relationship": 5, "needs": "Power BI"},
        goal_progress={},
        skill_levels={skill.pk: 4},
    )
    first = response.submitted_at
    assert first is not None
    services.response_submit(
        response=response, answers={"relationship": 3}, goal_progress={}, skill_levels={skill.pk: 5}
    )
    response.refresh_from_db()
    assert response.relationship == 3
    assert response.needs == "Power BI"
    assert response.submitted_at == first
    assert list(response.skill_levels.values_list("level", flat=True)) == [5]

    Evaluation.objects.filter(pk=evaluation.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response.evaluation.refresh_from_db()
    with pytest.raises(ValidationError, match="se cerró"):
        services.response_submit(
            response=response, answers={"relationship": 1}, goal_progress={}, skill_levels={}
        )
    response.refresh_from_db()
    assert response.relationship == 3


def test_reminders_go_every_three_days_to_those_who_have_not_answered(
    evaluation, pair, other_pair, committed
):
    answered = evaluation.responses.get(respondent=pair.mentor_user)
    services.response_submit(response=answered, answers={}, goal_progress={}, skill_levels={})
    other_pair.mentee_user.receives_reminders = False
    other_pair.mentee_user.save()
    mail.outbox.clear()
    launched = evaluation.launched_at

    assert reminders.reminders_create(launched + datetime.timedelta(days=1)) == 0
    day3 = launched + datetime.timedelta(days=3, hours=1)
    with committed():
        assert reminders.reminders_create(day3) == 2  # mentee of pair, mentor of other_pair
        assert reminders.reminders_create(day3) == 0  # the same period: nothing twice
    assert {m.to[0] for m in mail.outbox} == {pair.mentee_user.email, other_pair.mentor_user.email}
    assert all("Reminder" in m.subject or "Recordatorio" in m.subject for m in mail.outbox)
    assert reminders.reminders_create(launched + datetime.timedelta(days=6, hours=1)) == 2

    Evaluation.objects.filter(pk=evaluation.pk).update(closes_on=timezone.localdate())
    later = timezone.now() + datetime.timedelta(days=2)
    assert reminders.reminders_create(later) == 0  # closed by then


def _held_meetings(pair, count):
    for n in range(count):
        Meeting.objects.create(
            pair=pair,
            starts_at=timezone.now() - datetime.timedelta(days=10 + n),
            status=Meeting.Status.HELD,
        )


def _goal(pair, owner, phases_done):
    goal = Goal.objects.create(
        pair=pair,
        owner=owner,
        date=timezone.localdate(),
        text=f"Objetivo {owner}",
        selected=True,
        priority=1,
    )
    for number in (1, 2, 3):
        GoalPhase.objects.create(
            goal=goal,
            number=number,
            description="-",
            due_date=timezone.localdate(),
            done_at=timezone.now() if number <= phases_done else None,
        )
    return goal


def test_results_compare_each_skill_before_and_after_for_the_same_people(
    evaluation, pair, other_pair
):
    from evaluation.results import results_of

    skill = pair.program.skills.get(name="Seguridad")
    SkillRating.objects.filter(candidate=pair.mentee, skill=skill).update(level=1)
    SkillRating.objects.filter(candidate=other_pair.mentee, skill=skill).update(level=2)
    for user, level, relationship in (
        (pair.mentee_user, 4, 5),
        (other_pair.mentee_user, 3, 4),
        (pair.mentor_user, 5, 5),
    ):
        services.response_submit(
            response=evaluation.responses.get(respondent=user),
            answers={"relationship": relationship, "recommend": 5},
            goal_progress={},
            skill_levels={skill.pk: level},
        )
    _held_meetings(pair, 3)
    _goal(pair, Goal.Owner.MENTEE, 3)
    _goal(other_pair, Goal.Owner.MENTEE, 1)

    figures = results_of(evaluation)
    assert (figures.invited, figures.answered, figures.rate) == (4, 3, 75)
    relationship = figures.satisfaction[0]
    assert list(relationship.counts) == [0, 0, 0, 1, 2]
    assert relationship.mean == pytest.approx(14 / 3)
    mentees = next(s for s in figures.skills if s.skill == skill and s.group == "mentee")
    assert (mentees.before, mentees.after, mentees.people) == (1.5, 3.5, 2)
    mentors = next(s for s in figures.skills if s.skill == skill and s.group == "mentor")
    assert (mentors.before, mentors.after) == (2, 5)  # the factory rates every other skill 2
    assert [p.held for p in figures.pairs] == [0, 3] or sorted(p.held for p in figures.pairs) == [
        0,
        3,
    ]
    assert figures.meetings_held == 3
    mentee_goals = figures.goals[0]
    assert (
        mentee_goals.goals,
        mentee_goals.achieved,
        mentee_goals.phases_done,
        mentee_goals.phases,
    ) == (2, 1, 4, 6)


def test_report_is_built_with_the_figures_of_the_data(
    evaluation, program, coordinator, pair, committed
):
    from tests.evaluation.conftest import pdf_text

    services.response_submit(
        response=evaluation.responses.get(respondent=pair.mentee_user),
        answers={
            "relationship": 5,
            "meetings": 4,
            "organisation": 4,
            "recommend": 5,
            "objective_progress": 4,
            "needs": "Aprender Power BI",
        },
        goal_progress={},
        skill_levels={},
    )
    _held_meetings(pair, 3)
    with committed():
        report = services.report_request(program=program, actor=coordinator)
    report.refresh_from_db()  # the eager task ran when the test's transaction "committed"
    assert report.status == Report.Status.READY, report.error
    assert report.pages >= 4
    text = pdf_text(report.file.read())
    assert "Transformación digital" in text
    assert "1/4" in text  # questionnaires answered
    assert "25 %" in text  # response rate
    assert "Aprender Power BI" in text
    assert "Lucía Mentora" in text and "Rosa Mentee" in text
    assert "Informe de evaluación final" in text  # the program's language (es)


def test_building_again_replaces_the_file(evaluation, program, coordinator, committed):
    with committed():
        first = services.report_request(program=program, actor=coordinator)
    first.refresh_from_db()
    old_name = first.file.name
    storage = first.file.storage
    assert storage.exists(old_name)
    with committed():
        second = services.report_request(program=program, actor=coordinator)
    second.refresh_from_db()
    assert second.pk == first.pk
    assert second.status == Report.Status.READY
    assert second.file.name != old_name
    assert not storage.exists(old_name)
    assert Report.objects.filter(program=program).count() == 1


def test_a_failed_build_records_why(evaluation, program, coordinator, monkeypatch, committed):
    def broken(report):
        raise ValueError("the template is broken")

    monkeypatch.setattr(building, "report_render", broken)
    with committed():
        report = services.report_request(program=program, actor=coordinator)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "ValueError: the template is broken"
    assert report.attempts == 1


def test_asking_again_wakes_a_waiting_report_and_leaves_a_live_build_alone(
    evaluation, program, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_request(program=program, actor=coordinator)
        again = services.report_request(program=program, actor=coordinator)
    assert again.pk == report.pk and again.status == Report.Status.PENDING
    # its first message may have been lost: a second wakes it
    assert len([call for call in callbacks if call.__module__ != "programs.freshness"]) == 2
    assert building.report_claim(report.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        being_built = services.report_request(program=program, actor=coordinator)
    assert being_built.status == Report.Status.RUNNING and callbacks == []


def test_a_report_whose_worker_died_is_built_again_on_request(
    evaluation, program, coordinator, django_capture_on_commit_callbacks
):
    report = services.report_request(program=program, actor=coordinator)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    report.refresh_from_db()
    assert not report.is_busy  # its claim expired: the page offers to build it again
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_request(program=program, actor=coordinator)
    again.refresh_from_db()
    assert again.pk == report.pk and again.status == Report.Status.READY


def test_a_pair_report_has_the_pair_its_goals_and_answers(
    evaluation, program, coordinator, pair, committed
):
    from tests.evaluation.conftest import pdf_text

    _goal(pair, Goal.Owner.MENTEE, 2)
    _held_meetings(pair, 2)
    services.response_submit(
        response=evaluation.responses.get(respondent=pair.mentor_user),
        answers={"relationship": 5, "outcomes": "Escuchar con paciencia"},
        goal_progress={},
        skill_levels={pair.program.skills.first().pk: 4},
    )
    with committed():
        report = services.report_request(program=program, pair=pair, actor=coordinator)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    text = pdf_text(report.file.read())
    assert "Lucía Mentora" in text
    assert "Objetivo mentee" in text
    assert "2 reuniones celebradas" in text
    assert "Escuchar con paciencia" in text
    assert "No ha respondido" in text  # the mentee has not answered


def test_the_report_is_written_in_the_programs_language(
    evaluation, program, coordinator, committed
):
    from tests.evaluation.conftest import pdf_text

    program.language = "en"
    program.save()
    with committed():
        report = services.report_request(program=program, actor=coordinator)
    report.refresh_from_db()
    text = pdf_text(report.file.read())
    assert "Final evaluation report" in text
    assert "Participant satisfaction" in text
    assert "Informe" not in text
