"""The group of people the evaluation phase knows, for the coordinators' messages (see
programs.audiences): those who have not answered the open questionnaire."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.audiences import Recipient, register
from programs.models import Program

from .models import Response


def _questionnaire_pending(program: Program, target: str) -> list[Recipient]:
    responses = Response.objects.filter(
        evaluation__program=program,
        evaluation__closes_on__gte=timezone.localdate(),
        submitted_at__isnull=True,
        respondent__is_active=True,
    ).select_related("respondent")
    people: dict[int, Recipient] = {}
    for response in responses.order_by("pk"):
        link = reverse("evaluation:questionnaire", args=[response.pk])
        people.setdefault(response.respondent_id, Recipient(user=response.respondent, link=link))
    return list(people.values())


def _questionnaire_reminder(program: Program, target: str) -> tuple[str, str]:
    return (
        _("Your questionnaire about {program}"),
        _(
            "Hello {first_name},\n\n"
            "Your answers to the questionnaire about {program} are still missing. It takes "
            "a few minutes and helps to improve the program for the next people:\n\n"
            "{link}\n\n"
            "Thank you."
        ),
    )


def register_audiences() -> None:
    register(
        "evaluation.questionnaire_pending",
        label=gettext_lazy("Questionnaire not answered"),
        people=_questionnaire_pending,
        suggested=_questionnaire_reminder,
    )
