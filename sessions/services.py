"""Writes of phase 3: welcome communications, the program guide, training, the worksheet."""

import datetime
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import Pair
from programs.models import Program

from .models import Goal, GoalPhase, Notification, ProgramGuide, TrainingCompletion, WelcomeMessage
from .tasks import notification_send

# Placeholders a welcome message may use, and nothing else (no attribute access).
PLACEHOLDERS = ("name", "partner", "program", "objective", "link", "coordinator")


def placeholders_check(text: str) -> None:
    """Refuse unknown or malformed placeholders, naming them, before anything is saved."""
    try:
        fields = [
            field
            for _literal, field, _spec, _conv in string.Formatter().parse(text)
            if field is not None
        ]
    except ValueError:
        raise ValidationError(
            _("A brace is not closed. Write placeholders as {name}; write {{ and }} for braces.")
        ) from None
    unknown = sorted({field for field in fields if field not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Use: %(allowed)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in unknown),
                "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            }
        )


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(values)


# The welcome messages


def welcome_messages(program: Program) -> dict[tuple[str, str], WelcomeMessage]:
    """The program's welcome messages by (audience, language), created from the defaults."""
    existing = {(m.audience, m.language): m for m in program.welcome_messages.all()}
    missing = []
    for audience in WelcomeMessage.Audience.values:
        for language, _name in settings.LANGUAGES:
            if (audience, language) not in existing:
                with translation.override(language):
                    context = {"audience": audience}
                    subject = render_to_string(
                        "sessions/defaults/welcome_subject.txt", context
                    ).strip()
                    body = render_to_string("sessions/defaults/welcome_body.txt", context).strip()
                missing.append(
                    WelcomeMessage(
                        program=program,
                        audience=audience,
                        language=language,
                        subject=subject,
                        body=body,
                    )
                )
    for message in WelcomeMessage.objects.bulk_create(missing):
        existing[(message.audience, message.language)] = message
    return existing


def welcome_message_save(*, message: WelcomeMessage, subject: str, body: str) -> None:
    placeholders_check(subject)
    placeholders_check(body)
    message.subject = subject
    message.body = body
    message.save(update_fields=["subject", "body"])


@dataclass(frozen=True)
class Participant:
    user: User
    audience: str  # WelcomeMessage.Audience
    partners: list[str]


def participants(program: Program) -> list[Participant]:
    """Everyone in the program's published pairs, once, with their role and partners."""
    roles: dict[int, tuple[User, set[str], list[str]]] = {}
    pairs = program.pairs.filter(published_at__isnull=False).select_related(
        "mentor_user", "mentee_user", "mentor", "mentee"
    )
    for pair in pairs:
        for user, role, partner in (
            (pair.mentor_user, "mentor", pair.mentee),
            (pair.mentee_user, "mentee", pair.mentor),
        ):
            if user is None:
                continue
            entry = roles.setdefault(user.pk, (user, set(), []))
            entry[1].add(role)
            entry[2].append(partner.full_name)
    result = [
        Participant(
            user=user, audience="both" if len(kinds) == 2 else next(iter(kinds)), partners=partners
        )
        for user, kinds, partners in roles.values()
    ]
    return sorted(result, key=lambda p: (p.user.last_name, p.user.first_name, p.user.pk))


def welcome_values(program: Program, participant: Participant) -> dict[str, str]:
    coordinator = program.coordinators.order_by("pk").first()
    return {
        "name": participant.user.first_name or participant.user.get_username(),
        "partner": ", ".join(participant.partners),
        "program": program.name,
        "objective": program.general_objective,
        "link": settings.SITE_URL + "/",
        "coordinator": coordinator.get_full_name() if coordinator else "",
    }


def welcome_render(program: Program, participant: Participant) -> tuple[str, str]:
    """The subject and text of one participant's welcome, in their language."""
    messages = welcome_messages(program)
    language = participant.user.language
    message = (
        messages.get((participant.audience, language))
        or messages[(participant.audience, program.language)]
    )
    values = welcome_values(program, participant)
    return placeholders_fill(message.subject, values), placeholders_fill(message.body, values)


@transaction.atomic
def welcome_send(*, program: Program, actor: User, user_ids: Iterable[int] | None = None) -> int:
    """Queue the welcome email for every participant (or those chosen). An email already sent
    is never sent again; a failed one is tried again. Returns how many were queued."""
    chosen = set(user_ids) if user_ids is not None else None
    queued = []
    for participant in participants(program):
        if chosen is not None and participant.user.pk not in chosen:
            continue
        notification, created = Notification.objects.get_or_create(
            kind=Notification.Kind.WELCOME,
            program=program,
            recipient=participant.user,
            pair=None,
            slot="",
        )
        if created or notification.status == Notification.Status.FAILED:
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.PENDING, error=""
            )
            queued.append(notification.pk)
    for pk in queued:
        transaction.on_commit(lambda pk=pk: notification_send.delay(pk))
    return len(queued)


# The guide: principles and instructions


ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "hr"}


def formatted(text: str) -> str:
    """Markdown written by a coordinator, as HTML safe to show to anyone."""
    html = markdown.markdown(text, extensions=["sane_lists"])
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer"
    )


def guide_for(program: Program) -> ProgramGuide:
    guide = ProgramGuide.objects.filter(program=program).first()
    if guide is None:
        with translation.override(program.language):
            context = {"program": program}
            principles = render_to_string("sessions/defaults/principles.md", context).strip()
            instructions = render_to_string("sessions/defaults/instructions.md", context).strip()
        guide = ProgramGuide.objects.create(
            program=program,
            principles=principles,
            instructions=instructions,
            principles_html=formatted(principles),
            instructions_html=formatted(instructions),
        )
    return guide


def guide_save(
    *, guide: ProgramGuide, principles: str, instructions: str, training_required: bool
) -> None:
    guide.principles = principles
    guide.instructions = instructions
    guide.principles_html = formatted(principles)
    guide.instructions_html = formatted(instructions)
    guide.training_required = training_required
    guide.save()


# Training


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
    *, goal: Goal, text: str, smart: dict[str, str], phases: Sequence[PhasePlan]
) -> Goal:
    """Steps 2 and 3: the five SMART criteria and the three phases with their due dates."""
    goal.text = text
    fields = ("specific", "measurable", "achievable", "relevant", "time_bound")
    for field in fields:
        setattr(goal, field, smart[field])
    goal.save(update_fields=["text", *fields])
    for plan in phases:
        GoalPhase.objects.update_or_create(
            goal=goal,
            number=plan.number,
            defaults={"description": plan.description, "due_date": plan.due_date},
        )
    return goal
