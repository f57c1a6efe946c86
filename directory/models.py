"""The organisation's people as the HR system knows them: who reports to whom, department,
grade and date of hire. Imported whole from a file; a person no longer in the file has left
(kept, marked inactive, never deleted)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Person(models.Model):
    employee_id = models.CharField(_("employee id"), max_length=64, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"))
    manager_employee_id = models.CharField(_("manager's employee id"), max_length=64, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    # Higher is more senior; the scale is the organisation's own.
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Everyone above this person, manager first, as employee ids: computed once per import,
    # so that "never in one reporting line" is a set lookup, never a walk up the tree.
    chain = models.JSONField(default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person in the directory")
        verbose_name_plural = _("people in the directory")
        ordering = ["full_name", "employee_id"]
        constraints = [
            # Among the people still there: a leaver's address may be given to someone new.
            models.UniqueConstraint(
                Lower("email"), condition=models.Q(active=True), name="directory_email_unique"
            ),
        ]
        indexes = [models.Index(fields=["department", "grade"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_id})"


class DirectoryImport(models.Model):
    """A file read and checked, waiting for the coordinator to apply it (or applied): the
    rows as read and what they change."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", pgettext_lazy("directory import", "Previewed")
        APPLIED = "applied", pgettext_lazy("directory import", "Applied")
        DISCARDED = "discarded", pgettext_lazy("directory import", "Discarded")

    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    rows = models.JSONField(default=list)
    # {"new": [employee id…], "changed": {employee id: [field…]}, "leavers": [employee id…],
    #  "unchanged": n}
    changes = models.JSONField(default=dict)
    # Leavers still in an active pair, as the apps that know pairs describe them.
    flags = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    # A file that would mark more than this share of the directory as leavers (and at least
    # MASS_DEPARTURE_MIN people) is more likely a truncated export than a wave of departures:
    # it needs an explicit confirmation.
    MASS_DEPARTURE_SHARE = 0.10
    MASS_DEPARTURE_MIN = 5

    @property
    def is_mass_departure(self) -> bool:
        counts = self.counts
        present = counts["leavers"] + counts["changed"] + counts["unchanged"]
        return (
            counts["leavers"] >= self.MASS_DEPARTURE_MIN
            and counts["leavers"] > self.MASS_DEPARTURE_SHARE * present
        )

    @property
    def leavers_share(self) -> int:
        """Leavers as a whole percentage of the people in the directory before the file."""
        counts = self.counts
        present = counts["leavers"] + counts["changed"] + counts["unchanged"]
        return round(100 * counts["leavers"] / present) if present else 0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.changes.get("new", [])),
            "changed": len(self.changes.get("changed", {})),
            "leavers": len(self.changes.get("leavers", [])),
            "unchanged": self.changes.get("unchanged", 0),
        }
