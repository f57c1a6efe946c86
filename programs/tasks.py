"""The programs' Celery task: drawing the kept pages again after a change (see redraw)."""

from celery import shared_task
from django.conf import settings

from jobs.queue import enqueue

from . import redraw


@shared_task(name="programs.tasks.pages_redraw", acks_late=True, reject_on_worker_lost=True)
def pages_redraw(program_ids: list[int]) -> int:
    return redraw.redraw(program_ids)


def pages_redraw_schedule(program_ids: list[int]) -> None:
    """Once a change of these programs committed (programs.freshness): a job draws their
    kept pages again."""
    if settings.KEPT_PAGES_REDRAW and redraw.registered():
        enqueue(pages_redraw, program_ids)
