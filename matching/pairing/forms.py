"""The forms of pairing: the criteria, a pair's status, and the mentees' choices."""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Skill

from ..models import Candidate, MatchingCriteria, Pair

SKILL_WEIGHTS = [(0, _("Ignore")), (1, _("Normal")), (2, _("Important")), (3, _("Essential"))]

# What each hard constraint (matching.pairing.engine.CONSTRAINTS) and unpaired reason means.
CONSTRAINT_LABELS = {
    "same_person": _("the same person"),
    "common_language": _("no common language"),
    "same_department": _("same department"),
    "reporting_line": _("same reporting line"),
    "mentor_junior": _("the mentor is not junior to the mentee"),
    "mentor_medium": _("the mentor is below “medium” on every skill the mentee wants"),
    "forbidden": _("forbidden by the coordinator"),
    "capacity": _("the mentor already has all the mentees they can take"),
    "not_a_mentor": _("not an accepted mentor"),
    "wants_nothing": _("the mentee marked no skill to learn"),
    "ended_before": _("their pair ended before"),
}
UNPAIRED_REASONS = {
    "mentors_full": _("Every mentor who suits them is already taken."),
    "no_feasible_mentor": _("No mentor meets the constraints."),
    "no_mentors": _("There are no accepted mentors."),
    "no_mentee_left": _("Every mentee they suit is paired with someone better placed."),
    "no_feasible_mentee": _("No mentee meets the constraints with them."),
    "not_run": _("Accepted since the last run of the proposal: run it again."),
    "never_run": _("No proposal has been run yet: run it to pair them."),
}


class CriteriaForm(forms.ModelForm):
    class Meta:
        model = MatchingCriteria
        fields = [
            "objective",
            "language_weight",
            "availability_weight",
            "department_weight",
            "require_common_language",
            "forbid_same_department",
            "forbid_reporting_line",
            "require_mentor_junior",
            "require_mentor_medium",
            "pairing_mode",
            "preference_points",
            "answer_days",
            "approval_required",
        ]
        widgets = {"objective": forms.RadioSelect, "pairing_mode": forms.RadioSelect}
        labels = {
            "language_weight": _("Language"),
            "availability_weight": _("Availability"),
            "department_weight": _("Other department"),
        }

    def __init__(self, *args, skills: Iterable[Skill], **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for name in ("language_weight", "availability_weight", "department_weight"):
            self.fields[name].widget = forms.NumberInput(attrs={"min": 0, "max": 5})
        self.fields["preference_points"].widget = forms.NumberInput(attrs={"min": 0, "max": 50})
        self.fields["answer_days"].widget = forms.NumberInput(attrs={"min": 1, "max": 30})
        for skill in self.skills:
            self.fields[f"weight_{skill.pk}"] = forms.TypedChoiceField(
                label=skill.name,
                choices=SKILL_WEIGHTS,
                coerce=int,
                initial=self.instance.skill_weight(skill.pk),
            )

    def skill_weight_fields(self):
        return [self[f"weight_{skill.pk}"] for skill in self.skills]

    def skill_weights(self) -> dict[int, int]:
        return {skill.pk: self.cleaned_data[f"weight_{skill.pk}"] for skill in self.skills}

    def criteria(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


PAIR_STATUS_DONE = {
    "pause": _("The pair of %(mentor)s and %(mentee)s is paused; both have been told."),
    "resume": _("The pair of %(mentor)s and %(mentee)s is active again; both have been told."),
    "end": _("The pair of %(mentor)s and %(mentee)s has ended; both have been told."),
}


class PairStatusForm(forms.Form):
    """The confirmation of a pause, a resumption or an early end (with its reason)."""

    reason = forms.ChoiceField(
        label=_("Why does the pair end?"),
        choices=[("", "---------"), *Pair.EndReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("A note for both of them (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It is added to the email that tells them."),
    )

    who_left = forms.MultipleChoiceField(
        label=_("If one of them left: who?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "They leave the waiting list and are never proposed again in this program, "
            "unless you accept them again from the candidates' page."
        ),
    )

    def __init__(self, *args, action: str, pair: Pair | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action == "end":
            self.fields["reason"].required = True
            self.fields["who_left"].choices = [
                ("mentor", _("%(name)s, the mentor") % {"name": pair.mentor.full_name}),
                ("mentee", _("%(name)s, the mentee") % {"name": pair.mentee.full_name}),
            ]
            # Whoever the HR directory already says left is ticked.
            self.fields["who_left"].initial = [
                role
                for role, candidate in (("mentor", pair.mentor), ("mentee", pair.mentee))
                if candidate.status == Candidate.Status.LEFT
            ]
        else:
            del self.fields["reason"]
            del self.fields["who_left"]

    def clean(self):
        data = super().clean()
        data.setdefault("reason", "")
        data["who_left"] = data.get("who_left") or []
        if data["reason"] == Pair.EndReason.LEFT and not data["who_left"]:
            self.add_error("who_left", _("Tick who left: the mentor, the mentee or both."))
        elif data["reason"] != Pair.EndReason.LEFT:
            data["who_left"] = []
        return data


class PreferencesForm(forms.Form):
    """A mentee's first, second and third choice among the mentors suggested to them."""

    first = forms.TypedChoiceField(label=_("Your first choice"), coerce=int)
    second = forms.TypedChoiceField(
        label=_("Your second choice (optional)"), coerce=int, required=False, empty_value=None
    )
    third = forms.TypedChoiceField(
        label=_("Your third choice (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, mentors: Iterable[dict], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(item["id"], item["name"]) for item in mentors]
        self.fields["first"].choices = [("", "---------"), *choices]
        for name in ("second", "third"):
            self.fields[name].choices = [("", _("Nobody else")), *choices]

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("first", "second", "third")]
        chosen = [pk for pk in chosen if pk is not None]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Choose each mentor once."))
        if data.get("third") is not None and data.get("second") is None:
            self.add_error("second", _("Choose your second choice before the third."))
        data["mentor_ids"] = chosen
        return data


class RequestAnswerForm(forms.Form):
    """A mentor's answer to a mentee's request."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("A note for the mentee (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestExtendForm(forms.Form):
    days = forms.IntegerField(label=_("More days to answer"), min_value=1, max_value=30, initial=3)
