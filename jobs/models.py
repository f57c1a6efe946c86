"""Long work started from a page (a PDF report, a matching proposal): a row with a status
that the page shows, claimed by one worker with a lease, and taken back by a sweeper when
the worker died. The abstract model holds the fields; `jobs.leases` the writes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """Pending -> running (claimed, with a lease renewed as it goes) -> ready, or failed
    with its reason. A failure that may pass goes back to pending for the sweeper."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("In progress")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("why it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    # Since when it waits for a worker (requested, or taken back from one that died).
    pending_since = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim holds until then, renewed as it goes; later, the worker is gone.
    claimed_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_busy(self) -> bool:
        """Waiting for a worker, or being done by one that is alive (its claim holds)."""
        if self.status == self.Status.RUNNING:
            return self.claimed_until is not None and self.claimed_until >= timezone.now()
        return self.status == self.Status.PENDING
