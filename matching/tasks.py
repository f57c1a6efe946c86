from celery import shared_task
from django.utils.translation import gettext as _

from jobs.failures import failures_recorded
from jobs.queue import enqueue

from . import services_pairs
from .models import MatchingRun


@shared_task(acks_late=True, reject_on_worker_lost=True)
def matching_run(run_id: int) -> None:
    """Compute one matching proposal (see services_pairs.matching_run_execute). A failure
    is recorded with its reason for the coordinator; one that may pass (the database) is
    tried again by the sweeper, as is a run whose worker died."""
    with failures_recorded(MatchingRun, run_id, _("Took too long to compute.")):
        services_pairs.matching_run_execute(run_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def matching_runs_sweep() -> int:
    """Beat's sweeper for matching proposals: see services_pairs.matching_runs_sweep."""
    return sum(enqueue(matching_run, pk) for pk in services_pairs.matching_runs_sweep())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def mentor_requests_expire() -> int:
    """Beat's scan: end the requests not answered in time (see services_pairs)."""
    return services_pairs.mentor_requests_expire()
