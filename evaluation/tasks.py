import logging

from celery import shared_task
from django.db import DatabaseError

from .models import Report

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def report_build(self, report_id: int) -> None:
    """Build one PDF report. Claimed first (waiting -> being built), so two runs never build
    it twice. A failure is recorded with its reason for the coordinator; a failure that may
    pass (the database or the disk) is retried with backoff."""
    from . import services

    if not services.report_claim(report_id):
        return
    try:
        report = Report.objects.select_related(
            "program", "pair__mentor", "pair__mentee", "pair__program"
        ).get(pk=report_id)
        content, pages = services.report_render(report)
        services.report_store(report, content, pages)
    except Exception as error:
        logger.exception("Report %s failed", report_id)
        services.report_fail(report_id, f"{type(error).__name__}: {error}")
        transient = isinstance(error, DatabaseError | OSError)
        if transient and self.request.retries < self.max_retries:
            raise self.retry(countdown=30 * 2**self.request.retries) from error


@shared_task
def reminders_scan() -> int:
    """The periodic scan (Celery beat): remind whoever has not answered an open
    questionnaire, once per period."""
    from . import services

    return services.reminders_create()
