"""Phase 4, "Reunión regular": the pair's agreement, meetings, tasks and resources, the
pulse after each meeting and private concerns."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from matching.models import Pair
from preparation.models import GoalPhase
from programs.models import length_limits


class Agreement(models.Model):
    """How the pair works together, co-created by both (the guide's "Co-crea la relación:
    roles, horario, lugar"). Any change asks both members to confirm again."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="agreement")
    roles = models.TextField(_("roles and expectations"), max_length=2000)
    schedule = models.CharField(_("schedule and frequency"), max_length=300)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    confidentiality = models.TextField(_("confidentiality"), max_length=2000)
    version = models.PositiveIntegerField(default=1)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = length_limits(roles=2000, confidentiality=2000)
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return str(self.pair)

    @property
    def is_confirmed(self) -> bool:
        return bool(self.mentor_confirmed_at and self.mentee_confirmed_at)


class Meeting(models.Model):
    """A meeting of the pair: planned, then logged as held or cancelled."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # Raised on every change, so calendars replace the invitation they hold.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    experiences = models.TextField(_("experiences shared"), blank=True, max_length=5000)
    knowledge = models.TextField(_("knowledge shared"), blank=True, max_length=5000)
    advice = models.TextField(_("advice shared"), blank=True, max_length=5000)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=5000)
    phases_moved = models.ManyToManyField(
        GoalPhase, blank=True, related_name="meetings", verbose_name=_("goal phases moved")
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    logged_at = models.DateTimeField(_("logged"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = length_limits(
            agenda=2000, experiences=5000, knowledge=5000, advice=5000, next_steps=5000
        )
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # A pair's meetings held (or planned) by date: each row of the table of pairs.
            models.Index(fields=["pair", "status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.pair} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


def task_upload_to(task: "Task", filename: str) -> str:
    return f"pairs/{task.pair_id}/tasks/{uuid.uuid4().hex}/{filename}"


class Task(models.Model):
    """A task or a resource for the mentee."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=task_upload_to, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = length_limits(description=2000)
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["status", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Pulse(models.Model):
    """After a logged meeting, each member's "how did it go?" from 1 to 5. The comment is for
    the coordinator only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pulses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("how did it go?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment for the coordinator"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pulse")
        verbose_name_plural = _("pulses")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="pulse_once_per_meeting"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="pulse_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.rating}"


class Concern(models.Model):
    """Something a member raises privately with the coordinator; the partner never sees it.
    The coordinators answer in a thread only its author reads, and close it with a note."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("concern", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("concern", "In progress")
        CLOSED = "closed", pgettext_lazy("concern", "Closed")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("what worries you"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    closing_note = models.CharField(_("closing note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        constraints = length_limits(text=5000)
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pair}: {self.text[:40]}"


class ConcernReply(models.Model):
    """One message of a concern's private thread: the coordinators' or its author's."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = length_limits(text=5000)
        verbose_name = _("concern reply")
        verbose_name_plural = _("concern replies")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.text[:40]}"


class CheckIn(models.Model):
    """A coordinator's note of following a pair up ("spoke with both on 3 March"); only the
    program's coordinators read it."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    held_on = models.DateField(_("date"))
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = length_limits(text=2000)
        verbose_name = _("check-in note")
        verbose_name_plural = _("check-in notes")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.pair}: {self.held_on}"


class HealthChange(models.Model):
    """A pair's health changed (on track, at risk, inactive…), and why: the pair's health
    history. Recorded when something the health depends on changes, and by the periodic
    scan for what changes with time alone (a meeting that never comes)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="health_changes")
    health = models.CharField(_("health"), max_length=20)
    # What the coordinator read then, in the program's language.
    causes = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("health change")
        verbose_name_plural = _("health changes")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["pair", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.pair}: {self.health}"


class CalendarLink(models.Model):
    """A person's calendars outside the product, kept in step with their meetings: the
    private feed their calendar app subscribes to (Outlook, Google), and optionally their
    own CalDAV server, where each meeting is created, moved and deleted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_link"
    )
    feed_on = models.BooleanField(default=False)
    # Part of the feed's signed address: raised to revoke every address given before.
    feed_version = models.PositiveIntegerField(default=0)
    caldav_url = models.URLField(_("calendar address"), blank=True)
    caldav_username = models.CharField(_("user name"), max_length=150, blank=True)
    # Sealed (accounts.sealing): the server needs it back, a database dump must not show it.
    caldav_password = models.TextField(blank=True, editable=False)
    caldav_pushed_at = models.DateTimeField(null=True, blank=True)
    caldav_error = models.CharField(max_length=500, blank=True)
    caldav_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def connected(self) -> bool:
        """Meetings are pushed to the person's own calendar server."""
        return bool(self.caldav_url)


class CalendarPush(models.Model):
    """One meeting to bring up to date on one person's own calendar server (created, moved
    or deleted there). A row first, the message only wakes a worker; a change while it
    waits sets it waiting again, and the push sends the meeting as it is then."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        PUSHING = "pushing", _("Being sent")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    link = models.ForeignKey(CalendarLink, on_delete=models.CASCADE, related_name="pushes")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "meeting"], name="one_push_per_meeting")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.link} · {self.meeting_id}"
