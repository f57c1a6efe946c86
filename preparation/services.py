"""Writes of phase 3: welcome communications, the program guide, training, the worksheet."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.models import Pair
from matching.selectors import participants
from notifications.models import Notification
from notifications.services import notification_requeue, notify
from programs.audit import log_action
from programs.freshness import touch
from programs.models import LearningObjective, Program

from .markup import formatted
from .models import Goal, GoalPhase, ProgramGuide, TrainingCompletion, WelcomeMessage
from .placeholders import placeholders_check
from .selectors import WELCOME
from .smart import SMART_FIELDS

# The welcome messages


def welcome_message_save(
    *, program: Program, audience: str, language: str, subject: str, body: str
) -> WelcomeMessage:
    """Save one version of the welcome (the first save replaces the default text)."""
    placeholders_check(subject)
    placeholders_check(body)
    message, _created = WelcomeMessage.objects.update_or_create(
        program=program,
        audience=audience,
        language=language,
        defaults={"subject": subject, "body": body},
    )
    return message


@transaction.atomic
def welcome_send(*, program: Program, actor: User, user_ids: Iterable[int] | None = None) -> int:
    """Queue the welcome email for every participant (or those chosen). An email already sent
    is never sent again; a failed one is tried again. Returns how many were queued."""
    chosen = set(user_ids) if user_ids is not None else None
    people = [
        person.user
        for person in participants(program, current_only=True)
        if chosen is None or person.user.pk in chosen
    ]
    queued = len(
        notify(kind=WELCOME, recipients=people, about=program.pk, group=program.outbox_group)
    )
    failed = Notification.objects.filter(
        kind=WELCOME,
        about_id=program.pk,
        recipient__in=people,
        status=Notification.Status.FAILED,
    )
    queued += sum(notification_requeue(notification=notification) for notification in failed)
    if queued:
        log_action(program, actor, "preparation.welcome_sent", {"emails": queued})
    return queued


# The guide: principles and instructions


@transaction.atomic
def guide_save(
    *,
    program: Program,
    actor: User,
    principles: str,
    instructions: str,
    training_required: bool,
    translations: Mapping[str, Mapping[str, str]] | None = None,
) -> ProgramGuide:
    """Save the principles and instructions (rendered and sanitised now, once), in the
    program's language and in the others written ({language: {"principles": …,
    "instructions": …}}), and the training gate; the first save replaces the defaults."""
    previous = ProgramGuide.objects.filter(program=program).first()
    guide, _created = ProgramGuide.objects.update_or_create(
        program=program,
        defaults={
            "principles": principles,
            "instructions": instructions,
            "principles_html": formatted(principles),
            "instructions_html": formatted(instructions),
            "training_required": training_required,
        },
    )
    for language, texts in (translations or {}).items():
        guide.set_translation(
            language,
            **{field: texts.get(field, "") for field in ("principles", "instructions")},
            **{
                f"{field}_html": formatted(texts.get(field, ""))
                for field in ("principles", "instructions")
                if texts.get(field)
            },
        )
    guide.save(update_fields=["translations"])
    if previous is None or (previous.principles, previous.instructions) != (
        principles,
        instructions,
    ):
        log_action(program, actor, "preparation.guide_changed")
    if (previous.training_required if previous else False) != training_required:
        log_action(
            program, actor, "preparation.training_gate_changed", {"required": training_required}
        )
    return guide


# Training


def preparation_copy(*, source: Program, target: Program) -> None:
    """Give a duplicated program this one's welcome templates, guide and training setting
    (who completed the training, and every pair's goals, stay with the old program)."""
    WelcomeMessage.objects.bulk_create(
        WelcomeMessage(
            program=target,
            audience=message.audience,
            language=message.language,
            subject=message.subject,
            body=message.body,
        )
        for message in source.welcome_messages.all()
    )
    guide = ProgramGuide.objects.filter(program=source).first()
    if guide is not None:
        guide.pk = None
        guide.program = target
        guide.save()


def training_complete(*, program: Program, user: User, module: str) -> TrainingCompletion:
    completion, _created = TrainingCompletion.objects.get_or_create(
        program=program, user=user, module=module
    )
    return completion


# The SMART goal worksheet


@transaction.atomic
def goals_brainstorm(
    *, pair: Pair, owner: str, texts: Sequence[str], mentor_area: str = ""
) -> list[Goal]:
    """Step 1a: the goals written freely, one per line, not yet selected."""
    session = (
        pair.goals.filter(owner=owner)
        .order_by("-session_number")
        .values_list("session_number", flat=True)
        .first()
    )
    touch(pair.program_id)  # bulk_create sends no signal
    return Goal.objects.bulk_create(
        Goal(
            pair=pair,
            owner=owner,
            mentor_area=mentor_area,
            session_number=session or 1,
            date=timezone.localdate(),
            text=text,
        )
        for text in texts
    )


@transaction.atomic
def goals_prioritise(*, pair: Pair, choices: dict[int, int | None]) -> None:
    """Step 1b: {goal id: priority} for the selected goals; the others are set aside."""
    for goal in pair.goals.all():
        priority = choices.get(goal.pk)
        goal.selected = priority is not None
        goal.priority = priority
        goal.save(update_fields=["selected", "priority"])


@dataclass(frozen=True)
class PhasePlan:
    number: int
    description: str
    due_date: datetime.date


@transaction.atomic
def goal_make_smart(
    *,
    goal: Goal,
    text: str,
    smart: dict[str, str],
    phases: Sequence[PhasePlan],
    objective: LearningObjective | None = None,
) -> Goal:
    """Steps 2 and 3: the five SMART criteria and the three phases with their due dates;
    and the program's learning objective the goal serves, if any."""
    goal.text = text
    goal.objective = objective
    for field in SMART_FIELDS:
        setattr(goal, field, smart[field])
    goal.save(update_fields=["text", "objective", *SMART_FIELDS])
    for plan in phases:
        GoalPhase.objects.update_or_create(
            goal=goal,
            number=plan.number,
            defaults={"description": plan.description, "due_date": plan.due_date},
        )
    return goal


def phase_tick(*, phase: GoalPhase, done: bool) -> None:
    """A goal phase is done (or not yet): ticked in the workspace or when a meeting moves it."""
    phase.done_at = timezone.now() if done else None
    phase.save(update_fields=["done_at"])
