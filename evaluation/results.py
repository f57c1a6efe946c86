"""The results of an evaluation: response rates, the distribution of each 1-5 item, skills
before and after, goals, meetings per pair. The same figures feed the results page and the
PDF report, in a fixed number of queries whatever the number of pairs."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from matching.models import Pair, SkillRating
from preparation.models import Goal, GoalPhase
from programs.models import LearningObjective, Program, Skill
from sessions.models import Meeting

from . import charts, scales
from .models import (
    ComparisonRating,
    Evaluation,
    GoalProgress,
    Interview,
    ObjectiveAnswer,
    Response,
    SkillReassessment,
)
from .statistics import (
    ChangeDifference,
    PairedChange,
    change_difference,
    effect_words,
    paired_change,
)

# The items asked on the satisfaction scale; "recommend" has a scale of its own.
SATISFACTION_ITEMS = ("relationship", "meetings", "organisation")


def satisfaction_labels() -> dict[str, str]:
    return {
        "relationship": _("The mentoring relationship"),
        "meetings": _("The meetings"),
        "organisation": _("The organisation of the program"),
        "recommend": _("Would recommend the program"),
        "objective_progress": _("Progress on the general objective"),
    }


def one_decimal(value: float) -> str:
    """A figure with one decimal in the reader's language, rounded half up as the pages'
    `floatformat` does (number_format alone would cut 7.57 to 7,5 where a table says 7,6)."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=1)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class GroupFigures:
    label: str
    invited: int = 0
    answered: int = 0


EFFECT_LABELS = {
    "negligible": pgettext_lazy("effect size", "negligible"),
    "small": pgettext_lazy("effect size", "small"),
    "medium": pgettext_lazy("effect size", "medium"),
    "large": pgettext_lazy("effect size", "large"),
}


@dataclass
class SkillFigures:
    skill: Skill
    group: str
    before: float
    after: float
    people: int
    # The change with its confidence interval and effect size (evaluation.statistics).
    evidence: PairedChange | None = None
    # Each person's change (after - before), for the comparison with the waiting group.
    differences: list[int] = field(default_factory=list)

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def too_few(self) -> bool:
        """Fewer people than a breakdown may show: their figures stay out of the charts,
        the tables and the exports, so that nobody's answers can be read from them."""
        return self.evidence is not None and self.evidence.too_few

    @property
    def effect_label(self) -> str:
        """How large the change is, in words (Cohen's conventions for d_z)."""
        word = effect_words(self.evidence.effect) if self.evidence else ""
        return str(EFFECT_LABELS[word]) if word else ""


@dataclass
class GoalFigures:
    label: str
    goals: int = 0
    achieved: int = 0
    phases_done: int = 0
    phases: int = 0
    progress: float | None = None


@dataclass
class ObjectiveFigures:
    """How far one learning objective was attained: the change of the competences it
    develops (as the changes table has them), the goals that serve it completed (their
    three phases done), and the questionnaire's "how far was it met" (1-5)."""

    objective: LearningObjective
    competences: list[SkillFigures]
    goals: int = 0
    completed: int = 0
    met: list[int] = field(default_factory=list)

    @property
    def completed_share(self) -> int | None:
        return round(100 * self.completed / self.goals) if self.goals else None

    @property
    def met_mean(self) -> float | None:
        return _mean(self.met)

    @property
    def met_share(self) -> int | None:
        """The share who answered 4 or 5 (mostly or fully met)."""
        return round(100 * sum(1 for v in self.met if v >= 4) / len(self.met)) if self.met else None


@dataclass
class ComparisonFigures:
    """One competence: the paired mentees' change against that of the people left waiting
    (the comparison group), as a difference with its interval."""

    skill: Skill
    evidence: ChangeDifference


@dataclass
class Comparison:
    invited: int
    answered: int
    rows: list[ComparisonFigures]

    @property
    def held_back(self) -> int:
        return sum(1 for row in self.rows if row.evidence.too_few)


@dataclass
class PairFigures:
    pair: Pair
    held: int
    goals: int
    phases_done: int
    phases: int


@dataclass
class Results:
    evaluation: Evaluation
    invited: int
    answered: int
    groups: list[GroupFigures]
    satisfaction: list[charts.Distribution]
    satisfaction_chart: charts.Chart
    recommend_chart: charts.Chart
    progress_chart: charts.Chart
    skills: list[SkillFigures]
    skill_charts: list[charts.Chart]
    goals: list[GoalFigures]
    pairs: list[PairFigures]
    meetings_chart: charts.Chart
    meetings_held: int
    comments: list[Response]
    # The free answers, by who wrote them: [(whose answers, [text…])]
    outcomes: list[tuple[str, list[str]]]
    needs: list[tuple[str, list[str]]]
    interviews: list[Interview] = field(default_factory=list)
    objectives: list[ObjectiveFigures] = field(default_factory=list)
    comparison: Comparison | None = None
    # People who are mentor in one pair and mentee in another: one questionnaire each,
    # counted in both groups.
    both_roles: int = 0

    @property
    def skills_held_back(self) -> int:
        """Competences of a group (mentees or mentors) too small to show."""
        return sum(1 for figure in self.skills if figure.too_few)

    @property
    def rate(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0

    @property
    def ended_pairs(self) -> list[PairFigures]:
        """Pairs ended early: invited to the evaluation, counted apart from the others."""
        return [row for row in self.pairs if row.pair.is_ended]

    @property
    def meetings_mean(self) -> float:
        """Meetings held per pair that ran its course (pairs ended early count apart)."""
        running = [row for row in self.pairs if not row.pair.is_ended]
        return sum(row.held for row in running) / len(running) if running else 0


def results_of(evaluation: Evaluation) -> Results:
    """Every figure of an evaluation, in a fixed number of queries."""
    program = evaluation.program
    responses = list(evaluation.responses.select_related("respondent").order_by("pk"))
    answered = [r for r in responses if r.submitted_at is not None]
    labels = satisfaction_labels()

    groups = {
        "mentee": GroupFigures(_("Mentees")),
        "mentor": GroupFigures(_("Mentors")),
    }
    for response in responses:
        for key in _groups_of(response):
            groups[key].invited += 1
            groups[key].answered += response.submitted_at is not None

    def distribution(name: str) -> charts.Distribution:
        values = [getattr(r, name) for r in answered if getattr(r, name) is not None]
        return charts.Distribution(
            labels[name], [values.count(level) for level in range(1, 6)], _mean(values)
        )

    satisfaction = [distribution(name) for name in SATISFACTION_ITEMS]
    recommend = [distribution("recommend")]
    progress = [distribution("objective_progress")]
    mean = pgettext("average", "mean")

    skills = _skill_figures(program, answered)
    skill_charts = []
    for kind, kind_label in Skill.Kind.choices:
        for group in ("mentee", "mentor"):
            # A group of fewer than five is left out: its average is nearly a person's.
            rows = [
                s
                for s in skills
                if s.skill.kind == kind and s.group == group and not s.evidence.too_few
            ]
            if not rows:
                continue
            skill_charts.append(
                charts.before_after_chart(
                    f"{kind_label} · {groups[group].label}",
                    [charts.Change(s.skill.name, s.before, s.after, s.people) for s in rows],
                    before_label=_("At the start (application)"),
                    after_label=_("At the end (questionnaire)"),
                    number=one_decimal,
                )
            )

    pairs = _pair_figures(program)
    held_counts = [p.held for p in pairs]
    histogram = [held_counts.count(n) for n in range(max(held_counts, default=0) + 1)]

    return Results(
        evaluation=evaluation,
        invited=len(responses),
        answered=len(answered),
        groups=list(groups.values()),
        both_roles=sum(1 for r in responses if len(_groups_of(r)) == 2),
        satisfaction=satisfaction,
        satisfaction_chart=charts.distribution_chart(
            _("Level of satisfaction (1 very low – 5 very high)"),
            satisfaction,
            scales.words(scales.SATISFACTION),
            number=one_decimal,
            mean_label=mean,
        ),
        recommend_chart=charts.distribution_chart(
            _("Would recommend reverse mentoring to a colleague"),
            recommend,
            scales.words(scales.RECOMMEND),
            number=one_decimal,
            mean_label=mean,
        ),
        progress_chart=charts.distribution_chart(
            _("Progress on the general objective (1 none – 5 achieved)"),
            progress,
            scales.words(scales.PROGRESS),
            number=one_decimal,
            mean_label=mean,
        ),
        skills=skills,
        skill_charts=skill_charts,
        goals=_goal_figures(program, evaluation),
        pairs=pairs,
        meetings_chart=charts.histogram_chart(
            _("Meetings held per pair"),
            histogram,
            x_label=_("meetings held"),
            y_label=_("pairs"),
        ),
        meetings_held=sum(held_counts),
        comments=[r for r in answered if r.comment_selected and r.comments.strip()],
        outcomes=_texts_by_role(answered, "outcomes"),
        needs=_texts_by_role(answered, "needs"),
        interviews=list(
            Interview.objects.filter(program=program)
            .exclude(highlight="")
            .order_by("held_on", "pk")
        ),
        objectives=_objective_figures(program, evaluation, skills),
        comparison=_comparison(evaluation, skills),
    )


def _comparison(evaluation: Evaluation, skills: list[SkillFigures]) -> Comparison | None:
    """The mentees' change per competence against the comparison group's, when the
    evaluation asked one. Two queries."""
    responses = list(evaluation.comparison_responses.values_list("pk", "submitted_at"))
    if not responses:
        return None
    answered = [pk for pk, submitted in responses if submitted is not None]
    changes: dict[int, list[int]] = defaultdict(list)
    ratings = ComparisonRating.objects.filter(response_id__in=answered).values_list(
        "skill_id", "level", "response__candidate_id"
    )
    rows = list(ratings)
    before = {
        (candidate_id, skill_id): level
        for candidate_id, skill_id, level in SkillRating.objects.filter(
            candidate_id__in={candidate for _s, _l, candidate in rows}
        ).values_list("candidate_id", "skill_id", "level")
    }
    for skill_id, level, candidate_id in rows:
        start = before.get((candidate_id, skill_id))
        if start is not None:
            changes[skill_id].append(level - start)
    figures = [
        ComparisonFigures(
            figure.skill, change_difference(figure.differences, changes[figure.skill.pk])
        )
        for figure in skills
        if figure.group == "mentee" and changes.get(figure.skill.pk)
    ]
    return Comparison(invited=len(responses), answered=len(answered), rows=figures)


def _objective_figures(
    program: Program, evaluation: Evaluation, skills: list[SkillFigures]
) -> list[ObjectiveFigures]:
    """Per learning objective, what tells how far it was attained. Three queries."""
    objectives = list(program.learning_objectives.prefetch_related("skills"))
    if not objectives:
        return []
    by_skill = defaultdict(list)
    for figure in skills:
        by_skill[figure.skill.pk].append(figure)
    figures = {
        o.pk: ObjectiveFigures(
            o, [f for skill in o.skills.all() for f in by_skill.get(skill.pk, [])]
        )
        for o in objectives
    }
    goals = (
        Goal.objects.filter(
            pair__program=program,
            pair__published_at__isnull=False,
            selected=True,
            objective__in=figures,
        )
        .annotate(
            done=Count("phases", filter=Q(phases__done_at__isnull=False)),
            total=Count("phases"),
        )
        .values_list("objective_id", "done", "total")
    )
    for objective_id, done, total in goals:
        figures[objective_id].goals += 1
        figures[objective_id].completed += bool(total) and done == total
    for objective_id, met in ObjectiveAnswer.objects.filter(
        response__evaluation=evaluation, response__submitted_at__isnull=False
    ).values_list("objective_id", "met"):
        if objective_id in figures:
            figures[objective_id].met.append(met)
    return list(figures.values())


def _texts_by_role(answered: list[Response], field: str) -> list[tuple[str, list[str]]]:
    """The answers to one free question, grouped by who wrote them (mentors, mentees,
    people who were both), each group in the order the answers came: the report then
    needs no element per answer to say whose it is."""
    groups = {
        Response.Role.MENTOR: _("From the mentors"),
        Response.Role.MENTEE: _("From the mentees"),
        Response.Role.BOTH: _("From people who were mentor in one pair and mentee in another"),
    }
    texts: dict[str, list[str]] = {role: [] for role in groups}
    for response in answered:
        if text := getattr(response, field).strip():
            texts[response.role].append(text)
    return [(label, texts[role]) for role, label in groups.items() if texts[role]]


def _groups_of(response: Response) -> list[str]:
    return [
        g
        for g, member in (("mentee", response.is_mentee), ("mentor", response.is_mentor))
        if member
    ]


def _skill_figures(program: Program, answered: list[Response]) -> list[SkillFigures]:
    """Average level before (the application) and after (the final questionnaire) of the
    same people, per skill and per group."""
    by_response = {r.pk: r for r in answered}
    after = SkillReassessment.objects.filter(response_id__in=by_response).values_list(
        "response_id", "skill_id", "level"
    )
    candidates = {r.candidate_id for r in answered if r.candidate_id}
    before = {
        (candidate_id, skill_id): level
        for candidate_id, skill_id, level in SkillRating.objects.filter(
            candidate_id__in=candidates
        ).values_list("candidate_id", "skill_id", "level")
    }
    pairs: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for response_id, skill_id, level in after:
        response = by_response[response_id]
        start = before.get((response.candidate_id, skill_id))
        if start is None:
            continue
        for group in _groups_of(response):
            pairs[(skill_id, group)].append((start, level))
    figures = []
    for skill in program.skills.all():
        for group in ("mentee", "mentor"):
            values = pairs.get((skill.pk, group))
            if values:
                evidence = paired_change([b for b, _a in values], [a for _b, a in values])
                figures.append(
                    SkillFigures(
                        skill=skill,
                        group=group,
                        before=evidence.before,
                        after=evidence.after,
                        people=evidence.people,
                        evidence=evidence,
                        differences=[a - b for b, a in values],
                    )
                )
    return figures


def _goal_figures(program: Program, evaluation: Evaluation) -> list[GoalFigures]:
    goals = (
        Goal.objects.filter(pair__program=program, pair__published_at__isnull=False, selected=True)
        .annotate(
            done=Count("phases", filter=Q(phases__done_at__isnull=False)),
            total=Count("phases"),
        )
        .values_list("owner", "done", "total")
    )
    figures = {
        Goal.Owner.MENTEE: GoalFigures(_("The mentees' goals")),
        Goal.Owner.MENTOR: GoalFigures(_("The mentors' own goals")),
    }
    for owner, done, total in goals:
        figure = figures[owner]
        figure.goals += 1
        figure.achieved += bool(total) and done == total
        figure.phases_done += done
        figure.phases += total
    progress = defaultdict(list)
    for owner, value in GoalProgress.objects.filter(
        response__evaluation=evaluation, response__submitted_at__isnull=False
    ).values_list("goal__owner", "progress"):
        progress[owner].append(value)
    for owner, figure in figures.items():
        figure.progress = _mean(progress[owner])
    return list(figures.values())


def _pair_figures(program: Program) -> list[PairFigures]:
    pairs = (
        Pair.objects.filter(program=program, published_at__isnull=False)
        .select_related("program", "mentor", "mentee")
        .annotate(
            held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD), distinct=True)
        )
        .order_by("mentor__full_name", "mentee__full_name", "pk")
    )
    # [phases done, phases] of the mentee's selected goals, per pair.
    phases = defaultdict(lambda: [0, 0])
    for pair_id, done_at in GoalPhase.objects.filter(
        goal__pair__program=program, goal__selected=True, goal__owner=Goal.Owner.MENTEE
    ).values_list("goal__pair_id", "done_at"):
        phases[pair_id][0] += done_at is not None
        phases[pair_id][1] += 1
    goal_counts = dict(
        Goal.objects.filter(pair__program=program, selected=True, owner=Goal.Owner.MENTEE)
        .values("pair_id")
        .annotate(n=Count("pk"))
        .values_list("pair_id", "n")
    )
    return [
        PairFigures(
            pair=pair,
            held=pair.held,
            goals=goal_counts.get(pair.pk, 0),
            phases_done=phases[pair.pk][0],
            phases=phases[pair.pk][1],
        )
        for pair in pairs
    ]
