from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.forms import DateInput

from .models import Agreement, Goal, GoalPhase, Meeting, ProgramGuide, Task, WelcomeMessage
from .services import PLACEHOLDERS, placeholders_check
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


class GuideForm(forms.ModelForm):
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
        for field, question in GUIDING_QUESTIONS.items():
            self.fields[field] = forms.CharField(
                label=labels[field],
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


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def https_urls(field, **kwargs):
    """Model URL fields as form fields that take "example.com" as https://example.com."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        formfield_callback = https_urls
        fields = ["roles", "schedule", "place", "video_link", "confidentiality"]
        widgets = {
            "roles": forms.Textarea(attrs={"rows": 4}),
            "confidentiality": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "roles": _("What each of you brings and expects."),
            "schedule": _("For example: every two weeks, Tuesdays at 9:00, one hour."),
        }


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        formfield_callback = https_urls
        fields = ["starts_at", "duration_minutes", "place", "video_link", "agenda"]
        widgets = {"starts_at": DateTimeInput(), "agenda": forms.Textarea(attrs={"rows": 3})}

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Choose a date and time in the future."))
        return starts_at

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("video_link"):
            self.add_error("place", _("Say where you meet: a place or a video link."))
        return cleaned


class MeetingLogForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Did the meeting take place?"),
        choices=[(1, _("Yes, we met")), (0, _("No, it was cancelled"))],
        coerce=lambda value: value in (1, "1", True),
        widget=forms.RadioSelect,
    )
    experiences = forms.CharField(
        label=_("Experiences shared"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    knowledge = forms.CharField(
        label=_("Knowledge shared"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    advice = forms.CharField(
        label=_("Advice shared"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phases = forms.ModelMultipleChoiceField(
        label=_("Goal phases completed"),
        queryset=GoalPhase.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cancel_reason = forms.CharField(
        label=_("Why was it cancelled?"), required=False, max_length=300
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phases"].queryset = GoalPhase.objects.filter(
            goal__pair=pair, goal__selected=True
        ).select_related("goal")
        self.fields["phases"].label_from_instance = lambda phase: (
            f"{phase.goal.text} · {phase.get_number_display()}"
        )

    def clean(self):
        cleaned = super().clean()
        held = cleaned.get("held")
        if held and not any(
            cleaned.get(f) for f in ("experiences", "knowledge", "advice", "next_steps")
        ):
            raise forms.ValidationError(_("Write down at least what you shared or the next steps."))
        if held is False and not cleaned.get("cancel_reason"):
            self.add_error("cancel_reason", _("Say briefly why it did not take place."))
        return cleaned

    def notes(self) -> dict:
        if self.cleaned_data["held"]:
            return {
                f: self.cleaned_data[f]
                for f in ("experiences", "knowledge", "advice", "next_steps")
            }
        return {"cancel_reason": self.cleaned_data["cancel_reason"]}


ALLOWED_UPLOADS = {
    ".pdf",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".png",
    ".jpg",
    ".jpeg",
    ".txt",
    ".csv",
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        formfield_callback = https_urls
        fields = ["title", "description", "link", "file", "due_date"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "size"):
            extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if extension not in ALLOWED_UPLOADS:
                raise forms.ValidationError(
                    _("This type of file is not accepted. Use: %(types)s.")
                    % {"types": ", ".join(sorted(ALLOWED_UPLOADS))}
                )
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class PulseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did it go?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("A comment only the coordinator will read (optional)"),
        required=False,
        max_length=500,
    )


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("What worries you?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the program's coordinators read this; your partner never sees it."),
    )
