import logging
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def database_connection_reset() -> None:
    """After a failure that may have been the database's own (the server restarted, the
    network dropped), close a connection that no longer answers, so that recording the
    failure opens a new one instead of failing too. A closed one reopens by itself."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()


@contextmanager
def failures_recorded(model, pk: int, too_long: str):
    """Run a job's work; a failure is recorded on the job (jobs.leases.job_failed) with its
    reason for the coordinator, never raised: past the time limit, `too_long`; a failure
    that may pass (the database, the disk) is tried again by the sweeper."""
    from .leases import job_failed

    try:
        yield
    except SoftTimeLimitExceeded:
        job_failed(model, pk, too_long, transient=False)
    except Exception as error:
        logger.exception("%s %s failed", model.__name__, pk)
        database_connection_reset()
        job_failed(
            model,
            pk,
            f"{type(error).__name__}: {error}",
            transient=isinstance(error, DatabaseError | OSError),
        )
