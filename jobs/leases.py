"""The writes of a job (see jobs.models.Job): reset it for a new request, claim it with a
lease, renew the lease, record a failure, and find what the sweeper must take back. Each
is one conditional update, so two workers never do the same job at once."""

import datetime

from django.conf import settings
from django.utils import timezone

# A job is tried this many times (failures that may pass, workers that died) at most.
ATTEMPTS = 3
# A waiting job the sweeper wakes again: its message may have been lost.
SWEEP_GRACE = datetime.timedelta(seconds=60)


def lease() -> datetime.timedelta:
    """How long a worker's claim holds: longer than a task's time limit, so an expired
    claim means the worker is gone."""
    return datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def job_reset(job, actor) -> None:
    """Set an unsaved or finished job waiting again, as just requested by `actor`."""
    now = timezone.now()
    job.status = job.Status.PENDING
    job.error = ""
    job.requested_by = actor
    job.requested_at = job.pending_since = now
    job.started_at = job.finished_at = job.claimed_until = None
    job.attempts = 0


def job_claim(model, pk: int) -> bool:
    """Take a waiting job to do it; False if another worker has it (or nobody asked)."""
    now = timezone.now()
    return bool(
        model.objects.filter(pk=pk, status=model.Status.PENDING).update(
            status=model.Status.RUNNING, started_at=now, claimed_until=now + lease(), error=""
        )
    )


def job_renew(model, pk: int, **progress) -> None:
    """A long job says it is alive, step by step, with how far it got."""
    model.objects.filter(pk=pk, status=model.Status.RUNNING).update(
        claimed_until=timezone.now() + lease(), **progress
    )


def job_failed(model, pk: int, reason: str, *, transient: bool) -> None:
    """Record why a job failed. A failure that may pass (the database, the disk, a worker
    that died) is tried again by the sweeper, up to ATTEMPTS; then, or for any other
    failure, the job is failed with its reason and can be requested again."""
    now = timezone.now()
    job = model.objects.filter(pk=pk).first()
    if job is None:
        return
    attempts = job.attempts + 1
    again = transient and attempts < ATTEMPTS
    model.objects.filter(pk=pk).update(
        status=model.Status.PENDING if again else model.Status.FAILED,
        pending_since=now if again else job.pending_since,
        finished_at=None if again else now,
        claimed_until=None,
        error=reason[:2000],
        attempts=attempts,
    )


def jobs_sweep(model, interrupted: str, now: datetime.datetime | None = None) -> list[int]:
    """Take back the jobs of workers that died (their claim expired, recorded with the
    reason `interrupted`) and find the ones waiting too long. Returns the ids to enqueue:
    retries at once, first requests once their own message had time to arrive."""
    from django.db.models import Q

    now = now or timezone.now()
    for pk in model.objects.filter(status=model.Status.RUNNING, claimed_until__lt=now).values_list(
        "pk", flat=True
    ):
        job_failed(model, pk, interrupted, transient=True)
    waiting = Q(pending_since__lte=now - SWEEP_GRACE) | Q(attempts__gt=0)
    return list(
        model.objects.filter(waiting, status=model.Status.PENDING).values_list("pk", flat=True)
    )
