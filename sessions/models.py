"""Phase 3, "Prepararse para empezar": welcome communications, principles and
instructions, mentor training, and the SMART goal worksheet of each pair."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.models import Pair
from programs.models import Program


class Notification(models.Model):
    """Every email the product sends or has due to a participant: one row per kind, pair,
    recipient and period, so nothing goes out twice."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
        MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
        MEETING_TOMORROW = "meeting_tomorrow", _("Meeting tomorrow")
        MEETING_NOT_LOGGED = "meeting_not_logged", _("Meeting not logged")
        PAIR_INACTIVE = "pair_inactive", _("No meeting for too long")
        TASK_DUE = "task_due", _("Task due soon")
        TASK_OVERDUE = "task_overdue", _("Task overdue")
        PHASE_OVERDUE = "phase_overdue", _("Goal phase overdue")
        # Written by the evaluation phase (settings.NOTIFICATION_MESSAGES says how).
        QUESTIONNAIRE_INVITATION = "questionnaire_invitation", _("Questionnaire invitation")
        QUESTIONNAIRE_REMINDER = "questionnaire_reminder", _("Questionnaire reminder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What it is about (a meeting, a task, a goal phase: the kind says which).
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The object and period a message belongs to ("12", "12:3", "2026-W48"); empty for
    # one-off messages. Part of the uniqueness: one message per object and period.
    slot = models.CharField(max_length=60, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "program", "recipient", "slot"],
                condition=models.Q(pair__isnull=True),
                name="notification_once_per_program",
            ),
            models.UniqueConstraint(
                fields=["kind", "pair", "recipient", "slot"],
                condition=models.Q(pair__isnull=False),
                name="notification_once_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class WelcomeMessage(models.Model):
    """A program's welcome email for one audience, in one language."""

    class Audience(models.TextChoices):
        MENTOR = "mentor", _("Mentors")
        MENTEE = "mentee", _("Mentees")
        BOTH = "both", _("Mentor and mentee at once")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="welcome_messages")
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("welcome message")
        verbose_name_plural = _("welcome messages")
        ordering = ["program", "audience", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "audience", "language"], name="welcome_message_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} ({self.language})"


class ProgramGuide(models.Model):
    """What every participant reads first: the principles of reverse mentoring and the
    instructions to begin (Markdown, shown sanitised), and the preparation settings."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="guide")
    principles = models.TextField(_("principles of reverse mentoring"))
    instructions = models.TextField(_("instructions to begin"))
    # The Markdown above, rendered and sanitised when saved.
    principles_html = models.TextField(editable=False, default="")
    instructions_html = models.TextField(editable=False, default="")
    training_required = models.BooleanField(
        _("mentors must complete their training before the first meeting"), default=False
    )

    class Meta:
        verbose_name = _("program guide")
        verbose_name_plural = _("program guides")

    def __str__(self) -> str:
        return str(self.program)


class TrainingCompletion(models.Model):
    """A participant passed the check of understanding of one training module."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions"
    )
    module = models.CharField(_("module"), max_length=30)
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "module"], name="training_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.module}"


class Goal(models.Model):
    """A goal of the guide's worksheet "Marco de establecimiento de los objetivos de la
    tutoría": written freely, selected and prioritised, made SMART, then split in three
    phases. Mentees set the pair's main goals; mentors one or two of their own."""

    class Owner(models.TextChoices):
        MENTEE = "mentee", _("Mentee")
        MENTOR = "mentor", _("Mentor")

    class MentorArea(models.TextChoices):
        LEADERSHIP = "leadership", _("Leadership development")
        ORGANISATION = "organisation", _("Organisational knowledge")
        COMMUNICATION = "communication", _("Communication effectiveness")
        VALUES = "values", _("Work values and approaches")
        INTERPERSONAL = "interpersonal", _("Interpersonal skills")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    owner = models.CharField(_("whose goal"), max_length=10, choices=Owner.choices)
    mentor_area = models.CharField(
        _("what the mentor gains"), max_length=20, choices=MentorArea.choices, blank=True
    )
    session_number = models.PositiveSmallIntegerField(_("session number"), default=1)
    date = models.DateField(_("date"))
    text = models.CharField(_("goal"), max_length=300)
    selected = models.BooleanField(_("selected"), default=False)
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    specific = models.TextField(_("specific"), blank=True)
    measurable = models.TextField(_("measurable"), blank=True)
    achievable = models.TextField(_("achievable"), blank=True)
    relevant = models.TextField(_("relevant"), blank=True)
    time_bound = models.TextField(_("time-bound"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pair", "owner", "-selected", "priority", "id"]

    def __str__(self) -> str:
        return self.text


class GoalPhase(models.Model):
    """One of a goal's three phases: a first very easy step, the main development, making
    it a habit. The meetings phase ticks them off."""

    class Number(models.IntegerChoices):
        FIRST_STEP = 1, _("Phase 1: a first, very easy step")
        DEVELOPMENT = 2, _("Phase 2: the main development")
        HABIT = 3, _("Phase 3: make it a habit")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("phase"), choices=Number.choices)
    description = models.CharField(_("what to do"), max_length=300)
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal phase")
        verbose_name_plural = _("goal phases")
        ordering = ["goal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="goal_phase_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=3), name="goal_phase_number_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_number_display()}"


class Agreement(models.Model):
    """How the pair works together, co-created by both (the guide's "Co-crea la relación:
    roles, horario, lugar"). Any change asks both members to confirm again."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="agreement")
    roles = models.TextField(_("roles and expectations"))
    schedule = models.CharField(_("schedule and frequency"), max_length=300)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    confidentiality = models.TextField(_("confidentiality"))
    version = models.PositiveIntegerField(default=1)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    experiences = models.TextField(_("experiences shared"), blank=True)
    knowledge = models.TextField(_("knowledge shared"), blank=True)
    advice = models.TextField(_("advice shared"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
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
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]

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
    description = models.TextField(_("description"), blank=True)
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
    """Something a member raises privately with the coordinator; the partner never sees it."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("what worries you"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pair}: {self.text[:40]}"
