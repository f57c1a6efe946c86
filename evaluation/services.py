"""Writes of phase 5: launching an evaluation, answering it, interviews, and asking for the
PDF reports (built by a worker: see building)."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.leases import job_reset
from jobs.queue import enqueue_on_commit
from matching.models import Pair
from matching.selectors import participants
from notifications.services import notify
from programs.audit import log_action
from programs.models import Program

from .models import (
    Evaluation,
    GoalProgress,
    Interview,
    ObjectiveAnswer,
    Report,
    Response,
    SkillReassessment,
)
from .tasks import report_build

SATISFACTION_FIELDS = ("relationship", "meetings", "organisation", "recommend")
ANSWER_FIELDS = (
    *SATISFACTION_FIELDS,
    "objective_progress",
    "outcomes",
    "needs",
    "comments",
)


@transaction.atomic
def evaluation_launch(
    *, program: Program, kind: str, closes_on: datetime.date, actor: User
) -> Evaluation:
    """Open a questionnaire round: one unanswered questionnaire per participant, and an
    invitation to each. Reminders follow from the scan until they answer."""
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")})
    launched = set(program.evaluations.values_list("kind", flat=True))
    if kind in launched:
        raise ValidationError(_("This questionnaire has already been launched."))
    if Evaluation.Kind.FINAL in launched:
        raise ValidationError(_("The final evaluation is already under way."))
    people = participants(program)
    if not people:
        raise ValidationError(_("There are no published pairs to evaluate yet."))
    evaluation = Evaluation.objects.create(
        program=program, kind=kind, closes_on=closes_on, launched_by=actor
    )
    Response.objects.bulk_create(
        Response(
            evaluation=evaluation,
            respondent=person.user,
            candidate=person.application,
            role=person.audience,
        )
        for person in people
    )
    log_action(
        program,
        actor,
        "evaluation.launched" if kind == Evaluation.Kind.FINAL else "evaluation.midpoint_launched",
        {"participants": len(people)},
    )
    notify(
        kind="evaluation.questionnaire_invitation",
        recipients=[person.user for person in people],
        about=evaluation.pk,
        group=program.outbox_group,
    )
    return evaluation


def evaluation_is_open(evaluation: Evaluation) -> bool:
    return evaluation.closes_on >= timezone.localdate()


@transaction.atomic
def response_submit(
    *,
    response: Response,
    answers: Mapping[str, object],
    goal_progress: Mapping[int, int],
    skill_levels: Mapping[int, int],
    objectives_met: Mapping[int, int] | None = None,
) -> Response:
    """Save a participant's answers; they may change them until the evaluation closes."""
    if not evaluation_is_open(response.evaluation):
        raise ValidationError(
            _("This questionnaire closed on %(date)s.")
            % {"date": date_format(response.evaluation.closes_on, "DATE_FORMAT")}
        )
    for name in ANSWER_FIELDS:
        setattr(response, name, answers.get(name, getattr(response, name)))
    response.submitted_at = response.submitted_at or timezone.now()
    response.save()
    response.goal_progress.all().delete()
    GoalProgress.objects.bulk_create(
        GoalProgress(response=response, goal_id=goal_id, progress=progress)
        for goal_id, progress in goal_progress.items()
    )
    response.skill_levels.all().delete()
    SkillReassessment.objects.bulk_create(
        SkillReassessment(response=response, skill_id=skill_id, level=level)
        for skill_id, level in skill_levels.items()
    )
    if objectives_met is not None:
        response.objective_answers.all().delete()
        ObjectiveAnswer.objects.bulk_create(
            ObjectiveAnswer(response=response, objective_id=objective_id, met=met)
            for objective_id, met in objectives_met.items()
        )
    results_changed(Evaluation.objects.filter(pk=response.evaluation_id))
    return response


def results_changed(evaluations) -> None:
    """The results of these evaluations must be computed again (see the results page)."""
    evaluations.update(results_changed_at=timezone.now())


def comment_select(*, response: Response, selected: bool) -> None:
    response.comment_selected = selected
    response.save(update_fields=["comment_selected"])
    results_changed(Evaluation.objects.filter(pk=response.evaluation_id))


def interview_save(
    *,
    program: Program,
    participant: User,
    actor: User,
    held_on: datetime.date,
    notes: str,
    highlight: str,
) -> Interview:
    interview, _created = Interview.objects.update_or_create(
        program=program,
        participant=participant,
        defaults={"held_on": held_on, "notes": notes, "highlight": highlight, "interviewer": actor},
    )
    results_changed(program.evaluations.all())
    return interview


# Reports


def report_for(program: Program, pair: Pair | None = None, bundle: bool = False) -> Report | None:
    return Report.objects.filter(program=program, pair=pair, bundle=bundle).first()


@transaction.atomic
def report_request(
    *, program: Program, actor: User, pair: Pair | None = None, bundle: bool = False
) -> Report:
    """Ask for the program's report (or a pair's, or every pair's in one ZIP: a bundle) to
    be built, replacing the one there is. A report being built by a live worker is left to
    finish; one waiting for a worker is woken again (its message may have been lost); one
    whose worker died is built again."""
    # Lock this report's row only: no join (PostgreSQL cannot lock the nullable side of one).
    report = (
        Report.objects.select_for_update(of=("self",))
        .filter(program=program, pair=pair, bundle=bundle)
        .order_by("pk")
        .first()
    )
    if report is not None and report.status == Report.Status.PENDING:
        enqueue_on_commit(report_build, report.pk)
        return report
    if report is not None and report.is_busy:
        return report
    if report is None:
        report = Report(program=program, pair=pair, bundle=bundle)
    job_reset(report, actor)
    report.progress, report.total = 0, None
    report.save()
    if pair is None:
        log_action(program, actor, "evaluation.report_requested")
    enqueue_on_commit(report_build, report.pk)
    return report


def results_exported(*, program: Program, actor: User, table: str, anonymous: bool) -> None:
    """Downloading answers is recorded, as any export of people's data is."""
    log_action(
        program, actor, "evaluation.results_exported", {"table": table, "anonymous": anonymous}
    )
