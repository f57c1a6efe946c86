"""The HTML of the PDF reports (rendered by WeasyPrint in `building.report_render`), in the
active language: the caller switches to the program's."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from matching.models import Pair, SkillRating
from preparation.models import Goal, GoalPhase
from programs.models import Program
from sessions.models import Meeting

from . import selectors
from .models import Evaluation, Interview, Response
from .results import results_of


def _evaluation(program: Program) -> Evaluation | None:
    """The final evaluation, or the mid-program check-in while there is no final one."""
    return selectors.current_evaluation(selectors.evaluations_by_kind(program))


def program_report_html(program: Program) -> str:
    evaluation = _evaluation(program)
    return render_to_string(
        "evaluation/reports/program.html",
        {
            "program": program,
            "objectives": program.learning_objectives.all(),
            "coordinators": program.coordinators.order_by("last_name", "first_name"),
            "evaluation": evaluation,
            "results": results_of(evaluation) if evaluation else None,
            "today": timezone.localdate(),
        },
    )


def pair_report_html(pair: Pair) -> str:
    program = pair.program
    evaluation = _evaluation(program)
    members = [u for u in (pair.mentor_user_id, pair.mentee_user_id) if u]
    answers = []
    if evaluation is not None:
        responses = {
            r.respondent_id: r
            for r in evaluation.responses.filter(
                respondent_id__in=members, submitted_at__isnull=False
            ).prefetch_related("skill_levels__skill", "goal_progress__goal")
        }
        for user_id, candidate, label in (
            (pair.mentor_user_id, pair.mentor, "mentor"),
            (pair.mentee_user_id, pair.mentee, "mentee"),
        ):
            response = responses.get(user_id)
            answers.append((label, candidate, response, _skill_rows(candidate, response)))
    goals = pair.goals.filter(selected=True).prefetch_related(
        Prefetch("phases", queryset=GoalPhase.objects.order_by("number"), to_attr="phase_list")
    )
    return render_to_string(
        "evaluation/reports/pair.html",
        {
            "program": program,
            "pair": pair,
            "agreement": getattr(pair, "agreement", None),
            "mentee_goals": [g for g in goals if g.owner == Goal.Owner.MENTEE],
            "mentor_goals": [g for g in goals if g.owner == Goal.Owner.MENTOR],
            "meetings": pair.meetings.filter(status=Meeting.Status.HELD).order_by("starts_at"),
            "evaluation": evaluation,
            "answers": answers,
            "interviews": Interview.objects.filter(program=program, participant_id__in=members)
            .exclude(highlight="")
            .select_related("participant"),
            "today": timezone.localdate(),
        },
    )


def _skill_rows(candidate, response: Response | None) -> list[tuple[str, int, int]]:
    """(skill, level at the start, level at the end) for one member."""
    if response is None:
        return []
    before = {
        rating.skill_id: rating.level for rating in SkillRating.objects.filter(candidate=candidate)
    }
    return [
        (level.skill.name, before[level.skill_id], level.level)
        for level in sorted(response.skill_levels.all(), key=lambda s: (s.skill.kind, s.skill_id))
        if level.skill_id in before
    ]
