from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preparation.models import GoalPhase
from programs.forms import DateInput, ModelMultipleChoiceField

from .models import Agreement, CheckIn, Concern, ConcernReply, Meeting, Task


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
        label=_("Experiences shared"),
        required=False,
        max_length=Meeting._meta.get_field("experiences").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    knowledge = forms.CharField(
        label=_("Knowledge shared"),
        required=False,
        max_length=Meeting._meta.get_field("knowledge").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    advice = forms.CharField(
        label=_("Advice shared"),
        required=False,
        max_length=Meeting._meta.get_field("advice").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=Meeting._meta.get_field("next_steps").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phases = ModelMultipleChoiceField(
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
        max_length=Concern._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the program's coordinators read this; your partner never sees it."),
    )


class ConcernReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=ConcernReply._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConcernCloseForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note"),
        max_length=Concern._meta.get_field("closing_note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person who raised it reads it."),
    )


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["held_on", "text"]
        widgets = {
            "held_on": DateInput(attrs={"class": "form-control"}),
            "text": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }
        labels = {"held_on": _("When"), "text": _("What was said or agreed")}

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A check-in is recorded once it has happened."))
        return held_on


class CalendarServerForm(forms.Form):
    url = forms.URLField(
        label=_("Calendar address (CalDAV)"),
        assume_scheme="https",
        help_text=_(
            "The address of one calendar, as your calendar service gives it for other apps "
            "(Nextcloud, Fastmail, iCloud…)."
        ),
    )
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("App password"),
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Create one for this site in your calendar service; never your main password. "
            "It is kept encrypted."
        ),
    )
