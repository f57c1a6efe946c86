"""A pair's health history: recorded when something it depends on changes, and by the
periodic scan for what changes with time alone (a meeting that never comes)."""

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation

from matching.models import Pair
from programs.models import Program

from .models import HealthChange
from .selectors import pair_health_and_causes, pairs_overview_rows


def pairs_health_record(*, pairs: QuerySet[Pair] | None = None, now=None) -> int:
    """Keep the health history: record the health of each running pair (of active
    programs) whose health is not the one last recorded, with its causes in the program's
    language. Returns how many changes were recorded."""
    now = now or timezone.now()
    pairs = Pair.objects.all() if pairs is None else pairs
    last = HealthChange.objects.filter(pair=OuterRef("pk")).order_by("-recorded_at", "-id")
    rows = (
        pairs_overview_rows(pairs.filter(program__status=Program.Status.ACTIVE), now)
        .select_related("program")
        .annotate(last_health=Subquery(last.values("health")[:1]))
    )
    changes = []
    for pair in rows:
        with translation.override(pair.program.language):
            health, causes = pair_health_and_causes(pair, pair.program, now)
        if health != pair.last_health:
            changes.append(HealthChange(pair=pair, health=health, causes=causes, recorded_at=now))
    HealthChange.objects.bulk_create(changes)
    return len(changes)


def health_follow(pair_id: int) -> None:
    """Once this transaction commits, record the pair's health if what happened changed it
    (a meeting held, a pulse, a concern raised or closed, a goal phase ticked)."""
    # Robust: a failure here is logged, never the error page of what was just saved; the
    # periodic scan records the change later.
    transaction.on_commit(
        lambda: pairs_health_record(pairs=Pair.objects.filter(pk=pair_id)), robust=True
    )
