import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Person
from jobs.models import Job
from programs.models import Program, Skill, length_limits
from programs.translations import Translatable


def new_token() -> str:
    """An unguessable token for a public or private link (128 bits of randomness)."""
    return secrets.token_urlsafe(16)


class Call(Translatable):
    """A program's open call for candidates: the guide's "Comunicar el proceso abierto".
    The invitation and the privacy notice can be written in every language."""

    TRANSLATED = ("invitation_text", "privacy_notice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not opened yet")
        OPEN = "open", pgettext_lazy("call", "Open")
        CLOSED = "closed", pgettext_lazy("call", "Closed")

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="call")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("Applications are accepted until the end of this day.")
    )
    invitation_text = models.TextField(
        _("invitation text"),
        help_text=_("{link} becomes the application link and {deadline} the deadline."),
        max_length=5000,
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        help_text=_("What applicants consent to: who processes their data, why and how long."),
        max_length=10000,
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        constraints = length_limits(invitation_text=5000, privacy_notice=10000)
        verbose_name = _("call for candidates")
        verbose_name_plural = _("calls for candidates")

    def __str__(self) -> str:
        return str(self.program)

    @property
    def closes_at(self) -> datetime.datetime:
        """The moment the deadline passes: midnight after the deadline, local time."""
        next_day = datetime.datetime.combine(
            self.deadline + datetime.timedelta(days=1), datetime.time.min
        )
        return timezone.make_aware(next_day)

    def invitation(self, link: str, language: str | None = None) -> str:
        """The invitation ready to send, with the link and the deadline filled in: in the
        program's language, or in `language` where it was written in it."""
        deadline = formats.date_format(self.deadline, "DATE_FORMAT")
        text = self.text("invitation_text", language)[0] if language else self.invitation_text
        return text.replace("{link}", link).replace("{deadline}", deadline)

    def invitation_email(self, link: str, language: str) -> tuple[str, str, bool]:
        """The invitation as an email of its own: (subject, body, whether the body holds
        the link). A first line such as "Subject: …" followed by an empty line, as the
        default text has, is the subject; the rest is the body."""
        text = self.invitation(link, language).strip()
        first, _blank, rest = text.partition("\n\n")
        label, colon, subject = first.partition(":")
        if colon and "\n" not in first and len(label) <= 20 and subject.strip() and rest:
            return subject.strip(), rest.strip(), link in rest
        return "", text, link in text

    def accepts_applications(self, now: datetime.datetime | None = None) -> bool:
        return self.status == self.Status.OPEN and (now or timezone.now()) < self.closes_at

    @property
    def effective_status(self) -> str:
        """The status as applicants meet it: an open call closes by itself at its deadline."""
        if self.status == self.Status.OPEN and not self.accepts_applications():
            return self.Status.CLOSED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(self.Status(self.effective_status).label)


class Candidate(models.Model):
    """One person's answers to the guide's questionnaire "Potenciales candidatos"."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # Left the organisation (their pair ended for that reason, or the HR directory
        # says so): never proposed again unless a coordinator accepts them again.
        LEFT = "left", _("Left the organisation")

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")
        BOTH = "both", _("Both")

    class Level(models.IntegerChoices):
        TRAINEE = 1, _("Trainee or intern")
        JUNIOR = 2, _("Junior staff")
        EXPERIENCED = 3, _("Experienced staff")
        LEAD = 4, _("Team lead or middle manager")
        SENIOR_MANAGER = 5, _("Senior manager")
        EXECUTIVE = 6, _("Executive or director")

    class Availability(models.TextChoices):
        EARLY_MORNING = "early_morning", _("Early morning (8:00–10:00)")
        MORNING = "morning", _("Morning (10:00–13:00)")
        MIDDAY = "midday", _("Midday (13:00–15:00)")
        AFTERNOON = "afternoon", _("Afternoon (15:00–18:00)")

    class Source(models.TextChoices):
        WEB = "web", _("Public form")
        IMPORT = "import", _("Imported file")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="candidates")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    # The guide's questionnaire, in its order.
    full_name = models.CharField(_("full name"), max_length=150)
    application_date = models.DateField(_("date"), default=timezone.localdate)
    linkedin_url = models.URLField(_("LinkedIn URL"), blank=True)
    desired_role = models.CharField(
        _("would you like to be mentor, mentee or both?"), max_length=10, choices=Role.choices
    )
    current_role = models.CharField(_("current role at work"), max_length=200)
    strengths = models.TextField(_("greatest strengths"), max_length=2000)
    areas_to_deepen = models.TextField(_("areas to deepen"), max_length=2000)
    first_expectation = models.TextField(
        _("what you want first from this mentoring"), max_length=2000
    )
    self_description = models.TextField(_("how you would describe yourself"), max_length=2000)
    current_challenges = models.TextField(_("challenges in your role right now"), max_length=2000)
    mentoring_meaning = models.TextField(_("what mentoring means to you"), max_length=2000)
    # What the organisation needs to form good reverse-mentoring pairs.
    email = models.EmailField(_("email"))
    department = models.CharField(_("department"), max_length=120)
    manager_email = models.EmailField(_("manager's email"), blank=True)
    years_in_organisation = models.PositiveSmallIntegerField(
        _("years in the organisation"), validators=[MaxValueValidator(60)]
    )
    level = models.PositiveSmallIntegerField(_("hierarchical level"), choices=Level.choices)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    language = models.CharField(
        _("language of communications"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    access_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["full_name", "id"]
        constraints = [
            *length_limits(
                strengths=2000,
                areas_to_deepen=2000,
                first_expectation=2000,
                self_description=2000,
                current_challenges=2000,
                mentoring_meaning=2000,
            ),
            models.UniqueConstraint(
                "program",
                Lower("email"),
                name="candidate_email_unique_in_program",
                violation_error_message=_("This email has already applied to this program."),
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def get_availability_display(self) -> list[str]:
        labels = dict(self.Availability.choices)
        return [str(labels[slot]) for slot in self.availability if slot in labels]


class CandidateLanguage(models.Model):
    """A language a candidate can hold the mentoring meetings in."""

    class Code(models.TextChoices):
        SPANISH = "es", _("Spanish")
        ENGLISH = "en", _("English")
        CATALAN = "ca", _("Catalan")
        BASQUE = "eu", _("Basque")
        GALICIAN = "gl", _("Galician")
        FRENCH = "fr", _("French")
        GERMAN = "de", _("German")
        ITALIAN = "it", _("Italian")
        PORTUGUESE = "pt", _("Portuguese")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=5, choices=Code.choices)

    class Meta:
        verbose_name = _("candidate language")
        verbose_name_plural = _("candidate languages")
        ordering = ["candidate", "code"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "code"], name="candidate_language_unique")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class SkillRating(models.Model):
    """A candidate's self-rating on one skill of the catalogue, 1 (none) to 5 (expert)."""

    class Level(models.IntegerChoices):
        NONE = 1, _("None")
        BASIC = 2, _("Basic")
        MEDIUM = 3, _("Medium")
        ADVANCED = 4, _("Advanced")
        EXPERT = 5, _("Expert")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    wants_to_learn = models.BooleanField(_("wants to learn"), default=False)

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")
        ordering = ["candidate", "skill__kind", "skill_id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "skill"], name="skill_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="skill_rating_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.level}"


class CandidateStatusChange(models.Model):
    """Every change of a candidate's status: who made it and when."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Candidate.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Candidate.Status.choices)
    # Empty when the applicant made the change (applying, withdrawing).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.from_status} → {self.to_status}"


class PairingMode(models.TextChoices):
    COORDINATOR = "coordinator", _("The coordinator forms the pairs")
    PREFERENCES = (
        "preferences",
        _("Mentees rank up to three suggested mentors; the optimiser weighs their choices"),
    )
    CHOOSE = "choose", _("Mentees ask a suggested mentor, who accepts or declines")


class MatchingCriteria(models.Model):
    """How a program's pairs are scored and which pairs are never formed."""

    class Objective(models.TextChoices):
        TOTAL = "total", _("Highest total score")
        WEAKEST = "weakest", _("Strongest weakest pair first")

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="matching_criteria"
    )
    objective = models.CharField(
        _("objective"), max_length=10, choices=Objective.choices, default=Objective.TOTAL
    )
    language_weight = models.PositiveSmallIntegerField(
        _("weight of a shared language"), default=1, validators=[MaxValueValidator(5)]
    )
    availability_weight = models.PositiveSmallIntegerField(
        _("weight of shared availability"), default=1, validators=[MaxValueValidator(5)]
    )
    department_weight = models.PositiveSmallIntegerField(
        _("weight of a different department"), default=0, validators=[MaxValueValidator(5)]
    )
    require_common_language = models.BooleanField(_("a common language"), default=True)
    forbid_same_department = models.BooleanField(_("never from the same department"), default=False)
    forbid_reporting_line = models.BooleanField(_("never in the same reporting line"), default=True)
    require_mentor_junior = models.BooleanField(
        _("the mentor is junior to the mentee (fewer years or a lower level)"), default=True
    )
    require_mentor_medium = models.BooleanField(
        _("the mentor is at least “medium” on a skill the mentee wants"), default=True
    )
    # {skill id: weight 0-3}; a skill not listed weighs 1.
    skill_weights = models.JSONField(_("skill weights"), default=dict, blank=True)
    pairing_mode = models.CharField(
        _("how pairs are formed"),
        max_length=20,
        choices=PairingMode.choices,
        default=PairingMode.COORDINATOR,
    )
    preference_points = models.PositiveSmallIntegerField(
        _("points for a mentee's first choice"),
        default=10,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "Added to the score of the mentor a mentee ranks first (two thirds for the "
            "second, one third for the third): a first choice wins over a smaller difference."
        ),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days a mentor has to answer a request"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    approval_required = models.BooleanField(
        _("a pair a mentor accepts waits for the coordinator's approval"), default=False
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_run = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("matching criteria")
        verbose_name_plural = _("matching criteria")

    def __str__(self) -> str:
        return str(self.program)

    def skill_weight(self, skill_id: int) -> int:
        return int(self.skill_weights.get(str(skill_id), 1))


class Pair(models.Model):
    """A mentor and a mentee: proposed by the matching, then published as final.

    A published pair is active until the coordinator pauses or ends it; at the program's
    end an active or paused pair is completed (see `lifecycle`). An ended pair keeps its
    history, read-only, and frees its people to be paired again.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("pair", "Active")
        PAUSED = "paused", pgettext_lazy("pair", "Paused")
        ENDED = "ended", pgettext_lazy("pair", "Ended early")
        COMPLETED = "completed", pgettext_lazy("pair", "Completed")

    class EndReason(models.TextChoices):
        LEFT = "left", _("One of them left the organisation or the program")
        MISMATCH = "mismatch", _("The pair did not work out")
        FINISHED_EARLY = "finished_early", _("They reached their goals early")
        OTHER = "other", _("Another reason")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="as_mentor")
    mentee = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="as_mentee")
    score = models.FloatField(_("score"))
    # [{"skill": name, "mentor": level, "mentee": level, "points": share of the score}]
    explanation = models.JSONField(default=list, blank=True)
    # The constraints a pair set by hand breaks (names from matching.pairing.engine.CONSTRAINTS).
    warnings = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    set_by_hand = models.BooleanField(_("set by hand"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    mentor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairs_as_mentor",
    )
    mentee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairs_as_mentee",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    end_reason = models.CharField(_("reason"), max_length=20, choices=EndReason.choices, blank=True)
    status_note = models.CharField(_("note"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-score", "id"]
        constraints = [
            # A mentee has one mentor at a time; a pair that ended leaves them free.
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=~models.Q(status="ended"),
                name="pair_one_current_mentor_per_mentee",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="pair_not_the_same_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    @property
    def is_open(self) -> bool:
        """Its members can still add to it: published and neither paused nor ended."""
        return self.is_published and self.status == self.Status.ACTIVE

    @property
    def lifecycle(self) -> str:
        """The status as people read it: a pair still running when the program ends is
        completed."""
        if self.status in (self.Status.ACTIVE, self.Status.PAUSED) and (
            self.program.end_date < timezone.localdate()
        ):
            return self.Status.COMPLETED
        return self.status

    def get_lifecycle_display(self) -> str:
        return str(self.Status(self.lifecycle).label)


class MentorPreference(models.Model):
    """A mentee's choice among the mentors suggested to them, ranked 1 to 3 (see
    MatchingCriteria.pairing_mode): the optimiser adds points for it."""

    RANKS = (1, 2, 3)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="preferences")
    mentee = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="preferences")
    mentor = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentor preference")
        verbose_name_plural = _("mentor preferences")
        ordering = ["mentee", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "rank"], name="preference_rank_once"),
            models.UniqueConstraint(fields=["mentee", "mentor"], name="preference_mentor_once"),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=3), name="preference_rank_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="preference_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.mentor} ({self.rank})"


class MentorRequest(models.Model):
    """A mentee asks one mentor (see PairingMode.CHOOSE); the mentor accepts or declines,
    with an optional note, before `answer_by`. A pending request holds a place of the
    mentor's capacity; a mentee has one pending request at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("request", "Accepted")
        DECLINED = "declined", pgettext_lazy("request", "Declined")
        EXPIRED = "expired", _("Not answered in time")
        CANCELLED = "cancelled", _("Cancelled")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="requests")
    mentee = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="mentor_requests")
    mentor = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="requests_received"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("a note for the mentee (optional)"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer_by = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status="pending"),
                name="request_one_pending_per_mentee",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="request_not_oneself"
            ),
        ]
        indexes = [models.Index(fields=["status", "answer_by"])]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.mentor} ({self.status})"


class PairBan(models.Model):
    """A pair the coordinator forbade: the matching never proposes it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_bans")
    mentor = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forbidden pair")
        verbose_name_plural = _("forbidden pairs")
        constraints = [
            models.UniqueConstraint(fields=["program", "mentor", "mentee"], name="pair_ban_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ✕ {self.mentee}"


class MatchingRun(Job):
    """A matching proposal asked for from the page and computed by a Celery task, so that
    no web request holds a solve (see jobs.models.Job for its status and claim). One per
    program: asking again replaces it. `result` keeps what the page says once it is
    ready; `stage` how far it got."""

    class Stage(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        SOLVING = "solving", _("Finding the best pairs")
        DONE = "done", _("Done")

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="matching_run")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.QUEUED)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("matching proposal")
        verbose_name_plural = _("matching proposals")

    def __str__(self) -> str:
        return f"{self.program}: {self.get_status_display()}"


class Invitation(models.Model):
    """A person of the HR directory invited to apply to a program's call: their link opens
    the form with what the directory knows of them already filled in."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint("program", "person", name="invitation_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.program}"
