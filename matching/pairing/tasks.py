"""Pairing's Celery tasks: computing a proposal, its sweeper, and the mentor requests' scan.
Their names are those they had as matching.tasks (see matching/tasks.py)."""

from celery import shared_task
from django.utils.translation import gettext as _

from jobs.failures import failures_recorded
from jobs.queue import enqueue

from ..models import MatchingRun
from . import services as services_pairs


@shared_task(name="matching.tasks.matching_run", acks_late=True, reject_on_worker_lost=True)
def matching_run(run_id: int) -> None:
    """Compute one matching proposal (see pairing.services.matching_run_execute). A failure
    is recorded with its reason for the coordinator; one that may pass (the database) is
    tried again by the sweeper, as is a run whose worker died."""
    with failures_recorded(MatchingRun, run_id, _("Took too long to compute.")):
        services_pairs.matching_run_execute(run_id)


@shared_task(name="matching.tasks.matching_runs_sweep", acks_late=True, reject_on_worker_lost=True)
def matching_runs_sweep() -> int:
    """Beat's sweeper for matching proposals: see pairing.services.matching_runs_sweep."""
    return sum(enqueue(matching_run, pk) for pk in services_pairs.matching_runs_sweep())


@shared_task(
    name="matching.tasks.mentor_requests_expire", acks_late=True, reject_on_worker_lost=True
)
def mentor_requests_expire() -> int:
    """Beat's scan: end the requests not answered in time (see pairing.services)."""
    return services_pairs.mentor_requests_expire()
