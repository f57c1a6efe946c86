import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.intake.forms import LEVEL_LABELS
from programs.forms import DateInput
from programs.models import Skill

from .models import Evaluation, Interview, Response
from .scales import PROGRESS as PROGRESS_LABELS
from .scales import RECOMMEND as RECOMMEND_LABELS
from .scales import SATISFACTION as SATISFACTION_LABELS
from .services import ANSWER_FIELDS, SATISFACTION_FIELDS


class LaunchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Questionnaire"), choices=Evaluation.Kind.choices, widget=forms.RadioSelect
    )
    closes_on = forms.DateField(
        label=_("Answers accepted until"),
        widget=DateInput,
        help_text=_(
            "Participants who have not answered get a reminder every three days until then."
        ),
    )

    comparison = forms.BooleanField(
        label=_("Also ask the mentees left waiting for a pair (a comparison group)"),
        help_text=_(
            "With the final evaluation only. They rate their skills again from a private "
            "link; the results set the participants' change against theirs."
        ),
        required=False,
    )

    def __init__(self, *args, launched: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in Evaluation.Kind.choices if value not in launched
        ]
        if self.fields["kind"].choices:
            self.initial.setdefault("kind", self.fields["kind"].choices[-1][0])
        self.initial.setdefault("closes_on", timezone.localdate() + datetime.timedelta(days=14))

    def clean_closes_on(self) -> datetime.date:
        value = self.cleaned_data["closes_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot be in the past."))
        return value


def _scale(label, choices, required_message):
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class QuestionnaireForm(forms.Form):
    """The mentor's or the mentee's variant (or both at once) of a questionnaire: the
    satisfaction items, progress on the objective and on each own goal, learning outcomes
    and needs, comments, and in the final one the skill self-assessment again."""

    def __init__(self, *args, response: Response, goals, skills, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.response = response
        self.goals = list(goals)
        self.skills = list(skills) if response.evaluation.is_final else []
        self.objectives = list(objectives) if response.evaluation.is_final else []
        choose = _("Choose an answer.")
        mentor = response.role == Response.Role.MENTOR
        self.fields["relationship"] = _scale(
            _("What is your level of satisfaction with your relationship with your mentee?")
            if mentor
            else _("What is your level of satisfaction with your relationship with your mentor?")
            if response.role == Response.Role.MENTEE
            else _("What is your level of satisfaction with your mentoring relationships?"),
            SATISFACTION_LABELS,
            choose,
        )
        self.fields["meetings"] = _scale(
            _(
                "What is your level of satisfaction with the meetings (how often, how long, "
                "how useful)?"
            ),
            SATISFACTION_LABELS,
            choose,
        )
        self.fields["organisation"] = _scale(
            _("What is your level of satisfaction with the organisation of the program?"),
            SATISFACTION_LABELS,
            choose,
        )
        self.fields["recommend"] = _scale(
            _("Would you recommend reverse mentoring to a colleague?"), RECOMMEND_LABELS, choose
        )
        self.fields["objective_progress"] = _scale(
            _("How much has your mentee progressed towards the program's general objective?")
            if mentor
            else _("How much have you progressed towards the program's general objective?"),
            PROGRESS_LABELS,
            choose,
        )
        for goal in self.goals:
            self.fields[self.goal_field(goal)] = _scale(goal.text, PROGRESS_LABELS, choose)
        for objective in self.objectives:
            self.fields[self.objective_field(objective)] = _scale(
                objective.text, PROGRESS_LABELS, choose
            )
        self.fields["outcomes"] = forms.CharField(
            max_length=Response._meta.get_field("outcomes").max_length,
            label=_(
                "What have you learned from your mentee? (leadership, the organisation, communication, other ways of working)"
            )
            if mentor
            else _("What have you learned? Which digital skills and tools do you use now?")
            if response.role == Response.Role.MENTEE
            else _("What have you learned, as a mentor and as a mentee?"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        )
        self.fields["needs"] = forms.CharField(
            max_length=Response._meta.get_field("needs").max_length,
            label=_("What would you still like to learn from now on? What support would you need?"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["comments"] = forms.CharField(
            max_length=Response._meta.get_field("comments").max_length,
            label=_("Comments and suggestions to improve the program"),
            help_text=_("The coordinator may quote them in the report, without your name."),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        # Skill names in the respondent's language, or the program's with a note.
        self.skills_fallback = False
        for skill in self.skills:
            local = skill.local
            self.skills_fallback = self.skills_fallback or local.fallback
            self.fields[self.skill_field(skill)] = _scale(
                local.name,
                list(LEVEL_LABELS.items()),
                _("Choose your level in this skill."),
            )
        if response.submitted_at is not None:
            self._fill_initial()

    def _fill_initial(self) -> None:
        response = self.response
        for name in ANSWER_FIELDS:
            self.initial[name] = getattr(response, name)
        for progress in response.goal_progress.all():
            self.initial[f"goal_{progress.goal_id}"] = progress.progress
        for level in response.skill_levels.all():
            self.initial[f"skill_{level.skill_id}"] = level.level
        for answer in response.objective_answers.all():
            self.initial[f"objective_{answer.objective_id}"] = answer.met

    @staticmethod
    def objective_field(objective) -> str:
        return f"objective_{objective.pk}"

    def objective_fields(self):
        return [self[self.objective_field(objective)] for objective in self.objectives]

    def objectives_met(self) -> dict[int, int]:
        return {o.pk: self.cleaned_data[self.objective_field(o)] for o in self.objectives}

    @staticmethod
    def goal_field(goal) -> str:
        return f"goal_{goal.pk}"

    @staticmethod
    def skill_field(skill: Skill) -> str:
        return f"skill_{skill.pk}"

    def satisfaction_fields(self):
        return [self[name] for name in SATISFACTION_FIELDS]

    def goal_fields(self):
        return [(goal, self[self.goal_field(goal)]) for goal in self.goals]

    def skill_groups(self):
        groups = []
        for kind, label in (
            (Skill.Kind.COMPETENCE, _("Digital competences")),
            (Skill.Kind.TOOL, _("Digital tools")),
        ):
            fields = [self[self.skill_field(s)] for s in self.skills if s.kind == kind]
            if fields:
                groups.append((label, fields))
        return groups

    def answers(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in ANSWER_FIELDS}

    def goal_progress(self) -> dict[int, int]:
        return {goal.pk: self.cleaned_data[self.goal_field(goal)] for goal in self.goals}

    def skill_levels(self) -> dict[int, int]:
        return {skill.pk: self.cleaned_data[self.skill_field(skill)] for skill in self.skills}


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["held_on", "notes", "highlight"]
        widgets = {
            "held_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 10}),
            "highlight": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "notes": _(
                "Improvement on the general objective, satisfaction, learning outcomes and needs: what the participant told you. Only the program's coordinators read these notes."
            )
        }


class ComparisonForm(forms.Form):
    """The comparison group's short questionnaire: the skills they rated when they applied,
    rated again."""

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        self.skills_fallback = False
        for skill in self.skills:
            local = skill.local
            self.skills_fallback = self.skills_fallback or local.fallback
            self.fields[f"skill_{skill.pk}"] = _scale(
                local.name, list(LEVEL_LABELS.items()), _("Choose your level in this skill.")
            )

    def levels(self) -> dict[int, int]:
        return {skill.pk: self.cleaned_data[f"skill_{skill.pk}"] for skill in self.skills}
