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
from matching import selectors as matching_selectors
from matching.models import Candidate, Pair
from matching.selectors import participants
from notifications.services import notify, notify_address
from programs.audit import log_action
from programs.models import Program

from .models import (
    ComparisonRating,
    ComparisonResponse,
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
    *,
    program: Program,
    kind: str,
    closes_on: datetime.date,
    actor: User,
    comparison: bool = False,
) -> Evaluation:
    """Open a questionnaire round: one unanswered questionnaire per participant, and an
    invitation to each. Reminders follow from the scan until they answer. With
    `comparison`, the final one also asks the mentees left waiting for a pair for the same
    short skill self-rating (comparison_invite)."""
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
    if comparison and kind == Evaluation.Kind.FINAL:
        comparison_invite(evaluation, actor)
    return evaluation


def comparison_invite(evaluation: Evaluation, actor: User) -> int:
    """The comparison group: each person accepted as a mentee but left waiting for a pair
    (and not erased) gets a private link to rate their skills again, once. Returns how many
    were asked."""
    program = evaluation.program
    waiting = (
        matching_selectors.waiting(program)
        .filter(desired_role__in=[Candidate.Role.MENTEE, Candidate.Role.BOTH])
        .exclude(anonymised_at__isnull=False)
    )
    asked = 0
    for candidate in waiting:
        response, created = ComparisonResponse.objects.get_or_create(
            evaluation=evaluation, candidate=candidate
        )
        if created:
            asked += 1
            notify_address(
                kind="evaluation.comparison_invitation",
                email=candidate.email,
                language=candidate.language,
                about=response.pk,
                group=program.outbox_group,
            )
    if asked:
        log_action(program, actor, "evaluation.comparison_invited", {"people": asked})
    return asked


@transaction.atomic
def comparison_submit(*, response: ComparisonResponse, levels: Mapping[int, int]) -> None:
    """A waiting person's skill levels at the end; they may change them until it closes."""
    if not evaluation_is_open(response.evaluation):
        raise ValidationError(
            _("This questionnaire closed on %(date)s.")
            % {"date": date_format(response.evaluation.closes_on, "DATE_FORMAT")}
        )
    response.levels.all().delete()
    ComparisonRating.objects.bulk_create(
        ComparisonRating(response=response, skill_id=skill_id, level=level)
        for skill_id, level in levels.items()
    )
    response.submitted_at = response.submitted_at or timezone.now()
    response.save(update_fields=["submitted_at"])
    results_changed(Evaluation.objects.filter(pk=response.evaluation_id))


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
