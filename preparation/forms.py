from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms import DateInput, TranslationsMixin

from .models import Goal, GoalPhase, ProgramGuide, WelcomeMessage
from .placeholders import PLACEHOLDERS, placeholders_check
from .smart import GUIDING_QUESTIONS
from .training import Module

MAX_BRAINSTORM_GOALS = 10


class WelcomeMessageForm(forms.ModelForm):
    class Meta:
        model = WelcomeMessage
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": _("Placeholders: %(names)s.")
            % {"names": ", ".join("{" + n + "}" for n in PLACEHOLDERS)}
        }

    def clean_subject(self) -> str:
        placeholders_check(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self) -> str:
        placeholders_check(self.cleaned_data["body"])
        return self.cleaned_data["body"]


class GuideForm(TranslationsMixin, forms.ModelForm):
    translated_labels = {
        "principles": _("Principles of reverse mentoring"),
        "instructions": _("Instructions to begin"),
    }

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields(languages)
        others = [code for code, _name in self.languages]
        self.order_fields(
            ["principles", *[f"principles_{code}" for code in others]]
            + ["instructions", *[f"instructions_{code}" for code in others]]
            + ["training_required"]
        )

    class Meta:
        model = ProgramGuide
        fields = ["principles", "instructions", "training_required"]
        widgets = {
            "principles": forms.Textarea(attrs={"rows": 12}),
            "instructions": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "principles": _(
                "Formatted text: **bold**, *italics*, lists starting with “- ” or “1. ”."
            ),
        }


class TrainingCheckForm(forms.Form):
    def __init__(self, *args, module: Module, **kwargs):
        super().__init__(*args, **kwargs)
        for n, question in enumerate(module.questions):
            self.fields[f"q{n}"] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.options)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class BrainstormForm(forms.Form):
    goals = forms.CharField(
        label=_("Your goals, one per line"),
        max_length=MAX_BRAINSTORM_GOALS * 301,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write at least one goal.")},
    )
    mentor_area = forms.ChoiceField(
        label=_("What you want to gain as a mentor"),
        choices=[("", "—"), *Goal.MentorArea.choices],
        required=False,
    )

    def __init__(self, *args, owner: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if owner == Goal.Owner.MENTEE:
            del self.fields["mentor_area"]
        else:
            self.fields["mentor_area"].required = True
            self.fields["mentor_area"].error_messages["required"] = _(
                "Choose what you want to gain."
            )

    def clean_goals(self) -> list[str]:
        goals = [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]
        if len(goals) > MAX_BRAINSTORM_GOALS:
            raise forms.ValidationError(
                _("Write %(max)d goals at most; choose the ones that matter most.")
                % {"max": MAX_BRAINSTORM_GOALS}
            )
        too_long = [goal for goal in goals if len(goal) > 300]
        if too_long:
            raise forms.ValidationError(_("Keep each goal under 300 characters."))
        return goals


class PrioritiseForm(forms.Form):
    """Step 1b: tick the goals to formalise and give them an order."""

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"priority_{goal.pk}"] = forms.IntegerField(
                label=goal.text,
                required=False,
                min_value=1,
                max_value=len(self.goals),
                initial=goal.priority,
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [value for name, value in cleaned.items() if value is not None]
        if not chosen:
            raise forms.ValidationError(_("Give a priority (1, 2, …) to at least one goal."))
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Give each chosen goal a different priority."))
        return cleaned

    def choices(self) -> dict[int, int | None]:
        return {goal.pk: self.cleaned_data.get(f"priority_{goal.pk}") for goal in self.goals}


class SmartGoalForm(forms.Form):
    """Steps 2 and 3 for one goal: the five SMART criteria and the three phases."""

    text = forms.CharField(label=_("Goal"), max_length=300)

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "specific": _("Specific"),
            "measurable": _("Measurable"),
            "achievable": _("Achievable"),
            "relevant": _("Relevant"),
            "time_bound": _("Time-bound"),
        }
        self.initial.setdefault("text", goal.text)
        objectives = goal.pair.program.learning_objectives.all()
        if objectives:
            self.fields["objective"] = forms.ModelChoiceField(
                label=_("Learning objective it serves"),
                queryset=objectives,
                required=False,
                empty_label=_("None of the program's"),
                help_text=_("The results show, per learning objective, the goals that serve it."),
            )
            self.initial.setdefault("objective", goal.objective_id)
        for field, question in GUIDING_QUESTIONS.items():
            self.fields[field] = forms.CharField(
                label=labels[field],
                max_length=Goal._meta.get_field(field).max_length,
                help_text=question,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": _("Answer this question to make the goal SMART.")},
            )
            self.initial.setdefault(field, getattr(goal, field))
        phases = {phase.number: phase for phase in goal.phases.all()}
        for number, label in GoalPhase.Number.choices:
            self.fields[f"phase{number}"] = forms.CharField(label=label, max_length=300)
            self.fields[f"due{number}"] = forms.DateField(label=_("Due date"), widget=DateInput())
            if number in phases:
                self.initial.setdefault(f"phase{number}", phases[number].description)
                self.initial.setdefault(f"due{number}", phases[number].due_date)

    def clean(self):
        cleaned = super().clean()
        dues = [cleaned.get(f"due{n}") for n in (1, 2, 3)]
        if all(dues) and not dues[0] <= dues[1] <= dues[2]:
            self.add_error(
                "due3", _("The phases come one after another: their due dates must too.")
            )
        return cleaned

    def smart(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field in GUIDING_QUESTIONS}
