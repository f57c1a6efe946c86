"""Enqueue a task once the transaction commits, never failing the request when the broker
is unreachable: the row the task works on is saved, and the beat sweepers enqueue it again
once the broker is back."""

import logging
import time

from django.db import transaction

logger = logging.getLogger(__name__)

# After a failure, stop trying for a while: a request that queues fifty emails must not
# wait fifty times for a broker that is down.
BROKER_PAUSE_SECONDS = 30
_paused_until = 0.0


def enqueue(task, *args) -> bool:
    """Send the task's message now; False (and a warning in the log) if the broker is down."""
    global _paused_until
    if task.app.conf.task_always_eager:
        task.apply_async(args=args)
        return True
    if time.monotonic() < _paused_until:
        return False
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # kombu and the transports raise many kinds for "unreachable"
        _paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning(
            "The broker is unreachable (%s: %s): %s%r stays in the database for the sweeper.",
            type(error).__name__,
            error,
            task.name,
            args,
        )
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Enqueue after the current transaction commits (never before: the worker would not
    find the row)."""
    transaction.on_commit(lambda: enqueue(task, *args))


def broker_resume() -> None:
    """Forget an earlier failure (the tests, and a sweeper that just reached the broker)."""
    global _paused_until
    _paused_until = 0.0
