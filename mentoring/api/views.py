"""The API's endpoints. Every one is about a program the token's coordinator runs: another
program answers 404, as on the site, so outsiders learn nothing."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluation import selectors as evaluation_selectors
from evaluation import services as evaluation_services
from evaluation.exports import EXPORTS
from evaluation.models import Evaluation
from matching.intake.services import candidates_import
from matching.intake.tabular import (
    BASE_COLUMNS,
    LIST_SEPARATOR,
    SKILL_PREFIX,
    WANTS_COLUMN,
    rows_validate,
)
from matching.intake.tabular import columns as import_columns
from matching.models import Pair
from programs.selectors import get_program_for_user, programs_for_user
from sessions.models import Meeting

from . import serializers


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """The programs the token's coordinator runs."""

    serializer_class = serializers.ProgramSerializer

    def get_queryset(self):
        return programs_for_user(self.request.user).order_by("-start_date", "-pk")


class ProgramScoped:
    """An endpoint under /programs/{program_id}/: that program, if the coordinator runs it."""

    def program(self):
        return get_program_for_user(self.request.user, self.kwargs["program_id"])


@extend_schema(
    methods=["POST"],
    request=serializers.CandidateCreateSerializer,
    responses={201: serializers.CandidateSerializer},
)
class CandidateList(ProgramScoped, generics.ListCreateAPIView):
    """The program's candidates; a POST adds one, as the file import would (the same rules)."""

    serializer_class = serializers.CandidateSerializer

    def get_queryset(self):
        return self.program().candidates.order_by("pk")

    def create(self, request, *args, **kwargs):
        program = self.program()
        given = serializers.CandidateCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        skills = list(program.skills.order_by("kind", "id"))
        unknown = set(given.validated_data["skills"]) - {skill.name for skill in skills}
        if unknown:
            raise exceptions.ValidationError(
                {"skills": [_("Unknown skill: %(name)s") % {"name": name} for name in unknown]}
            )
        header = import_columns(skills)
        row = _as_row(given.validated_data, header)
        imported, cell_errors = rows_validate(program, [header, row])
        if cell_errors:
            found = {}
            for error in cell_errors:
                found.setdefault(error.column or "non_field_errors", []).append(error.message)
            raise exceptions.ValidationError(found)
        (candidate,) = candidates_import(program=program, actor=request.user, rows=imported)
        return Response(
            serializers.CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED
        )


def _as_row(data: dict, header: list[str]) -> list[str]:
    """The candidate as a row of the import file, so that one set of rules checks both."""
    values = {column: data.get(column, "") for column in BASE_COLUMNS}
    for column in ("languages", "availability"):
        values[column] = LIST_SEPARATOR.join(data[column])
    for name, level in data["skills"].items():
        values[SKILL_PREFIX + name] = level
    values[WANTS_COLUMN] = "; ".join(data["wants_to_learn"])
    return ["" if values.get(column) is None else str(values.get(column, "")) for column in header]


class PairList(ProgramScoped, generics.ListAPIView):
    """The program's pairs, proposed and published, with their status."""

    serializer_class = serializers.PairSerializer

    def get_queryset(self):
        return (
            Pair.objects.filter(program=self.program())
            .select_related("mentor", "mentee", "program")
            .order_by("pk")
        )


class MeetingList(ProgramScoped, generics.ListAPIView):
    """The meetings of the program's pairs (when, how long, held or not: not what was said)."""

    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        return Meeting.objects.filter(
            pair__program=self.program(), pair__published_at__isnull=False
        ).order_by("starts_at", "pk")


TABLES = ["answers", "skills", "pairs"]
KINDS = [Evaluation.Kind.FINAL.value, Evaluation.Kind.MIDPOINT.value]


class ResultsTable(ProgramScoped, APIView):
    """One of the evaluation's three tables, always without names (people and pairs are
    codes, the same across the tables of one evaluation). Each read is in the program's log."""

    @extend_schema(
        parameters=[
            OpenApiParameter("table", str, OpenApiParameter.PATH, enum=TABLES),
            OpenApiParameter("kind", str, enum=KINDS, required=False),
        ],
        responses={200: serializers.TableSerializer},
    )
    def get(self, request, program_id: int, table: str):
        program = self.program()
        if table not in TABLES:
            raise exceptions.NotFound(_("No such table."))
        kind = request.query_params.get("kind")
        if kind is not None and kind not in KINDS:
            message = _("Give one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}
            raise exceptions.ValidationError({"kind": [message]})
        evaluations = evaluation_selectors.evaluations_by_kind(program)
        if kind is None:
            evaluation = evaluation_selectors.current_evaluation(evaluations)
        else:  # that one, not another in its place
            evaluation = evaluations.get(kind)
        if evaluation is None:
            raise exceptions.NotFound(_("This program has no evaluation yet."))
        columns, rows = EXPORTS[table].table(evaluation, True)
        evaluation_services.results_exported(
            program=program, actor=request.user, table=table, anonymous=True
        )
        return Response(
            {
                "evaluation": evaluation.kind,
                "table": table,
                "columns": [str(column) for column in columns],
                "rows": [[_plain(value) for value in row] for row in rows],
            }
        )


def _plain(value):
    return value if value is None or isinstance(value, int | float | str | bool) else str(value)
