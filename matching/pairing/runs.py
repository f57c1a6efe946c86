"""Asking for a matching proposal: the page's request becomes a run that a worker computes
(matching.tasks.matching_run, which calls pairing.services.matching_run_execute); kept apart
from the services the task calls, so that no module of the app imports itself back."""

from django.db import transaction

from accounts.models import User
from jobs import leases
from jobs.queue import enqueue_on_commit
from programs.models import Program

from ..models import MatchingRun
from .tasks import matching_run


@transaction.atomic
def pairs_run_request(*, program: Program, actor: User) -> MatchingRun:
    """Ask for a matching proposal, computed by a worker: the page shows how far it got and
    the web request never holds a solve. A run a live worker is computing is left to
    finish; one waiting is woken again (its message may have been lost)."""
    run = MatchingRun.objects.select_for_update().filter(program=program).first()
    if run is not None and run.status == MatchingRun.Status.PENDING:
        enqueue_on_commit(matching_run, run.pk)
        return run
    if run is not None and run.is_busy:
        return run
    run = run or MatchingRun(program=program)
    leases.job_reset(run, actor)
    run.stage = MatchingRun.Stage.QUEUED
    run.result = {}
    run.save()
    enqueue_on_commit(matching_run, run.pk)
    return run
