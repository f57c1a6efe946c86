"""Phase 5, "Evaluación final": the questionnaires (a final one, and an optional mid-program
check-in), the coordinator's interviews, and the PDF reports built from them."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models import Job
from matching.models import Candidate, Pair, new_token
from preparation.models import Goal
from programs.models import LearningObjective, Program, Skill, length_limits


def one_to_five(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__isnull": True})
        | models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
        name=f"%(class)s_{name}_1_to_5",
    )


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(models.Model):
    """One round of questionnaires sent to every participant of a program."""

    class Kind(models.TextChoices):
        MIDPOINT = "midpoint", _("Mid-program check-in")
        FINAL = "final", _("Final evaluation")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    closes_on = models.DateField(_("answers accepted until"))
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    launched_at = models.DateTimeField(_("launched"), auto_now_add=True)
    # When its answers (or the comments chosen, or the interviews) last changed: the key
    # of the results' cache, so the page computes them once per change.
    results_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["program", "launched_at"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="evaluation_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.get_kind_display()}"

    @property
    def is_final(self) -> bool:
        return self.kind == self.Kind.FINAL


class Response(models.Model):
    """A participant's questionnaire in one evaluation: created unanswered when the
    evaluation is launched, answered (and editable) until it closes. Someone who is mentor
    in one pair and mentee in another answers once, with both variants' questions."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")
        BOTH = "both", _("Mentor and mentee")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluation_responses"
    )
    # The application whose skill self-assessment is the "before".
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    relationship = models.PositiveSmallIntegerField(
        _("the mentoring relationship"), null=True, validators=SCALE
    )
    meetings = models.PositiveSmallIntegerField(_("the meetings"), null=True, validators=SCALE)
    organisation = models.PositiveSmallIntegerField(
        _("the organisation of the program"), null=True, validators=SCALE
    )
    recommend = models.PositiveSmallIntegerField(
        _("would recommend it"), null=True, validators=SCALE
    )
    objective_progress = models.PositiveSmallIntegerField(
        _("progress on the general objective"), null=True, validators=SCALE
    )
    outcomes = models.TextField(_("learning outcomes"), blank=True, max_length=5000)
    needs = models.TextField(_("learning needs going forward"), blank=True, max_length=5000)
    comments = models.TextField(_("comments"), blank=True, max_length=5000)
    # The coordinator picks the comments worth quoting (without names) in the results.
    comment_selected = models.BooleanField(_("selected comment"), default=False)
    submitted_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["evaluation", "respondent__last_name", "respondent__first_name", "pk"]
        constraints = [
            *length_limits(outcomes=5000, needs=5000, comments=5000),
            models.UniqueConstraint(
                fields=["evaluation", "respondent"], name="response_once_per_evaluation"
            ),
            one_to_five("relationship"),
            one_to_five("meetings"),
            one_to_five("organisation"),
            one_to_five("recommend"),
            one_to_five("objective_progress"),
        ]
        indexes = [models.Index(fields=["evaluation", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.respondent}"

    @property
    def is_mentor(self) -> bool:
        return self.role in (self.Role.MENTOR, self.Role.BOTH)

    @property
    def is_mentee(self) -> bool:
        return self.role in (self.Role.MENTEE, self.Role.BOTH)


class GoalProgress(models.Model):
    """How far a respondent got with one of their own goals, 1 (nothing) to 5 (achieved)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="goal_progress")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    progress = models.PositiveSmallIntegerField(_("progress"), validators=SCALE)

    class Meta:
        verbose_name = _("goal progress")
        verbose_name_plural = _("goal progress")
        constraints = [
            models.UniqueConstraint(fields=["response", "goal"], name="goal_progress_unique"),
            one_to_five("progress"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.progress}"


class SkillReassessment(models.Model):
    """The skill self-assessment again, at the end: the "after" of the intake rating."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="skill_levels")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=SCALE)

    class Meta:
        verbose_name = _("skill reassessment")
        verbose_name_plural = _("skill reassessments")
        constraints = [
            models.UniqueConstraint(fields=["response", "skill"], name="skill_reassessment_unique"),
            one_to_five("level"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}: {self.level}"


class ObjectiveAnswer(models.Model):
    """In the final questionnaire, how far one of the program's learning objectives was met
    for the respondent, 1 (not at all) to 5 (fully)."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="objective_answers"
    )
    objective = models.ForeignKey(LearningObjective, on_delete=models.CASCADE, related_name="+")
    met = models.PositiveSmallIntegerField(_("objective met"), validators=SCALE)

    class Meta:
        verbose_name = _("learning objective answer")
        verbose_name_plural = _("learning objective answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "objective"], name="objective_answer_unique"
            ),
            one_to_five("met"),
        ]

    def __str__(self) -> str:
        return f"{self.objective_id}: {self.met}"


class ComparisonResponse(models.Model):
    """Someone accepted but left waiting for a pair, asked at the final evaluation for the
    same short skill self-rating as the participants: the comparison group. They have no
    account, so they answer from a private link."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="comparison_responses"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    submitted_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("comparison group answer")
        verbose_name_plural = _("comparison group answers")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "candidate"], name="comparison_once_per_evaluation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.candidate_id}"


class ComparisonRating(models.Model):
    """A skill level of the comparison group's self-rating at the end (1-5)."""

    response = models.ForeignKey(
        ComparisonResponse, on_delete=models.CASCADE, related_name="levels"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=SCALE)

    class Meta:
        verbose_name = _("comparison group rating")
        verbose_name_plural = _("comparison group ratings")
        constraints = [
            models.UniqueConstraint(fields=["response", "skill"], name="comparison_rating_unique"),
            one_to_five("level"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}: {self.level}"


class Interview(models.Model):
    """The coordinator's notes of the final interview with one participant."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="interviews")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    held_on = models.DateField(_("date of the interview"))
    notes = models.TextField(_("notes"), max_length=10000)
    highlight = models.CharField(
        _("highlight for the report"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences worth quoting in the report, without names."),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["program", "held_on"]
        constraints = [
            *length_limits(notes=10000),
            models.UniqueConstraint(
                fields=["program", "participant"], name="interview_once_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.participant}"


def report_upload_to(report: "Report", filename: str) -> str:
    return f"reports/{report.program_id}/{uuid.uuid4().hex}/{filename}"


class Report(Job):
    """A PDF evaluation report, of the whole program or of one pair, or every pair's report
    in one ZIP (a bundle), built by a Celery task (see jobs.models.Job for its status and
    claim). There is one of each per program and one per pair: building it again replaces
    the file."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reports")
    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    file = models.FileField(upload_to=report_upload_to, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # Every pair's report in one ZIP file, built in one job, rather than one PDF.
    bundle = models.BooleanField(default=False)
    # How far the build of a ZIP got: the pairs' reports done, of how many.
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["program", "pair"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(pair__isnull=True, bundle=False),
                name="report_once_per_program",
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(bundle=True),
                name="report_bundle_once_per_program",
            ),
            models.CheckConstraint(
                condition=models.Q(bundle=False) | models.Q(pair__isnull=True),
                name="report_bundle_of_no_pair",
            ),
            models.UniqueConstraint(
                fields=["pair"], condition=models.Q(pair__isnull=False), name="report_once_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}{f' · {self.pair}' if self.pair_id else ''}"
