"""Writes of phase 5: launching an evaluation, answering it, interviews, reminders and the
PDF reports."""

import datetime
import io
import zipfile
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from documents.pdf import pdf_render
from jobs import leases
from jobs.leases import job_reset
from jobs.queue import enqueue_on_commit
from matching.models import Pair
from matching.selectors import participants
from notifications.services import notify
from programs.audit import log_action
from programs.models import Program

from .models import Evaluation, GoalProgress, Interview, Report, Response, SkillReassessment

# A participant who has not answered hears from us every few days until the deadline.
REMIND_EVERY_DAYS = 3

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


@transaction.atomic
def reminders_create(now: datetime.datetime | None = None) -> int:
    """Remind everyone who has not answered an open questionnaire, every few days, once per
    period (the notification's uniqueness keeps a second scan from sending it again)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = (
        Response.objects.filter(
            submitted_at__isnull=True,
            evaluation__closes_on__gte=today,
            evaluation__program__status=Program.Status.ACTIVE,
            evaluation__launched_at__lte=now - datetime.timedelta(days=REMIND_EVERY_DAYS),
            respondent__is_active=True,
            respondent__receives_reminders=True,
        )
        .select_related("evaluation__program", "respondent")
        .order_by("pk")
    )
    created = 0
    for response in pending:
        evaluation = response.evaluation
        days = (today - timezone.localdate(evaluation.launched_at)).days
        created += len(
            notify(
                kind="evaluation.questionnaire_reminder",
                recipients=[response.respondent],
                about=evaluation.pk,
                period=str(days // REMIND_EVERY_DAYS),
                group=evaluation.program.outbox_group,
            )
        )
    return created


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
    from .tasks import report_build  # the task calls back into this module

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


def report_lease() -> datetime.timedelta:
    return leases.lease()


def report_claim(report_id: int) -> bool:
    """Take a waiting report to build it; False if another worker has it."""
    return leases.job_claim(Report, report_id)


def report_renew(report_id: int, **progress) -> None:
    """A long build says it is alive, step by step."""
    leases.job_renew(Report, report_id, **progress)


def report_render(report: Report) -> tuple[bytes, int]:
    """The PDF (or a bundle's ZIP) and its number of pages, in the program's language."""
    from . import reports

    with translation.override(report.program.language):
        if report.bundle:
            return _bundle_render(report)
        if report.pair_id:
            html = reports.pair_report_html(report.pair)
        else:
            html = reports.program_report_html(report.program)
        report_renew(report.pk)
        return pdf_render(html)


def _bundle_render(report: Report) -> tuple[bytes, int]:
    """Every published pair's report, one PDF each, in one ZIP; the progress is saved after
    each pair (with the claim renewed), for the page to show."""
    from . import reports

    pairs = list(
        Pair.objects.filter(program=report.program, published_at__isnull=False)
        .select_related("program", "mentor", "mentee")
        .order_by("mentor__full_name", "mentee__full_name", "pk")
    )
    Report.objects.filter(pk=report.pk).update(total=len(pairs), progress=0)
    buffer, pages = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, pair in enumerate(pairs, start=1):
            content, pair_pages = pdf_render(reports.pair_report_html(pair))
            archive.writestr(_file_stem(report.program, pair) + ".pdf", content)
            _pair_report_keep(report, pair, content, pair_pages)
            pages += pair_pages
            report_renew(report.pk, progress=done)
    return buffer.getvalue(), pages


@transaction.atomic
def _pair_report_keep(bundle: Report, pair: Pair, content: bytes, pages: int) -> None:
    """A pair's PDF built for the ZIP is that pair's own report too, so the pair's row
    offers it; unless that report is waiting for or being built by a worker of its own."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .filter(program=bundle.program, pair=pair, bundle=False)
        .first()
    )
    if report is not None and report.is_busy:
        return
    if report is None:
        report = Report(program=bundle.program, pair=pair)
    job_reset(report, bundle.requested_by)
    report.started_at = timezone.now()
    report.save()
    report_store(report, content, pages)


def _file_stem(program: Program, pair: Pair | None = None) -> str:
    name = slugify(program.name)[:60] or "program"
    if pair is not None:
        name += f"-{slugify(pair.mentor.full_name)[:30]}-{slugify(pair.mentee.full_name)[:30]}"
    return name


def report_file_name(report: Report) -> str:
    if report.bundle:
        return _file_stem(report.program) + f"-{slugify(_('pairs'))}.zip"
    return _file_stem(report.program, report.pair if report.pair_id else None) + ".pdf"


def report_store(report: Report, content: bytes, pages: int) -> None:
    """Keep the new file and delete the one it replaces; if the row cannot be saved, the
    new file is removed again (no orphan files)."""
    old = report.file.name if report.file else ""
    report.file.save(report_file_name(report), ContentFile(content), save=False)
    new = report.file.name
    report.status = Report.Status.READY
    report.pages = pages
    report.language = report.program.language
    report.finished_at = timezone.now()
    report.claimed_until = None
    report.attempts += 1
    try:
        report.save(
            update_fields=[
                "file",
                "status",
                "pages",
                "language",
                "finished_at",
                "claimed_until",
                "attempts",
            ]
        )
    except Exception:
        report.file.storage.delete(new)
        raise
    if old and old != new:
        report.file.storage.delete(old)


REPORT_ATTEMPTS = leases.ATTEMPTS


def report_failed(report_id: int, reason: str, *, transient: bool) -> None:
    """Record why a build failed (see jobs.leases.job_failed: a failure that may pass is
    tried again by the sweeper)."""
    leases.job_failed(Report, report_id, reason, transient=transient)


def reports_sweep(now: datetime.datetime | None = None) -> list[int]:
    """Beat's sweeper: take back the reports of workers that died (their claim expired)
    and wake the ones waiting too long. Returns the ids to enqueue."""
    return leases.jobs_sweep(
        Report, _("Interrupted: the worker stopped while building it."), now=now
    )


def results_exported(*, program: Program, actor: User, table: str, anonymous: bool) -> None:
    """Downloading answers is recorded, as any export of people's data is."""
    log_action(
        program, actor, "evaluation.results_exported", {"table": table, "anonymous": anonymous}
    )
