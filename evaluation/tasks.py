from celery import shared_task
from django.utils.translation import gettext as _

from jobs.failures import failures_recorded
from jobs.queue import enqueue

from . import building, reminders
from .models import Report


@shared_task(acks_late=True, reject_on_worker_lost=True)
def report_build(report_id: int) -> None:
    """Build one PDF report. Claimed first (waiting -> being built, with a lease renewed as
    it goes), so two runs never build it twice. A failure is recorded with its reason for
    the coordinator; one that may pass (the database, the disk) is tried again by the
    sweeper, as is a report whose worker died."""
    if not building.report_claim(report_id):
        return
    with failures_recorded(Report, report_id, _("Took too long to build.")):
        report = Report.objects.select_related(
            "program", "pair__mentor", "pair__mentee", "pair__program"
        ).get(pk=report_id)
        content, pages = building.report_render(report)
        building.report_store(report, content, pages)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reports_sweep() -> int:
    """Beat's sweeper for reports: see building.reports_sweep."""
    return sum(enqueue(report_build, pk) for pk in building.reports_sweep())


@shared_task
def reminders_scan() -> int:
    """The periodic scan (Celery beat): remind whoever has not answered an open
    questionnaire, once per period, and send the closing message of programs that ended."""
    return reminders.reminders_create() + reminders.closing_create()
