"""Phase 3, "Prepararse para empezar": welcome communications, the principles and
instructions, mentor training, and the SMART goal worksheet of each pair."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.models import Pair
from programs.models import LearningObjective, Program, length_limits
from programs.translations import Translatable


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
    body = models.TextField(_("body"), max_length=10000)

    class Meta:
        verbose_name = _("welcome message")
        verbose_name_plural = _("welcome messages")
        ordering = ["program", "audience", "language"]
        constraints = [
            *length_limits(body=10000),
            models.UniqueConstraint(
                fields=["program", "audience", "language"], name="welcome_message_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} ({self.language})"


class ProgramGuide(Translatable):
    """What every participant reads first: the principles of reverse mentoring and the
    instructions to begin (Markdown, shown sanitised), and the preparation settings. The
    texts can be written in every language of the product."""

    TRANSLATED = ("principles", "instructions", "principles_html", "instructions_html")

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="guide")
    principles = models.TextField(_("principles of reverse mentoring"), max_length=20000)
    instructions = models.TextField(_("instructions to begin"), max_length=20000)
    # The Markdown above, rendered and sanitised when saved.
    principles_html = models.TextField(editable=False, default="")
    instructions_html = models.TextField(editable=False, default="")
    training_required = models.BooleanField(
        _("mentors must complete their training before the first meeting"), default=False
    )

    class Meta:
        constraints = length_limits(principles=20000, instructions=20000)
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
    # The program's learning objective it serves, when the pair says so.
    objective = models.ForeignKey(
        LearningObjective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("learning objective it serves"),
    )
    selected = models.BooleanField(_("selected"), default=False)
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    specific = models.TextField(_("specific"), blank=True, max_length=1000)
    measurable = models.TextField(_("measurable"), blank=True, max_length=1000)
    achievable = models.TextField(_("achievable"), blank=True, max_length=1000)
    relevant = models.TextField(_("relevant"), blank=True, max_length=1000)
    time_bound = models.TextField(_("time-bound"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = length_limits(
            specific=1000, measurable=1000, achievable=1000, relevant=1000, time_bound=1000
        )
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
