import re
from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.forms import DateInput, ModelMultipleChoiceField, TranslationsMixin
from programs.models import Skill

from ..models import Call, Candidate, CandidateLanguage, SkillRating
from .directory_facts import DirectoryFacts
from .services import CANDIDATE_FIELDS, Rating

LINKEDIN_PROFILE = re.compile(
    r"^https?://([a-z]{2,3}\.)?linkedin\.com/in/[^/?#\s]+/?([?#]\S*)?$", re.IGNORECASE
)
MAX_IMPORT_BYTES = 5 * 1024 * 1024
LEVEL_LABELS = {
    SkillRating.Level.NONE: _("1 · none"),
    SkillRating.Level.BASIC: _("2 · basic"),
    SkillRating.Level.MEDIUM: _("3 · medium"),
    SkillRating.Level.ADVANCED: _("4 · advanced"),
    SkillRating.Level.EXPERT: _("5 · expert"),
}


class CallForm(TranslationsMixin, forms.ModelForm):
    translated_labels = {
        "invitation_text": _("invitation text"),
        "privacy_notice": _("privacy notice"),
    }

    class Meta:
        model = Call
        fields = ["deadline", "invitation_text", "privacy_notice"]
        widgets = {
            "deadline": DateInput(),
            "invitation_text": forms.Textarea(attrs={"rows": 8}),
            "privacy_notice": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields(languages)
        others = [code for code, _name in self.languages]
        self.order_fields(
            ["deadline", "invitation_text", *[f"invitation_text_{code}" for code in others]]
            + ["privacy_notice", *[f"privacy_notice_{code}" for code in others]]
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class ApplicationForm(forms.ModelForm):
    """The guide's questionnaire with the skill self-assessment, one row per skill.

    Used by the public form, the applicant's edit page and, without consent and the bot trap,
    to validate each row of an imported file.
    """

    linkedin_url = forms.URLField(
        label=_("What is your LinkedIn URL?"),
        required=False,
        assume_scheme="https",
        help_text=_("Your profile's address, such as https://www.linkedin.com/in/your-name"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages in which you can hold the meetings"),
        choices=CandidateLanguage.Code.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    availability = forms.MultipleChoiceField(
        label=_("When are you usually available for the meetings?"),
        choices=Candidate.Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one time of day.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the processing of my data for this program, as the privacy notice explains."
        ),
        error_messages={"required": _("Your consent is needed to take part.")},
    )
    # A field people never see and bots fill in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Candidate
        fields = list(CANDIDATE_FIELDS)
        labels = {
            "full_name": _("Full name"),
            "desired_role": _("Would you like to be mentor, mentee or both?"),
            "current_role": _("What is your current role at work?"),
            "strengths": _("What are your greatest strengths?"),
            "areas_to_deepen": _("In which areas would you like to go deeper?"),
            "first_expectation": _("What is the first thing you want to get from this mentoring?"),
            "self_description": _("If you had to describe yourself…"),
            "current_challenges": _(
                "What are some of the challenges you are facing and trying to overcome in your role right now?"
            ),
            "mentoring_meaning": _("What does mentoring mean to you?"),
            "email": _("Email"),
            "department": _("Department"),
            "manager_email": _("Your manager's email"),
            "years_in_organisation": _("Years in the organisation"),
            "level": _("Hierarchical level"),
        }
        help_texts = {
            "linkedin_url": _(
                "Your profile's address, such as https://www.linkedin.com/in/your-name"
            ),
            "desired_role": _(
                "In reverse mentoring, younger staff with digital skills mentor experienced colleagues."
            ),
            "manager_email": _(
                "So that no one is paired with someone in their own reporting line."
            ),
        }
        widgets = {
            "desired_role": forms.RadioSelect,
            "strengths": forms.Textarea(attrs={"rows": 2}),
            "areas_to_deepen": forms.Textarea(attrs={"rows": 2}),
            "first_expectation": forms.Textarea(attrs={"rows": 2}),
            "self_description": forms.Textarea(attrs={"rows": 2}),
            "current_challenges": forms.Textarea(attrs={"rows": 3}),
            "mentoring_meaning": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args,
        skills: Iterable[Skill],
        imported: bool = False,
        directory: DirectoryFacts | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        self.directory = directory
        if directory is not None:
            # What the HR directory knows is shown, not typed (and the service keeps it).
            for field, value in directory.answers().items():
                self.fields[field].disabled = True
                self.fields[field].required = False
                self.initial[field] = value
                self.fields[field].help_text = _("From the HR directory.")
        self.fields["desired_role"].choices = Candidate.Role.choices
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if imported:
            del self.fields["consent"]
            del self.fields["website"]
        if self.instance.pk:
            del self.fields["consent"]
            self.initial["languages"] = [lang.code for lang in self.instance.languages.all()]
            ratings = {rating.skill_id: rating for rating in self.instance.ratings.all()}
        else:
            ratings = {}
        # Skill names in the applicant's language, or the program's with a note.
        self.skills_fallback = False
        for skill in self.skills:
            local = skill.local
            self.skills_fallback = self.skills_fallback or local.fallback
            self.fields[self.level_field(skill)] = forms.TypedChoiceField(
                label=local.name,
                help_text=local.description,
                choices=list(LEVEL_LABELS.items()),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose your level in this skill.")},
            )
            self.fields[self.learn_field(skill)] = forms.BooleanField(
                label=_("I want to learn this"), required=False
            )
            if skill.pk in ratings:
                self.initial[self.level_field(skill)] = ratings[skill.pk].level
                self.initial[self.learn_field(skill)] = ratings[skill.pk].wants_to_learn

    @staticmethod
    def level_field(skill: Skill) -> str:
        return f"skill_{skill.pk}"

    @staticmethod
    def learn_field(skill: Skill) -> str:
        return f"learn_{skill.pk}"

    def skill_rows(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """The self-assessment grouped as the guide shows it: competences, then tools."""
        groups = []
        for kind, label in (
            (Skill.Kind.COMPETENCE, _("Digital competences")),
            (Skill.Kind.TOOL, _("Digital tools")),
        ):
            rows = [
                (self[self.level_field(skill)], self[self.learn_field(skill)])
                for skill in self.skills
                if skill.kind == kind
            ]
            if rows:
                groups.append((label, rows))
        return groups

    def clean_linkedin_url(self) -> str:
        url = self.cleaned_data["linkedin_url"].strip()
        if url and not LINKEDIN_PROFILE.match(url):
            raise forms.ValidationError(
                _(
                    "Enter the address of a LinkedIn profile, such as https://www.linkedin.com/in/your-name"
                )
            )
        return url

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        email, manager = cleaned.get("email"), cleaned.get("manager_email")
        if email and manager and email.lower() == manager.lower():
            self.add_error("manager_email", _("Write your manager's email, not your own."))
        role = cleaned.get("desired_role")
        wants = any(cleaned.get(self.learn_field(skill)) for skill in self.skills)
        if role in (Candidate.Role.MENTEE, Candidate.Role.BOTH) and self.skills and not wants:
            self.add_error(
                None,
                _("As a mentee, mark at least one skill you want to learn."),
            )
        return cleaned

    def ratings(self) -> dict[int, Rating]:
        return {
            skill.pk: Rating(
                level=self.cleaned_data[self.level_field(skill)],
                wants_to_learn=bool(self.cleaned_data.get(self.learn_field(skill))),
            )
            for skill in self.skills
        }


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), required=False)
    role = forms.ChoiceField(
        label=_("Desired role"),
        required=False,
        choices=[("", _("Any role")), *Candidate.Role.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Candidate.Status.choices],
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *CandidateLanguage.Code.choices],
    )
    skill = forms.TypedChoiceField(label=_("Skill"), required=False, coerce=int, empty_value=None)
    min_level = forms.TypedChoiceField(
        label=_("At least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *LEVEL_LABELS.items()],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-applied", _("Newest applications")),
            ("applied", _("Oldest applications")),
            ("department", _("Department")),
            ("-years", _("Most years in the organisation")),
            ("years", _("Fewest years in the organisation")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args, departments: Iterable[str], skills: Iterable[Skill], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("Any department"))] + [
            (name, name) for name in departments
        ]
        self.fields["skill"].choices = [("", _("Any skill"))] + [
            (skill.pk, skill.name) for skill in skills
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Candidate.Status.choices)


class BulkStatusForm(StatusForm):
    candidates = ModelMultipleChoiceField(
        queryset=Candidate.objects.none(),
        error_messages={"required": _("Tick at least one candidate.")},
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = program.candidates.all()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("Start from the template; 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class InviteFilterForm(forms.Form):
    """Who in the HR directory to invite: by department, grade and years of service."""

    department = forms.ChoiceField(label=_("Department"), required=False)
    grade_min = forms.IntegerField(label=_("Grade from"), required=False, min_value=0)
    grade_max = forms.IntegerField(label=_("Grade up to"), required=False, min_value=0)
    years_min = forms.IntegerField(label=_("Years of service from"), required=False, min_value=0)
    years_max = forms.IntegerField(label=_("Years of service up to"), required=False, min_value=0)

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (name, name) for name in departments
        ]

    def clean(self):
        cleaned = super().clean()
        for low, high in (("grade_min", "grade_max"), ("years_min", "years_max")):
            if (
                cleaned.get(low) is not None
                and cleaned.get(high) is not None
                and cleaned[low] > cleaned[high]
            ):
                self.add_error(high, _("Write a number no lower than the one before."))
        return cleaned
