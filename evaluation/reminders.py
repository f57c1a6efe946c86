"""The questionnaire reminders of phase 5, for beat's periodic scan."""

import datetime

from django.db import transaction
from django.utils import timezone

from notifications.services import notify
from programs.models import Program

from .models import Response

# A participant who has not answered hears from us every few days until the deadline.
REMIND_EVERY_DAYS = 3


@transaction.atomic
def reminders_create(now: datetime.datetime | None = None) -> int:
    """Remind everyone who has not answered an open questionnaire, every few days, once per
    period (the notification's uniqueness keeps a second scan from sending it again)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = (
        Response.objects.filter(
            submitted_at__isnull=True,
            evaluation__closes_on__gte=today,
            evaluation__program__status=Program.Status.ACTIVE,
            evaluation__launched_at__lte=now - datetime.timedelta(days=REMIND_EVERY_DAYS),
            respondent__is_active=True,
            respondent__receives_reminders=True,
        )
        .select_related("evaluation__program", "respondent")
        .order_by("pk")
    )
    created = 0
    for response in pending:
        evaluation = response.evaluation
        days = (today - timezone.localdate(evaluation.launched_at)).days
        created += len(
            notify(
                kind="evaluation.questionnaire_reminder",
                recipients=[response.respondent],
                about=evaluation.pk,
                period=str(days // REMIND_EVERY_DAYS),
                group=evaluation.program.outbox_group,
            )
        )
    return created
