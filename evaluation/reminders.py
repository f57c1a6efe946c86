"""The questionnaire reminders and the closing message of phase 5, for beat's periodic scan."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Pair
from matching.selectors import pair_to_preview
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


CLOSING = "evaluation.closing"


def _sample_participant(program: Program):
    """Someone of one of the program's pairs, to preview the closing message."""
    pair = pair_to_preview(program)
    return (pair.mentee_user, pair.mentor.full_name, reverse("participant_home")) if pair else None


def register_closing() -> None:
    touchpoint_register(
        Touchpoint(
            CLOSING,
            _("Closing message: thanks, and what comes next"),
            (
                _("%(days)d day after the program's end date"),
                _("%(days)d days after the program's end date"),
            ),
            default_days=1,
            min_days=0,
            phase=5,
            order=2,
            sample=_sample_participant,
            default_enabled=False,
        )
    )


def closing_create(now: datetime.datetime | None = None) -> int:
    """Once a program has ended (by the days its journey says), each person of its pairs
    that ran their course gets the closing message, once, where the journey switched it on."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    programs = list(
        Program.objects.filter(
            status=Program.Status.ACTIVE,
            end_date__lt=today,
            end_date__gte=today - datetime.timedelta(days=60),
        )
    )
    journeys = journey_of(programs)
    created = 0
    for program in programs:
        step = step_of(journeys, program.pk, CLOSING)
        if not step.enabled or program.end_date + datetime.timedelta(days=step.days) > today:
            continue
        people = {
            user.pk: user
            for pair in Pair.objects.filter(program=program, published_at__isnull=False)
            .exclude(status=Pair.Status.ENDED)
            .select_related("mentor_user", "mentee_user")
            for user in (pair.mentor_user, pair.mentee_user)
            if user is not None
        }
        created += len(
            notify(
                kind=CLOSING,
                recipients=people.values(),
                about=program.pk,
                group=program.outbox_group,
            )
        )
    return created
