"""The mentor training's reminder: a step of the program's journey, off unless the
coordinator switches it on (the product did not send it before the journey existed)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Pair
from notifications.services import notify
from programs.journey import Touchpoint, journey_of, step_of
from programs.journey import register as touchpoint_register
from programs.models import Program

from .models import TrainingCompletion
from .training import MENTOR_MODULES

TRAINING_REMINDER = "preparation.training_reminder"


def _running_pairs(today: datetime.date):
    return Pair.objects.filter(
        published_at__isnull=False,
        status=Pair.Status.ACTIVE,
        program__status=Program.Status.ACTIVE,
        program__end_date__gte=today,
        mentor_user__isnull=False,
    )


def _sample(program: Program):
    """The mentor of one of the program's running pairs, to preview the reminder's text."""
    pair = (
        _running_pairs(timezone.localdate())
        .filter(program=program)
        .select_related("mentor_user", "mentee")
        .order_by("pk")
        .first()
    )
    if pair is None:
        return None
    return (
        pair.mentor_user,
        pair.mentee.full_name,
        reverse("preparation:training", args=[program.pk]),
    )


def register_touchpoints() -> None:
    touchpoint_register(
        Touchpoint(
            TRAINING_REMINDER,
            _("Training reminder (to the mentor)"),
            (
                _("%(days)d day after the pair is published, if the mentor's training is not done"),
                _(
                    "%(days)d days after the pair is published, if the mentor's training is not "
                    "done"
                ),
            ),
            default_days=7,
            min_days=1,
            phase=3,
            order=1,
            sample=_sample,
            default_enabled=False,
        )
    )


def training_reminders_create(now: datetime.datetime | None = None) -> int:
    """Remind once, per pair, a mentor who has not completed the mentor modules some days
    after their pair was published, where the program's journey asks for it. Three
    queries."""
    now = now or timezone.now()
    pairs = list(
        _running_pairs(timezone.localdate(now))
        .filter(published_at__lte=now - datetime.timedelta(days=1))
        .select_related("program", "mentor_user")
    )
    journeys = journey_of({pair.program for pair in pairs})
    done: dict[tuple[int, int], set[str]] = {}
    for program_id, user_id, module in TrainingCompletion.objects.filter(
        program__in={pair.program_id for pair in pairs},
        user__in={pair.mentor_user_id for pair in pairs},
    ).values_list("program_id", "user_id", "module"):
        done.setdefault((program_id, user_id), set()).add(module)
    created = 0
    for pair in pairs:
        step = step_of(journeys, pair.program_id, TRAINING_REMINDER)
        if not step.enabled or pair.published_at > now - datetime.timedelta(days=step.days):
            continue
        if set(MENTOR_MODULES) <= done.get((pair.program_id, pair.mentor_user_id), set()):
            continue
        created += len(
            notify(
                kind=TRAINING_REMINDER,
                recipients=[pair.mentor_user],
                about=pair.pk,
                group=pair.program.outbox_group,
            )
        )
    return created
