"""The questionnaire reminders of phase 5, for beat's periodic scan."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from programs.journey import Touchpoint, journey_of, step_of
from programs.journey import register as touchpoint_register
from programs.models import Program

from .models import Response

# A participant who has not answered hears from us every few days until the deadline.
REMIND_EVERY_DAYS = 3


QUESTIONNAIRE_REMINDER = "evaluation.questionnaire_reminder"


def _sample(program: Program):
    """Someone invited to the program's latest questionnaire, to preview a reminder."""
    response = (
        Response.objects.filter(evaluation__program=program)
        .select_related("respondent")
        .order_by("-evaluation__launched_at", "pk")
        .first()
    )
    if response is None:
        return None
    return response.respondent, "", reverse("evaluation:questionnaire", args=[response.pk])


def register_touchpoints() -> None:
    touchpoint_register(
        Touchpoint(
            QUESTIONNAIRE_REMINDER,
            _("Questionnaire reminder"),
            (
                _("every %(days)d day until the questionnaire is answered or closes"),
                _("every %(days)d days until the questionnaire is answered or closes"),
            ),
            default_days=REMIND_EVERY_DAYS,
            min_days=1,
            phase=5,
            order=1,
            sample=_sample,
        )
    )


@transaction.atomic
def reminders_create(now: datetime.datetime | None = None) -> int:
    """Remind everyone who has not answered an open questionnaire, every few days (as the
    program's journey says), once per period: the notification's uniqueness keeps a second
    scan, or a step moved after it ran, from sending it again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = list(
        Response.objects.filter(
            submitted_at__isnull=True,
            evaluation__closes_on__gte=today,
            evaluation__program__status=Program.Status.ACTIVE,
            evaluation__launched_at__lte=now - datetime.timedelta(days=1),
            respondent__is_active=True,
            respondent__receives_reminders=True,
        )
        .select_related("evaluation__program", "respondent")
        .order_by("pk")
    )
    journeys = journey_of({r.evaluation.program for r in pending})
    created = 0
    for response in pending:
        evaluation = response.evaluation
        step = step_of(journeys, evaluation.program_id, QUESTIONNAIRE_REMINDER)
        days = (today - timezone.localdate(evaluation.launched_at)).days
        if not step.enabled or days < step.days:
            continue
        created += len(
            notify(
                kind=QUESTIONNAIRE_REMINDER,
                recipients=[response.respondent],
                about=evaluation.pk,
                period=str(days // step.days),
                group=evaluation.program.outbox_group,
            )
        )
    return created
