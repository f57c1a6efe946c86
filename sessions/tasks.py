from celery import shared_task

from .reminders import reminders_create
from .services import pairs_health_record


@shared_task
def reminders_scan() -> int:
    """The periodic scan (Celery beat): find in the database what is due and queue each
    reminder once (one email per kind, object, recipient and period in the outbox), and
    record the pairs whose health changed with time alone (a meeting that never came).
    Running it twice sends nothing twice."""
    pairs_health_record()
    return reminders_create()
