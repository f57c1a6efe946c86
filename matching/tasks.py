import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError
from django.utils.translation import gettext as _

from jobs import leases
from jobs.failures import database_connection_reset
from jobs.queue import enqueue

from . import services_pairs
from .models import MatchingRun

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def matching_run(run_id: int) -> None:
    """Compute one matching proposal (see services_pairs.matching_run_execute). A failure
    is recorded with its reason for the coordinator; one that may pass (the database) is
    tried again by the sweeper, as is a run whose worker died."""
    try:
        services_pairs.matching_run_execute(run_id)
    except SoftTimeLimitExceeded:
        leases.job_failed(MatchingRun, run_id, _("Took too long to compute."), transient=False)
    except Exception as error:
        logger.exception("Matching run %s failed", run_id)
        database_connection_reset()
        leases.job_failed(
            MatchingRun,
            run_id,
            f"{type(error).__name__}: {error}",
            transient=isinstance(error, DatabaseError | OSError),
        )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def matching_runs_sweep() -> int:
    """Beat's sweeper for matching proposals: see services_pairs.matching_runs_sweep."""
    return sum(enqueue(matching_run, pk) for pk in services_pairs.matching_runs_sweep())
