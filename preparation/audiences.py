"""The groups of people the preparation phase knows, for the coordinators' messages (see
programs.audiences): those who have not completed their training, and the pairs whose
worksheet has no goals yet."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.audiences import recipients_of
from matching.models import Pair
from matching.selectors import participants
from programs.audiences import Recipient, register
from programs.models import Program

from .models import Goal, TrainingCompletion
from .training import MODULES


def modules_expected(audience: str) -> set[str]:
    """The modules a participant is asked to complete: every one for a mentor, those for
    mentees otherwise."""
    if audience in ("mentor", "both"):
        return {module.key for module in MODULES}
    return {module.key for module in MODULES if module.for_mentees}


def _training_pending(program: Program, target: str) -> list[Recipient]:
    done: dict[int, set[str]] = {}
    for user_id, module in TrainingCompletion.objects.filter(program=program).values_list(
        "user_id", "module"
    ):
        done.setdefault(user_id, set()).add(module)
    people = participants(program, current_only=True)
    pending = [p for p in people if not modules_expected(p.audience) <= done.get(p.user.pk, set())]
    return recipients_of(pending, reverse("preparation:training", args=[program.pk]))


def _worksheet_pending(program: Program, target: str) -> list[Recipient]:
    pairs = (
        program.pairs.filter(published_at__isnull=False)
        .exclude(status=Pair.Status.ENDED)
        .exclude(
            Exists(Goal.objects.filter(pair=OuterRef("pk"), selected=True, owner=Goal.Owner.MENTEE))
        )
        .select_related("mentor_user", "mentee_user", "mentor", "mentee")
        .order_by("pk")
    )
    people: dict[int, Recipient] = {}
    for pair in pairs:
        link = reverse("preparation:worksheet", args=[pair.pk])
        for user, partner in ((pair.mentor_user, pair.mentee), (pair.mentee_user, pair.mentor)):
            if user is not None and user.is_active and user.pk not in people:
                people[user.pk] = Recipient(user=user, partner=partner.full_name, link=link)
    return list(people.values())


def _training_reminder(program: Program, target: str) -> tuple[str, str]:
    return (
        _("Your training for {program}"),
        _(
            "Hello {first_name},\n\n"
            "Your training for {program} is not complete yet. It takes a few minutes and "
            "prepares you for your meetings with {partner}:\n\n"
            "{link}\n\n"
            "Thank you."
        ),
    )


def _worksheet_reminder(program: Program, target: str) -> tuple[str, str]:
    return (
        _("Your goals with {partner}"),
        _(
            "Hello {first_name},\n\n"
            "Your pair has not chosen its goals yet. Fill in the goal-setting framework "
            "together with {partner}: write your ideas, choose and prioritise them, make "
            "them SMART and split them into three phases.\n\n"
            "{link}\n\n"
            "Thank you."
        ),
    )


def register_audiences() -> None:
    register(
        "preparation.training_pending",
        label=gettext_lazy("Training not completed"),
        people=_training_pending,
        suggested=_training_reminder,
    )
    register(
        "preparation.worksheet_pending",
        label=gettext_lazy("Goals worksheet not completed"),
        people=_worksheet_pending,
        suggested=_worksheet_reminder,
    )
