"""What the API reads and writes: plain fields of the domain, no internal ids but the
objects' own, and no personal text a coordinator's tables would not show either."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from matching.models import Candidate, CandidateLanguage, Pair
from programs.models import Program
from sessions.models import Meeting


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "status",
            "language",
            "general_objective",
            "start_date",
            "end_date",
            "meeting_cadence_days",
            "mentor_capacity",
        ]


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "full_name",
            "email",
            "desired_role",
            "current_role",
            "department",
            "status",
            "source",
            "application_date",
        ]


class CandidateCreateSerializer(serializers.Serializer):
    """A candidate sent by an HR system: the intake questionnaire's answers, checked by the
    same rules as the public form and the file import."""

    full_name = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    desired_role = serializers.ChoiceField(choices=Candidate.Role.choices)
    current_role = serializers.CharField(max_length=200)
    department = serializers.CharField(max_length=120)
    manager_email = serializers.EmailField(required=False, allow_blank=True, default="")
    years_in_organisation = serializers.IntegerField(min_value=0, max_value=80)
    level = serializers.ChoiceField(choices=Candidate.Level.choices)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=CandidateLanguage.Code.choices), min_length=1
    )
    availability = serializers.ListField(
        child=serializers.ChoiceField(choices=Candidate.Availability.choices), default=list
    )
    linkedin_url = serializers.URLField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(max_length=2000)
    areas_to_deepen = serializers.CharField(max_length=2000)
    first_expectation = serializers.CharField(max_length=2000)
    self_description = serializers.CharField(max_length=2000)
    current_challenges = serializers.CharField(max_length=2000)
    mentoring_meaning = serializers.CharField(max_length=2000)
    status = serializers.ChoiceField(
        choices=Candidate.Status.choices, default=Candidate.Status.APPLIED
    )
    skills = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text=_("The self-rating (1-5) of every skill of the program's catalogue, by name."),
    )
    wants_to_learn = serializers.ListField(
        child=serializers.CharField(max_length=200),
        default=list,
        help_text=_("Names of the skills the person most wants to learn."),
    )


class PersonSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    email = serializers.EmailField()


class PairSerializer(serializers.ModelSerializer):
    mentor = PersonSerializer()
    mentee = PersonSerializer()
    lifecycle = serializers.ChoiceField(
        choices=Pair.Status.choices,
        read_only=True,
        help_text="The status as people read it: a pair still running when its program ended "
        "is completed.",
    )

    class Meta:
        model = Pair
        fields = ["id", "mentor", "mentee", "score", "status", "lifecycle", "published_at"]


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "pair", "starts_at", "duration_minutes", "status", "logged_at"]


class TableSerializer(serializers.Serializer):
    evaluation = serializers.ChoiceField(choices=["final", "midpoint"])
    table = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
