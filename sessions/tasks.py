from celery import shared_task

from .reminders import reminders_create


@shared_task
def reminders_scan() -> int:
    """The periodic scan (Celery beat): find in the database what is due and queue each
    reminder once (one email per kind, object, recipient and period in the outbox).
    Running it twice sends nothing twice."""
    return reminders_create()
