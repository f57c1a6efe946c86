from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .actions import action_label
from .translations import Translatable

MAX_MENTOR_CAPACITY = 10


def length_limits(**limits: int) -> list[models.CheckConstraint]:
    """The database keeps each free-text field within its limit; the same number is the
    field's max_length, which the forms check and show (a textarea's maxlength)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit), name=f"%(class)s_{name}_length"
        )
        for name, limit in limits.items()
    ]


class Program(models.Model):
    """A reverse-mentoring program, defined by its objective (the guide's phase 1)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    class Cadence(models.IntegerChoices):
        WEEKLY = 7, _("Every week")
        FORTNIGHTLY = 14, _("Every two weeks")
        THREE_WEEKS = 21, _("Every three weeks")
        MONTHLY = 28, _("Every four weeks")

    name = models.CharField(_("name"), max_length=200)
    focus = models.TextField(
        _("focus of the project"),
        help_text=_("What the program is about and why the organisation runs it."),
        max_length=2000,
    )
    general_objective = models.TextField(
        _("general objective"),
        help_text=_("The improvement the whole program pursues; the final evaluation measures it."),
        max_length=2000,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    meeting_cadence_days = models.PositiveSmallIntegerField(
        _("meeting cadence"), choices=Cadence.choices, default=Cadence.FORTNIGHTLY
    )
    mentor_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MENTOR_CAPACITY)],
        help_text=_("How many mentees one mentor may take at most."),
    )
    language = models.CharField(
        _("language of the program"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Used for its default texts and its reports."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_programs",
        verbose_name=_("coordinators"),
    )
    hr_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="hr_contact_programs",
        blank=True,
        verbose_name=_("HR contacts"),
        help_text=_("People of the Human Resources department participants can turn to."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    catalogue_reviewed_at = models.DateTimeField(
        _("skill catalogue reviewed"), null=True, blank=True
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-start_date", "name"]
        constraints = [
            *length_limits(focus=2000, general_objective=2000),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="program_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    mentor_capacity__gte=1, mentor_capacity__lte=MAX_MENTOR_CAPACITY
                ),
                name="program_mentor_capacity_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def outbox_group(self) -> str:
        """How the outbox lists this program's emails (Notification.group)."""
        return f"program:{self.pk}"

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days

    @property
    def duration_display(self) -> str:
        """The duration in the words a coordinator plans with: weeks, and months when long."""
        weeks, days = divmod(self.duration_days, 7)
        if weeks == 0:
            return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        text = ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}
        if days:
            text += " " + ngettext("and %(count)d day", "and %(count)d days", days) % {
                "count": days
            }
        months = round(self.duration_days / 30.44)
        if months >= 2:
            text += " " + ngettext(
                "(about %(count)d month)", "(about %(count)d months)", months
            ) % {"count": months}
        return text


class LearningObjective(models.Model):
    """One of the program's learning objectives, in the coordinator's order."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="learning_objectives"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("learning objective"), max_length=300)
    # The competences of the catalogue it develops: their change before and after tells
    # how far it was attained (with the goals that serve it, and the questionnaire).
    skills = models.ManyToManyField(
        "Skill", blank=True, related_name="objectives", verbose_name=_("competences")
    )

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="learning_objective_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Skill(Translatable):
    """A digital competence or tool of a program's catalogue, which candidates rate 1-5.
    Its name and description can be written in every language of the product."""

    TRANSLATED = ("name", "description")

    class Kind(models.TextChoices):
        COMPETENCE = "competence", _("Digital competence")
        TOOL = "tool", _("Digital tool")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="skills")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["program", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                "program",
                Lower("name"),
                name="skill_name_unique_in_program",
                violation_error_message=_("This program already has a skill with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgramLogEntry(models.Model):
    """Who changed what in a program, and when: the program's audit trail. The action is a
    namespaced name ("matching.pairs_published") that the app doing it registered with its
    label (see `programs.audit`), so this app lists no later phase's vocabulary."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    # What the action needs to be understood later (how many, which one…).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("program log entry")
        verbose_name_plural = _("program log entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor} {self.label}"

    @property
    def label(self) -> str:
        return action_label(self.action)


class Message(Translatable):
    """An email a coordinator wrote to a group of the program's people (see
    `programs.audiences`), kept with its recipients as they were when it was sent. Each
    person gets it once, through the outbox, in their language when it was translated."""

    TRANSLATED = ("subject", "body")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(_("to"), max_length=60)
    # Narrows a group to part of it, such as one pair ("12") or one of its people
    # ("12:mentor"); the group says what it means.
    target = models.CharField(max_length=40, blank=True, default="")
    # The group's name as the sender read it, for the sent log.
    audience_label = models.CharField(_("to"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    # One per form shown: sending the same form twice (a double click) sends nothing more.
    token = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-sent_at", "-id"]
        constraints = length_limits(body=5000)
        indexes = [models.Index(fields=["program", "audience", "target"])]

    def __str__(self) -> str:
        return self.subject


class MessageRecipient(models.Model):
    """One person a message went to, with what its placeholders say to them."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.CharField(max_length=300, blank=True)
    link = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["message", "user__first_name", "user__last_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.message} → {self.user}"


class JourneyStep(Translatable):
    """How one program has one of its automatic touchpoints (see programs.journey): on or
    off, its days, and, when the coordinator wrote one, its own text in every language
    (placeholders as in messages: see programs.audiences). Programs without a row have the
    touchpoint's defaults and the product's text."""

    TRANSLATED = ("subject", "body")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="journey")
    key = models.CharField(max_length=60)
    enabled = models.BooleanField(_("on"), default=True)
    days = models.PositiveSmallIntegerField(_("days"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"), max_length=5000, blank=True)

    @property
    def has_text(self) -> bool:
        return bool(self.subject and self.body)

    class Meta:
        verbose_name = _("step of the journey")
        verbose_name_plural = _("steps of the journey")
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="journey_step_once"),
            *length_limits(body=5000),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.key}"
