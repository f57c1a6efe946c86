import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import BadRequest
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .audiences import PLACEHOLDERS, placeholders_unknown
from .models import JourneyStep, LearningObjective, Message, Program, Skill
from .selectors import coordinator_candidates

MAX_LEARNING_OBJECTIVES = 12


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# The largest id a database column holds (a 64-bit integer).
LARGEST_ID = 2**63 - 1


def object_id(value) -> int:
    """An id sent by a browser, as a number; anything that cannot be one (not a whole
    number, or larger than a database holds) is a bad request (400), never a query that
    fails in the database."""
    text = str(value or "").strip()
    if not text.isdecimal() or int(text) > LARGEST_ID:
        raise BadRequest("Not an id.")
    return int(text)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing ids no database can hold as invalid choices, with the field's
    own message, instead of failing in the database."""

    def clean(self, value):
        for pk in value or []:
            text = str(pk).strip()
            if not text.isdecimal() or int(text) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:30]},
                )
        return super().clean(value)


def _dates_check(form: forms.BaseForm, cleaned: dict) -> dict:
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start and end and end <= start:
        form.add_error("end_date", _("The end date must be after the start date."))
    return cleaned


class ProgramForm(forms.ModelForm):
    learning_objectives = forms.CharField(
        label=_("Learning objectives"),
        max_length=MAX_LEARNING_OBJECTIVES * 301,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One objective per line, most important first."),
        error_messages={"required": _("Write at least one learning objective.")},
    )

    class Meta:
        model = Program
        fields = [
            "name",
            "focus",
            "general_objective",
            "learning_objectives",
            "start_date",
            "end_date",
            "meeting_cadence_days",
            "mentor_capacity",
            "language",
            "coordinators",
            "hr_contacts",
        ]
        field_classes = {
            "coordinators": ModelMultipleChoiceField,
            "hr_contacts": ModelMultipleChoiceField,
        }
        widgets = {
            "focus": forms.Textarea(attrs={"rows": 3}),
            "general_objective": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "coordinators": forms.CheckboxSelectMultiple,
            "hr_contacts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        staff = coordinator_candidates()
        self.fields["coordinators"].queryset = staff
        self.fields["hr_contacts"].queryset = staff
        if self.instance.pk:
            self.fields["coordinators"].help_text = _("The HR staff who run this program.")
            self.initial.setdefault(
                "learning_objectives",
                "\n".join(self.instance.learning_objectives.values_list("text", flat=True)),
            )
        else:
            start = timezone.localdate() + datetime.timedelta(days=14)
            self.initial.setdefault("start_date", start)
            self.initial.setdefault("end_date", start + datetime.timedelta(weeks=26))
            # Whoever creates a program coordinates it; others may be added alongside.
            self.fields["coordinators"].required = False
            self.fields["coordinators"].queryset = staff.exclude(pk=user.pk)
            self.fields["coordinators"].label = _("Other coordinators")
            self.fields["coordinators"].help_text = _(
                "You will coordinate this program; add colleagues who will run it with you."
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Objective"), "name", "focus", "general_objective", "learning_objectives"),
            Fieldset(
                _("Duration and rhythm"),
                Div(
                    Div("start_date", css_class="col-sm-6"),
                    Div("end_date", css_class="col-sm-6"),
                    css_class="row",
                ),
                Div(
                    Div("meeting_cadence_days", css_class="col-sm-4"),
                    Div("mentor_capacity", css_class="col-sm-4"),
                    Div("language", css_class="col-sm-4"),
                    css_class="row",
                ),
            ),
            Fieldset(_("People"), "coordinators", "hr_contacts"),
            Submit("save", _("Save the program")),
        )

    def clean_learning_objectives(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["learning_objectives"].splitlines()]
        objectives = [line for line in lines if line]
        if not objectives:
            raise forms.ValidationError(_("Write at least one learning objective."))
        if len(objectives) > MAX_LEARNING_OBJECTIVES:
            raise forms.ValidationError(
                _("Keep to %(max)d learning objectives at most; you wrote %(count)d."),
                params={"max": MAX_LEARNING_OBJECTIVES, "count": len(objectives)},
            )
        max_length = LearningObjective._meta.get_field("text").max_length
        for number, objective in enumerate(objectives, start=1):
            if len(objective) > max_length:
                raise forms.ValidationError(
                    _("Objective %(number)d is too long: %(max)d characters at most."),
                    params={"number": number, "max": max_length},
                )
        return objectives

    def clean_coordinators(self):
        coordinators = self.cleaned_data["coordinators"]
        editing = self.instance.pk is not None
        if editing and not self.user.is_superuser and self.user not in coordinators:
            raise forms.ValidationError(
                _("Keep yourself among the coordinators, or ask another coordinator to remove you.")
            )
        return coordinators

    def clean(self):
        return _dates_check(self, super().clean())


class DuplicateForm(forms.Form):
    """The new program's name and dates; everything else is copied."""

    name = forms.CharField(label=_("Name of the new program"), max_length=200)
    start_date = forms.DateField(label=capfirst(_("start date")), widget=DateInput())
    end_date = forms.DateField(label=capfirst(_("end date")), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create the copy")))

    def clean(self):
        return _dates_check(self, super().clean())


class TranslationsMixin:
    """Adds a field per other language for each translated field of the model (see
    programs.translations), and keeps what is typed in the instance's translations."""

    translated_labels: dict[str, str] = {}

    def add_translation_fields(self, languages) -> None:
        self.languages = list(languages)
        for code, language_name in self.languages:
            saved = self.instance.translations.get(code, {})
            for field, label in self.translated_labels.items():
                model_field = self.instance._meta.get_field(field)
                self.fields[f"{field}_{code}"] = forms.CharField(
                    label=format_lazy("{label} ({language})", label=label, language=language_name),
                    max_length=model_field.max_length,
                    required=False,
                    initial=saved.get(field, ""),
                    widget=self.fields[field].widget.__class__(
                        attrs=dict(self.fields[field].widget.attrs)
                    ),
                )

    def translations(self) -> dict[str, dict[str, str]]:
        """What was written in the other languages: {language: {field: text}}."""
        return {
            code: {
                field: self.cleaned_data.get(f"{field}_{code}", "").strip()
                for field in self.translated_labels
            }
            for code, _name in self.languages
        }

    def translations_keep(self) -> None:
        for code, texts in self.translations().items():
            self.instance.set_translation(code, **texts)


class SkillForm(TranslationsMixin, forms.ModelForm):
    translated_labels = {"name": _("Name"), "description": _("Description (optional)")}

    class Meta:
        model = Skill
        fields = ["kind", "name", "description"]
        labels = {"name": _("Name"), "description": _("Description (optional)")}

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields(languages)

    def save(self, commit=True):
        self.translations_keep()
        return super().save(commit)


class BaseSkillFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        seen: set[str] = set()
        kept = 0
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            name = (form.cleaned_data.get("name") or "").strip().casefold()
            if not name:
                continue
            kept += 1
            if name in seen:
                form.add_error("name", _("This name appears twice in the catalogue."))
            seen.add(name)
        if kept == 0:
            raise forms.ValidationError(
                _("Keep at least one skill: candidates rate themselves on the catalogue.")
            )


SkillFormSet = modelformset_factory(
    Skill, form=SkillForm, formset=BaseSkillFormSet, extra=3, can_delete=True
)


def braced(names) -> str:
    return ", ".join(f"{{{name}}}" for name in names)


class PlaceholdersChecked:
    """A form whose texts may hold the placeholders of programs.audiences, and no other."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            unknown = placeholders_unknown(value) if isinstance(value, str) else []
            if unknown:
                self.add_error(
                    name,
                    _("Unknown placeholder: %(names)s. Use only %(known)s.")
                    % {
                        "names": braced(unknown),
                        "known": braced(PLACEHOLDERS),
                    },
                )
        return cleaned


class MessageForm(PlaceholdersChecked, TranslationsMixin, forms.ModelForm):
    """A message to a group of the program's people, in the program's language and,
    optionally, in the others (each person reads theirs). The group and the form's token
    travel with it, hidden, from the compose step to the preview and the sending."""

    translated_labels = {"subject": _("Subject"), "body": _("Message")}
    audience = forms.CharField(widget=forms.HiddenInput)
    target = forms.CharField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Message
        fields = ["subject", "body"]
        labels = {"subject": _("Subject"), "body": _("Message")}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields(languages)
        names = braced(PLACEHOLDERS)
        self.fields["body"].help_text = format_lazy(
            _("You can use {names}: each person reads their own."), names=names
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class ObjectivesForm(forms.Form):
    """For each learning objective of the program, the competences of its catalogue it
    develops (ticked)."""

    def __init__(self, *args, objectives, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        choices = [(skill.pk, skill.local.name) for skill in skills]
        for objective in self.objectives:
            self.fields[f"objective_{objective.pk}"] = forms.TypedMultipleChoiceField(
                label=objective.text,
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[skill.pk for skill in objective.skills.all()],
            )

    def rows(self):
        return [(objective, self[f"objective_{objective.pk}"]) for objective in self.objectives]

    def links(self) -> dict[int, list[int]]:
        return {o.pk: self.cleaned_data[f"objective_{o.pk}"] for o in self.objectives}


class JourneyForm(forms.Form):
    """Each automatic touchpoint of the program: on or off, and its days (programs.journey)."""

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for step in self.steps:
            touchpoint = step.touchpoint
            self.fields[f"{touchpoint.key}:on"] = forms.BooleanField(
                label=touchpoint.label, required=False, initial=step.enabled
            )
            self.fields[f"{touchpoint.key}:days"] = forms.IntegerField(
                label=_("Days"),
                min_value=touchpoint.min_days,
                max_value=touchpoint.max_days,
                initial=step.days,
                widget=forms.NumberInput(
                    attrs={"min": touchpoint.min_days, "max": touchpoint.max_days}
                ),
            )

    def rows(self):
        """(step, its on/off field, its days field), in the timeline's order."""
        return [(step, self[f"{step.key}:on"], self[f"{step.key}:days"]) for step in self.steps]

    def steps_chosen(self) -> dict[str, tuple[bool, int]]:
        return {
            step.key: (self.cleaned_data[f"{step.key}:on"], self.cleaned_data[f"{step.key}:days"])
            for step in self.steps
        }


class JourneyTextForm(PlaceholdersChecked, TranslationsMixin, forms.ModelForm):
    """A touchpoint's own text, in the program's language and the others; left empty, the
    product's text is sent."""

    translated_labels = {"subject": _("Subject"), "body": _("Message")}

    class Meta:
        model = JourneyStep
        fields = ["subject", "body"]
        labels = {"subject": _("Subject"), "body": _("Message")}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields(languages)
        self.fields["body"].help_text = format_lazy(
            _("You can use {names}: each person reads their own."), names=braced(PLACEHOLDERS)
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("subject")) != bool(cleaned.get("body")):
            raise forms.ValidationError(
                _("Write both the subject and the message, or neither to send the product's text.")
            )
        return cleaned
