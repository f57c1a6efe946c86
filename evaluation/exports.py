"""The results as tables, for a spreadsheet: the questionnaire's answers, each person's
skills before and after, and each pair's meetings and goals. Without names, a person (or
a pair) is a code, the same in every table of one evaluation, in an order that reveals
nobody (a keyed hash, not the order of their names or of their answers)."""

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from matching.models import Pair, SkillRating
from preparation.models import Goal, GoalPhase
from sessions.models import Meeting

from .models import Evaluation, GoalProgress, Response, SkillReassessment
from .results import results_of

Table = tuple[list[str], list[list]]


def _hidden_order(evaluation: Evaluation, pk: int) -> str:
    key = f"{settings.SECRET_KEY}:{evaluation.pk}:{pk}".encode()
    return hashlib.sha256(key).hexdigest()


def _people(evaluation: Evaluation, anonymous: bool) -> list[tuple[Response, str]]:
    """The evaluation's respondents, each with what names them in the tables."""
    responses = list(evaluation.responses.select_related("respondent").order_by("pk"))
    if not anonymous:
        named = [
            (r, r.respondent.get_full_name() or r.respondent.get_username()) for r in responses
        ]
        return sorted(named, key=lambda item: (item[1].lower(), item[0].pk))
    responses.sort(key=lambda response: _hidden_order(evaluation, response.pk))
    return [
        (response, _("Person %(number)d") % {"number": number})
        for number, response in enumerate(responses, start=1)
    ]


def answers_table(evaluation: Evaluation, anonymous: bool) -> Table:
    header = [
        _("Person"),
        *([] if anonymous else [_("Email")]),
        _("Role"),
        _("Answered"),
        _("The mentoring relationship"),
        _("The meetings"),
        _("The organisation of the program"),
        _("Would recommend it"),
        _("Progress on the general objective"),
        _("Learning outcomes"),
        _("Learning needs going forward"),
        _("Comments"),
    ]
    rows = []
    for response, name in _people(evaluation, anonymous):
        rows.append(
            [
                name,
                *([] if anonymous else [response.respondent.email]),
                response.get_role_display(),
                response.submitted_at.date().isoformat() if response.submitted_at else "",
                response.relationship,
                response.meetings,
                response.organisation,
                response.recommend,
                response.objective_progress,
                response.outcomes,
                response.needs,
                response.comments,
            ]
        )
    return header, rows


def skills_table(evaluation: Evaluation, anonymous: bool) -> Table:
    """Each answered person's level of each skill when they applied and at the end."""
    people = [(r, name) for r, name in _people(evaluation, anonymous) if r.submitted_at]
    after = defaultdict(dict)
    for response_id, skill_id, level in SkillReassessment.objects.filter(
        response__in=[r for r, _name in people]
    ).values_list("response_id", "skill_id", "level"):
        after[response_id][skill_id] = level
    before = defaultdict(dict)
    for candidate_id, skill_id, level in SkillRating.objects.filter(
        candidate_id__in={r.candidate_id for r, _name in people if r.candidate_id}
    ).values_list("candidate_id", "skill_id", "level"):
        before[candidate_id][skill_id] = level
    skills = list(evaluation.program.skills.order_by("kind", "pk"))
    header = [
        _("Person"),
        _("Role"),
        _("Skill"),
        _("Before"),
        _("After"),
        pgettext("difference", "Change"),
    ]
    rows = []
    for response, name in people:
        for skill in skills:
            start = before[response.candidate_id].get(skill.pk)
            end = after[response.pk].get(skill.pk)
            if start is None and end is None:
                continue
            change = end - start if start is not None and end is not None else ""
            rows.append([name, response.get_role_display(), skill.local.name, start, end, change])
    return header, rows


def changes_table(evaluation: Evaluation, anonymous: bool) -> Table:
    """Per competence and group, whether people changed: the mean change with its 95 %
    confidence interval and effect size (evaluation.statistics); a group of fewer than five
    shows only its size. Nobody is named, with or without names."""
    header = [
        _("Competence"),
        _("Who"),
        _("People"),
        _("Before"),
        _("After"),
        pgettext("difference", "Change"),
        _("Confidence interval, lower end"),
        _("Confidence interval, upper end"),
        _("Effect size"),
        _("Note"),
    ]
    groups = {"mentee": _("Mentees"), "mentor": _("Mentors")}
    rows = []
    for figure in results_of(evaluation).skills:
        evidence = figure.evidence

        def rounded(value):
            return "" if value is None else round(value, 3)

        if figure.too_few:  # nearly a person's answers: only how many there are
            rows.append(
                [figure.skill.local.name, groups[figure.group], evidence.people]
                + [""] * 6
                + [_("fewer than 5 answers: not shown, to keep them anonymous")]
            )
            continue
        rows.append(
            [
                figure.skill.local.name,
                groups[figure.group],
                evidence.people,
                rounded(evidence.before),
                rounded(evidence.after),
                rounded(evidence.change),
                rounded(evidence.low),
                rounded(evidence.high),
                rounded(evidence.effect),
                "",
            ]
        )
    return header, rows


def objectives_table(evaluation: Evaluation, anonymous: bool) -> Table:
    """Per learning objective: its competences' change (as in the changes table), the goals
    that serve it and those completed, and the questionnaire's "how far was it met"."""
    header = [
        _("Learning objective"),
        _("Competences: change and its interval at 95 %"),
        _("Goals that serve it"),
        _("Goals completed"),
        _("Answers: how far it was met"),
        _("Mean (1-5)"),
        _("Mostly or fully met (%)"),
    ]
    groups = {"mentee": _("mentees"), "mentor": _("mentors")}
    rows = []
    for row in results_of(evaluation).objectives:
        competences = []
        for figure in row.competences:
            e = figure.evidence
            said = (
                _("fewer than 5 answers")
                if figure.too_few
                else f"{e.change:+.2f} [{e.low:.2f}, {e.high:.2f}]"
            )
            competences.append(f"{figure.skill.local.name} ({groups[figure.group]}): {said}")
        mean = row.met_mean
        rows.append(
            [
                row.objective.text,
                "; ".join(competences),
                row.goals,
                row.completed,
                len(row.met),
                "" if mean is None else round(mean, 2),
                "" if row.met_share is None else row.met_share,
            ]
        )
    return header, rows


def comparison_table(evaluation: Evaluation, anonymous: bool) -> Table:
    """Per competence, the paired mentees' change against the comparison group's (people
    left waiting): the difference with its 95 % interval. Nobody is named."""
    header = [
        _("Competence"),
        _("Paired mentees"),
        _("Waiting"),
        _("Their change"),
        _("Waiting group's change"),
        _("Difference"),
        _("Confidence interval, lower end"),
        _("Confidence interval, upper end"),
        _("Note"),
    ]
    comparison = results_of(evaluation).comparison
    rows = []
    for row in comparison.rows if comparison else []:
        e = row.evidence
        if e.too_few:
            rows.append(
                [row.skill.local.name, e.people, e.others]
                + [""] * 5
                + [_("fewer than 5 in a group: not shown, to keep them anonymous")]
            )
            continue
        rows.append(
            [
                row.skill.local.name,
                e.people,
                e.others,
                round(e.change, 3),
                round(e.other_change, 3),
                round(e.difference, 3),
                round(e.low, 3),
                round(e.high, 3),
                "",
            ]
        )
    return header, rows


def pairs_table(evaluation: Evaluation, anonymous: bool) -> Table:
    """Each published pair's meetings and goals, and the progress its people report."""
    program = evaluation.program
    pairs = list(
        Pair.objects.filter(program=program, published_at__isnull=False)
        .select_related("mentor", "mentee")
        .annotate(
            held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD), distinct=True),
            cancelled=Count(
                "meetings", filter=Q(meetings__status=Meeting.Status.CANCELLED), distinct=True
            ),
        )
    )
    goals = defaultdict(lambda: [0, 0])  # [goals, achieved (every phase done)]
    for goal in Goal.objects.filter(pair__in=pairs, selected=True).annotate(
        done=Count("phases", filter=Q(phases__done_at__isnull=False)), total=Count("phases")
    ):
        goals[goal.pair_id][0] += 1
        goals[goal.pair_id][1] += bool(goal.total) and goal.done == goal.total
    phases = defaultdict(lambda: [0, 0])
    for pair_id, done_at in GoalPhase.objects.filter(
        goal__pair__in=pairs, goal__selected=True
    ).values_list("goal__pair_id", "done_at"):
        phases[pair_id][0] += done_at is not None
        phases[pair_id][1] += 1
    progress = defaultdict(list)
    for pair_id, value in GoalProgress.objects.filter(
        response__evaluation=evaluation, response__submitted_at__isnull=False
    ).values_list("goal__pair_id", "progress"):
        progress[pair_id].append(value)
    if anonymous:
        pairs.sort(key=lambda pair: _hidden_order(evaluation, -pair.pk))
    else:
        pairs.sort(key=lambda pair: (pair.mentor.full_name.lower(), pair.mentee.full_name.lower()))
    header = [
        *([_("Pair")] if anonymous else [_("Mentor"), _("Mentee")]),
        _("Status"),
        _("Meetings held"),
        _("Meetings cancelled"),
        _("Goals"),
        _("Goals achieved"),
        _("Goal phases done"),
        _("Goal phases"),
        _("Progress they report (1-5)"),
    ]
    rows = []
    for number, pair in enumerate(pairs, start=1):
        values = progress[pair.pk]
        rows.append(
            [
                *(
                    [_("Pair %(number)d") % {"number": number}]
                    if anonymous
                    else [pair.mentor.full_name, pair.mentee.full_name]
                ),
                pair.get_status_display(),
                pair.held,
                pair.cancelled,
                *goals[pair.pk],
                *phases[pair.pk],
                round(sum(values) / len(values), 1) if values else "",
            ]
        )
    return header, rows


@dataclass(frozen=True)
class Export:
    slug: str
    label: Promise
    sheet: Promise
    table: Callable[[Evaluation, bool], Table]


EXPORTS = {
    export.slug: export
    for export in (
        Export(
            "answers", gettext_lazy("Questionnaire answers"), gettext_lazy("Answers"), answers_table
        ),
        Export(
            "skills",
            gettext_lazy("Skills before and after, per person"),
            gettext_lazy("Skills"),
            skills_table,
        ),
        Export(
            "changes",
            gettext_lazy("Change per competence, with its confidence interval"),
            gettext_lazy("Changes"),
            changes_table,
        ),
        Export(
            "comparison",
            gettext_lazy("Change against the comparison group"),
            gettext_lazy("Comparison"),
            comparison_table,
        ),
        Export(
            "objectives",
            gettext_lazy("Attainment per learning objective"),
            gettext_lazy("Objectives"),
            objectives_table,
        ),
        Export(
            "pairs",
            gettext_lazy("Meetings and goals, per pair"),
            gettext_lazy("Pairs"),
            pairs_table,
        ),
    )
}
