"""Reads of phase 5: who may answer which questionnaire, the phase's status, and who has
answered (the results themselves are in `results.py`)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import Pair, SkillRating
from preparation.models import Goal
from programs.models import Program, Skill
from programs.phases import Action, PhaseStatus, counts_by_program
from programs.sorting import name_key

from .models import ComparisonResponse, Evaluation, Interview, Report, Response


def phase_facts(programs: list[Program]) -> dict[int, dict]:
    """What phase 5 reports, for many programs in five queries."""
    finals = {
        evaluation.program_id: evaluation
        for evaluation in Evaluation.objects.filter(
            program__in=programs, kind=Evaluation.Kind.FINAL
        )
    }
    answers = counts_by_program(
        Response.objects.filter(evaluation__kind=Evaluation.Kind.FINAL),
        programs,
        key="evaluation__program",
        invited=Count("id"),
        answered=Count("id", filter=Q(submitted_at__isnull=False)),
    )
    interviews = counts_by_program(Interview.objects.all(), programs, interviews=Count("id"))
    pairs = counts_by_program(
        Pair.objects.filter(published_at__isnull=False), programs, published=Count("id")
    )
    reports = {
        report.program_id: report
        for report in Report.objects.filter(program__in=programs, pair=None)
    }
    return {
        pk: {
            "final": finals.get(pk),
            "report": reports.get(pk),
            "has_pairs": bool(pairs[pk]["published"]),
            **answers[pk],
            **interviews[pk],
        }
        for pk in pairs
    }


def phase_status(program: Program, facts: dict | None = None) -> PhaseStatus:
    """Phase 5, "Evaluación final": done once the final questionnaire has closed and the
    program's report is ready."""
    facts = facts if facts is not None else phase_facts([program])[program.pk]
    final, report, has_pairs = facts["final"], facts["report"], facts["has_pairs"]
    counts = []
    if final is not None:
        counts.append((_("Questionnaires answered"), f"{facts['answered']} / {facts['invited']}"))
        counts.append((_("Interviews"), facts["interviews"]))
    if report is not None:
        counts.append((_("Report"), report.get_status_display()))
    if not has_pairs:
        action = None
    elif final is None:
        action = Action(
            _("Launch the evaluation"), reverse("evaluation:overview", args=[program.pk])
        )
    elif report is None or report.status != Report.Status.READY:
        action = Action(
            _("See the results and the report"), reverse("evaluation:reports", args=[program.pk])
        )
    else:
        action = Action(_("See the results"), reverse("evaluation:results", args=[program.pk]))
    return PhaseStatus(
        number=5,
        is_done=bool(
            final is not None
            and final.closes_on < timezone.localdate()
            and report is not None
            and report.status == Report.Status.READY
        ),
        summary=_("Questionnaires and interviews, results and PDF reports."),
        counts=counts,
        steps=[
            _("Questionnaires and interviews"),
            _("Improvement on the general objective"),
            _("Participant satisfaction"),
            _("Learning needs and outcomes"),
        ],
        action=action,
        started=final is not None,
    )


def evaluations_by_kind(program: Program) -> dict[str, Evaluation]:
    return {e.kind: e for e in program.evaluations.all()}


def current_evaluation(evaluations: dict[str, Evaluation], kind: str | None = None):
    """The evaluation asked for, else the final one, else the mid-program check-in."""
    return (
        evaluations.get(kind)
        or evaluations.get(Evaluation.Kind.FINAL)
        or evaluations.get(Evaluation.Kind.MIDPOINT)
    )


def questionnaires_to_answer(user: User) -> list[Action]:
    """This participant's open questionnaires, for their start page."""
    responses = Response.objects.filter(
        respondent_id=user.pk, evaluation__closes_on__gte=timezone.localdate()
    ).select_related("evaluation__program")
    actions = []
    for response in responses.order_by("submitted_at", "pk"):
        values = {
            "kind": response.evaluation.get_kind_display(),
            "program": response.evaluation.program.name,
            "date": _date(response.evaluation.closes_on),
        }
        label = (
            _("%(kind)s of “%(program)s”: answered; you can change your answers until %(date)s")
            if response.submitted_at
            else _("%(kind)s of “%(program)s”: answer the questionnaire before %(date)s")
        )
        actions.append(
            Action(label % values, reverse("evaluation:questionnaire", args=[response.pk]))
        )
    return actions


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT")


def get_response_for_user(user: User, pk: int) -> Response:
    """A questionnaire is seen and answered by its respondent only; anyone else gets 404."""
    response = (
        Response.objects.select_related("evaluation__program", "respondent", "candidate")
        .filter(pk=pk, respondent_id=user.pk)
        .first()
    )
    if response is None:
        raise Http404
    return response


def comparison_for_token(token: str) -> ComparisonResponse:
    """The comparison group's questionnaire behind a private link; 404 for a wrong link, an
    erased application, or a program that is archived."""
    response = (
        ComparisonResponse.objects.select_related("evaluation__program", "candidate")
        .filter(token=token, candidate__anonymised_at__isnull=True)
        .exclude(evaluation__program__status=Program.Status.ARCHIVED)
        .first()
    )
    if response is None:
        raise Http404
    return response


def comparison_skills(response: ComparisonResponse) -> list[Skill]:
    """The skills the person rated when they applied: the same ones, rated again."""
    rated = SkillRating.objects.filter(candidate=response.candidate).values("skill_id")
    return list(response.evaluation.program.skills.filter(pk__in=rated))


def own_goals(response: Response) -> list[Goal]:
    """The selected goals of the respondent's pairs that are theirs: a mentee's goals of the
    pair, a mentor's own goals."""
    user_id = response.respondent_id
    mine = Q()
    if response.is_mentee:
        mine |= Q(pair__mentee_user_id=user_id, owner=Goal.Owner.MENTEE)
    if response.is_mentor:
        mine |= Q(pair__mentor_user_id=user_id, owner=Goal.Owner.MENTOR)
    return list(
        Goal.objects.filter(
            mine,
            pair__program_id=response.evaluation.program_id,
            pair__published_at__isnull=False,
            selected=True,
        ).order_by("pair_id", "owner", "priority", "pk")
    )


def participants_status(evaluation: Evaluation) -> list[tuple[Response, Interview | None]]:
    """Each participant's questionnaire and interview, for the coordinator's follow-up."""
    interviews = {
        i.participant_id: i for i in Interview.objects.filter(program_id=evaluation.program_id)
    }
    responses = evaluation.responses.select_related("respondent").order_by(
        "respondent__last_name", "respondent__first_name", "pk"
    )
    return [(r, interviews.get(r.respondent_id)) for r in responses]


@dataclass(frozen=True)
class ProgramReports:
    """The reports page's reports: the program's, the ZIP of every pair's, and each
    published pair with its own (or None), by mentor's then mentee's name."""

    program_report: Report | None
    bundle: Report | None
    pairs: list[tuple[Pair, Report | None]]

    @property
    def busy(self) -> bool:
        return any(
            report is not None and report.is_busy
            for report in (self.program_report, self.bundle, *(r for _p, r in self.pairs))
        )


def reports_of(program: Program) -> ProgramReports:
    """In three queries."""
    whole = {r.bundle: r for r in Report.objects.filter(program=program, pair__isnull=True)}
    pair_reports = {
        r.pair_id: r for r in Report.objects.filter(program=program, pair__isnull=False)
    }
    pairs = sorted(
        Pair.objects.filter(program=program, published_at__isnull=False)
        .select_related("mentor", "mentee")
        .order_by("pk"),
        key=lambda pair: (name_key(pair.mentor.full_name), name_key(pair.mentee.full_name)),
    )
    return ProgramReports(
        program_report=whole.get(False),
        bundle=whole.get(True),
        pairs=[(pair, pair_reports.get(pair.pk)) for pair in pairs],
    )
