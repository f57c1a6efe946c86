from celery import shared_task

# Registered here, under this module's name, by their own module (which the services use).
from .calendar_push import calendar_push, calendar_pushes_sweep  # noqa: F401
from .health import pairs_health_record
from .reminders import reminders_create


@shared_task
def reminders_scan() -> int:
    """The periodic scan (Celery beat): find in the database what is due and queue each
    reminder once (one email per kind, object, recipient and period in the outbox), and
    record the pairs whose health changed with time alone (a meeting that never came).
    Running it twice sends nothing twice."""
    pairs_health_record()
    return reminders_create()
