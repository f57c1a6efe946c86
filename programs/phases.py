"""What each phase of a program reports about itself, for the dashboard and the list.

Each phase belongs to the app that implements it and reports its status as a PhaseStatus
from a `phase_status(program, facts)` of its own; its `phase_facts(programs)` reads what
that needs for many programs at once, in a fixed number of queries (the program list shows
every program's phase). The composition in `mentoring/` puts the five in order, so this
module never knows a later app.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PHASE_TITLES = {
    1: _("Define the objective"),
    2: _("Select the participants"),
    3: _("Prepare to start"),
    4: _("Regular meetings"),
    5: _("Final evaluation"),
}


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class NextStep:
    """Something waiting for a participant in one of their pairs, one click away (their
    start page lists them, soonest first). Each phase app says what it knows."""

    pair_id: int
    label: str
    url: str
    # When it is due or happens, to sort by: a date or a datetime (None: as soon as possible).
    when: datetime.date | None = None
    overdue: bool = False
    # A second action beside it, such as adding the meeting to one's calendar.
    extra_label: str = ""
    extra_url: str = ""

    @property
    def sort_key(self) -> tuple:
        """Overdue first, then what has no date, then by the moment: a date counts from
        the start of its day where the product runs, so a phase due yesterday comes before
        a meeting late yesterday whatever the hour now."""
        when = self.when
        if when is None:
            return (not self.overdue, 0, datetime.datetime.min, self.label)
        if not isinstance(when, datetime.datetime):
            when = timezone.make_aware(datetime.datetime.combine(when, datetime.time.min))
        return (not self.overdue, 1, timezone.make_naive(when), self.label)


@dataclass(frozen=True)
class PhaseStatus:
    """What one phase reports about a program: is it done, its figures, what to do next."""

    number: int
    is_done: bool
    summary: str
    counts: list[tuple[str, int | str]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    action: Action | None = None
    # Something of this phase has happened (meetings held, the evaluation launched): the
    # program is in it, or past it, even if an earlier phase still has work left.
    started: bool = False

    @property
    def title(self) -> str:
        return PHASE_TITLES[self.number]


def counts_by_program(
    queryset: QuerySet, programs: Iterable, key: str = "program", **aggregates
) -> dict[int, dict]:
    """Aggregates per program in one query: {program id: {name: value}}, with zeros for a
    program that has no rows."""
    ids = [program.pk for program in programs]
    rows = queryset.filter(**{f"{key}__in": ids}).values(key).annotate(**aggregates).order_by()
    found = {row[key]: row for row in rows}
    result: dict[int, dict] = defaultdict(dict)
    for pk in ids:
        result[pk] = {name: found.get(pk, {}).get(name) or 0 for name in aggregates}
    return result
