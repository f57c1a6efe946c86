"""Programs side by side (cohorts of different years): participation, pairs ended early,
meetings held per pair, goals completed, satisfaction and the growth of each competence,
in a fixed number of queries however many programs and people there are.

The answers of a program are those of its final evaluation, or of its mid-program check-in
when there is no final one yet. A competence is the same in two programs when its name is
(a program duplicated from another keeps its catalogue)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from matching.models import Candidate, Pair, SkillRating
from preparation.models import Goal, GoalPhase
from programs.models import Program, Skill
from programs.phases import counts_by_program
from sessions.models import Meeting

from . import charts as svg
from .models import Evaluation, Response, SkillReassessment
from .results import SATISFACTION_ITEMS, one_decimal
from .statistics import MIN_PEOPLE

# The most programs compared at once: beyond, a table and its charts stop being readable.
MAX_COMPARED = 12


def _ratio(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass
class ProgramFigures:
    program: Program
    candidates: int = 0
    pairs: int = 0
    ended_early: int = 0
    meetings_held: int = 0
    goals: int = 0
    goals_completed: int = 0
    evaluation: Evaluation | None = None
    invited: int = 0
    answered: int = 0
    satisfaction: float | None = None

    @property
    def ended_rate(self) -> float | None:
        return _ratio(self.ended_early, self.pairs)

    @property
    def meetings_per_pair(self) -> float | None:
        return self.meetings_held / self.pairs if self.pairs else None

    @property
    def goals_rate(self) -> float | None:
        return _ratio(self.goals_completed, self.goals)

    @property
    def response_rate(self) -> float | None:
        return _ratio(self.answered, self.invited)


@dataclass(frozen=True)
class Growth:
    """A competence's average level before and after, in one program, over `people`."""

    competence: str
    program: Program
    before: float
    after: float
    people: int


@dataclass
class Comparison:
    programs: list[ProgramFigures]
    growth: list[Growth]
    charts: list[svg.Chart] = field(default_factory=list)
    skill_charts: list[svg.Chart] = field(default_factory=list)


def _label(program: Program) -> str:
    """A program on a chart: its year first, which a long name clipped keeps."""
    return f"{program.start_date.year} · {program.name}"


def comparison_of(programs: list[Program]) -> Comparison:
    published = Pair.objects.filter(published_at__isnull=False)
    candidates = counts_by_program(Candidate.objects.all(), programs, candidates=Count("id"))
    pairs = counts_by_program(
        published,
        programs,
        pairs=Count("id"),
        ended_early=Count("id", filter=Q(status=Pair.Status.ENDED)),
    )
    meetings = counts_by_program(
        Meeting.objects.filter(status=Meeting.Status.HELD, pair__published_at__isnull=False),
        programs,
        key="pair__program",
        meetings_held=Count("id"),
    )
    phases = GoalPhase.objects.filter(goal=OuterRef("pk"))
    completed = Exists(phases) & ~Exists(phases.filter(done_at__isnull=True))
    goals = counts_by_program(
        Goal.objects.filter(selected=True, pair__published_at__isnull=False),
        programs,
        key="pair__program",
        goals=Count("id"),
        goals_completed=Count("id", filter=Q(completed)),
    )
    figures = {
        program.pk: ProgramFigures(
            program=program,
            **candidates[program.pk],
            **pairs[program.pk],
            **meetings[program.pk],
            **goals[program.pk],
        )
        for program in programs
    }
    evaluations = _evaluations(programs)
    for program_id, evaluation in evaluations.items():
        figures[program_id].evaluation = evaluation
    answered = Q(submitted_at__isnull=False)
    for row in (
        Response.objects.filter(evaluation__in=evaluations.values())
        .values("evaluation__program")
        .annotate(
            invited=Count("id"),
            answered=Count("id", filter=answered),
            **{name: Avg(name, filter=answered) for name in SATISFACTION_ITEMS},
        )
        .order_by()
    ):
        entry = figures[row["evaluation__program"]]
        entry.invited, entry.answered = row["invited"], row["answered"]
        means = [row[name] for name in SATISFACTION_ITEMS if row[name] is not None]
        entry.satisfaction = sum(means) / len(means) if means else None
    growth = _growth(evaluations)
    comparison = Comparison(programs=list(figures.values()), growth=growth)
    _draw(comparison)
    return comparison


def _evaluations(programs: list[Program]) -> dict[int, Evaluation]:
    """Each program's final evaluation, or its mid-program check-in without one."""
    chosen: dict[int, Evaluation] = {}
    for evaluation in Evaluation.objects.filter(program__in=programs).order_by("program", "kind"):
        current = chosen.get(evaluation.program_id)
        if current is None or evaluation.is_final:
            chosen[evaluation.program_id] = evaluation
    return chosen


def _growth(evaluations: dict[int, Evaluation]) -> list[Growth]:
    """Each competence's average level before (the application) and after (the
    questionnaire) of the same people, per program; only over 5 people or more."""
    after = list(
        SkillReassessment.objects.filter(
            response__evaluation__in=evaluations.values(),
            response__submitted_at__isnull=False,
            skill__kind=Skill.Kind.COMPETENCE,
        ).values_list("response__candidate_id", "skill_id", "level")
    )
    skills = {
        skill.pk: skill
        for skill in Skill.objects.filter(
            program_id__in=evaluations, kind=Skill.Kind.COMPETENCE
        ).select_related("program")
    }
    before = {
        (candidate_id, skill_id): level
        for candidate_id, skill_id, level in SkillRating.objects.filter(
            candidate_id__in={candidate for candidate, _skill, _level in after if candidate},
            skill__kind=Skill.Kind.COMPETENCE,
        ).values_list("candidate_id", "skill_id", "level")
    }
    levels: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for candidate_id, skill_id, level in after:
        start = before.get((candidate_id, skill_id))
        if start is not None:
            levels[skill_id].append((start, level))
    growth = []
    for skill_id, values in levels.items():
        if len(values) < MIN_PEOPLE:  # nearly a person's answers: left out
            continue
        skill = skills[skill_id]
        growth.append(
            Growth(
                competence=skill.local.name,
                program=skill.program,
                before=sum(b for b, _a in values) / len(values),
                after=sum(a for _b, a in values) / len(values),
                people=len(values),
            )
        )
    return sorted(growth, key=lambda g: (g.competence.lower(), g.program.start_date, g.program.pk))


def _draw(comparison: Comparison) -> None:
    rows = comparison.programs
    comparison.charts = [
        svg.bar_chart(
            _("Satisfaction (average, 1 very low – 5 very high)"),
            [(_label(f.program), f.satisfaction) for f in rows],
            maximum=5,
            number=one_decimal,
        ),
        svg.bar_chart(
            _("Meetings held per pair"),
            [(_label(f.program), f.meetings_per_pair) for f in rows],
            number=one_decimal,
        ),
        svg.bar_chart(
            _("Goals completed (%)"),
            [(_label(f.program), f.goals_rate) for f in rows],
            maximum=100,
            number=one_decimal,
            suffix=" %",
        ),
        svg.bar_chart(
            _("Pairs ended early (%)"),
            [(_label(f.program), f.ended_rate) for f in rows],
            maximum=100,
            number=one_decimal,
            suffix=" %",
        ),
    ]
    by_competence: dict[str, list[Growth]] = defaultdict(list)
    for growth in comparison.growth:
        by_competence[growth.competence].append(growth)
    comparison.skill_charts = [
        svg.before_after_chart(
            competence,
            [svg.Change(_label(g.program), g.before, g.after, g.people) for g in growths],
            before_label=_("At the start (application)"),
            after_label=_("At the end (questionnaire)"),
            number=one_decimal,
        )
        for competence, growths in by_competence.items()
    ]


def comparison_sheets(comparison: Comparison) -> list[tuple]:
    """The comparison as spreadsheet sheets: (name, header, rows), the programs' figures and
    the growth of each competence."""

    def rounded(value):
        return round(value, 1) if value is not None else ""

    programs = [
        (
            figures.program.name,
            figures.program.start_date.isoformat(),
            figures.program.end_date.isoformat(),
            figures.candidates,
            figures.pairs,
            figures.ended_early,
            figures.meetings_held,
            rounded(figures.meetings_per_pair),
            figures.goals,
            figures.goals_completed,
            figures.invited,
            figures.answered,
            rounded(figures.satisfaction),
        )
        for figures in comparison.programs
    ]
    growth = [
        (
            g.competence,
            g.program.name,
            g.program.start_date.year,
            rounded(g.before),
            rounded(g.after),
            rounded(g.after - g.before),
            g.people,
        )
        for g in comparison.growth
    ]
    return [
        (
            _("Programs"),
            [
                _("Program"),
                _("Start date"),
                _("End date"),
                _("Candidates"),
                _("Pairs"),
                _("Pairs ended early"),
                _("Meetings held"),
                _("Meetings per pair"),
                _("Goals"),
                _("Goals completed"),
                _("Invited to the questionnaire"),
                _("Answered"),
                _("Satisfaction (1-5)"),
            ],
            programs,
        ),
        (
            _("Competences"),
            [
                _("Competence"),
                _("Program"),
                _("Year"),
                _("Before"),
                _("After"),
                pgettext("difference", "Change"),
                _("People"),
            ],
            growth,
        ),
    ]
