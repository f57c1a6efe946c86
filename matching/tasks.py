"""The app's Celery tasks, where Celery's autodiscovery looks for them: those of pairing
(their names stay "matching.tasks.…", so messages already queued still find them)."""

from .pairing.tasks import matching_run, matching_runs_sweep, mentor_requests_expire

__all__ = ["matching_run", "matching_runs_sweep", "mentor_requests_expire"]
