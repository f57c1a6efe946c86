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
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import Candidate, Pair
from programs.models import Program

from .models import (
    Agreement,
    Concern,
    Goal,
    GoalPhase,
    Meeting,
    Notification,
    ProgramGuide,
    Pulse,
    Task,
    TrainingCompletion,
    WelcomeMessage,
)
from .smart import SMART_FIELDS
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
    audience: str  # WelcomeMessage.Audience: "mentor", "mentee" or "both"
    partners: list[str]
    application: Candidate  # their own application (the first one, for someone in two pairs)


def participants(program: Program, only: User | None = None) -> list[Participant]:
    """Everyone in the program's published pairs (or just `only`), once, with their role
    and partners."""
    roles: dict[int, tuple[User, set[str], list[str], Candidate]] = {}
    pairs = program.pairs.filter(published_at__isnull=False).select_related(
        "mentor_user", "mentee_user", "mentor", "mentee"
    )
    if only is not None:
        pairs = pairs.filter(Q(mentor_user=only) | Q(mentee_user=only))
    for pair in pairs:
        for member, role, own, partner in (
            (pair.mentor_user, "mentor", pair.mentor, pair.mentee),
            (pair.mentee_user, "mentee", pair.mentee, pair.mentor),
        ):
            if member is None or (only is not None and member.pk != only.pk):
                continue
            entry = roles.setdefault(member.pk, (member, set(), [], own))
            entry[1].add(role)
            entry[2].append(partner.full_name)
    result = [
        Participant(
            user=user,
            audience="both" if len(kinds) == 2 else next(iter(kinds)),
            partners=partners,
            application=application,
        )
        for user, kinds, partners, application in roles.values()
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
    for field in SMART_FIELDS:
        setattr(goal, field, smart[field])
    goal.save(update_fields=["text", *SMART_FIELDS])
    for plan in phases:
        GoalPhase.objects.update_or_create(
            goal=goal,
            number=plan.number,
            defaults={"description": plan.description, "due_date": plan.due_date},
        )
    return goal


# The pair's workspace (phase 4, "Reunión regular")


class MeetingNotAllowed(Exception):
    """The program asks mentors to complete their training before the first meeting."""


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    object_id: int,
    period: str = "",
    pair: Pair | None = None,
    program: Program | None = None,
) -> list[int]:
    """Create one notification per recipient for this object and period, once, about a
    pair (or, with `program`, about the whole program); send those just created after the
    transaction commits and return their ids."""
    created_ids = []
    program_id = pair.program_id if pair is not None else program.pk
    for recipient in recipients:
        if recipient is None:
            continue
        notification, created = Notification.objects.get_or_create(
            kind=kind,
            program_id=program_id,
            pair=pair,
            recipient=recipient,
            slot=f"{object_id}:{period}" if period else str(object_id),
            defaults={"object_id": object_id},
        )
        if created:
            created_ids.append(notification.pk)
    for pk in created_ids:
        transaction.on_commit(lambda pk=pk: notification_send.delay(pk))
    return created_ids


def members(pair: Pair) -> list[User]:
    return [user for user in (pair.mentor_user, pair.mentee_user) if user is not None]


@transaction.atomic
def agreement_save(*, pair: Pair, user: User, **fields) -> Agreement:
    """Save the agreement. Whoever saves it confirms it; any change asks the partner to
    confirm again."""
    agreement = Agreement.objects.filter(pair=pair).first()
    if agreement is None:
        agreement = Agreement(pair=pair, **fields)
    else:
        changed = any(getattr(agreement, name) != value for name, value in fields.items())
        for name, value in fields.items():
            setattr(agreement, name, value)
        if changed:
            agreement.version += 1
            agreement.mentor_confirmed_at = agreement.mentee_confirmed_at = None
    _confirm(agreement, user)
    agreement.save()
    return agreement


def _confirm(agreement, user: User) -> None:
    if user.pk == agreement.pair.mentor_user_id:
        agreement.mentor_confirmed_at = timezone.now()
    elif user.pk == agreement.pair.mentee_user_id:
        agreement.mentee_confirmed_at = timezone.now()


def agreement_confirm(*, agreement, user: User) -> None:
    _confirm(agreement, user)
    agreement.save(update_fields=["mentor_confirmed_at", "mentee_confirmed_at", "updated_at"])


@transaction.atomic
def meeting_plan(*, pair: Pair, user: User, **fields) -> Meeting:
    """Plan a meeting; both members get it as a calendar invitation."""
    from .selectors import pair_may_plan_meetings

    if not pair_may_plan_meetings(pair):
        raise MeetingNotAllowed
    meeting = Meeting.objects.create(pair=pair, created_by=user, **fields)
    notify(
        pair=pair,
        kind=Notification.Kind.MEETING_INVITATION,
        recipients=members(pair),
        object_id=meeting.pk,
        period=str(meeting.sequence),
    )
    return meeting


@transaction.atomic
def meeting_reschedule(*, meeting: Meeting, user: User, **fields) -> Meeting:
    """Move a planned meeting; both members get the updated invitation."""
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.save()
    notify(
        pair=meeting.pair,
        kind=Notification.Kind.MEETING_INVITATION,
        recipients=members(meeting.pair),
        object_id=meeting.pk,
        period=str(meeting.sequence),
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user: User, reason: str) -> None:
    """Cancel a planned meeting, with notice to both (their calendars remove it)."""
    meeting.status = meeting.Status.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.logged_at = timezone.now()
    meeting.save()
    notify(
        pair=meeting.pair,
        kind=Notification.Kind.MEETING_CANCELLED,
        recipients=members(meeting.pair),
        object_id=meeting.pk,
    )


@transaction.atomic
def meeting_log(
    *, meeting: Meeting, user: User, held: bool, phases: Iterable[GoalPhase] = (), **notes
) -> Meeting:
    """Log what happened: held (what was shared, which goal phases moved, next steps) or
    cancelled. The phases that moved are ticked done."""
    meeting.status = meeting.Status.HELD if held else meeting.Status.CANCELLED
    for name, value in notes.items():
        setattr(meeting, name, value)
    meeting.logged_at = timezone.now()
    meeting.save()
    if held:
        moved = list(phases)
        meeting.phases_moved.set(moved)
        GoalPhase.objects.filter(pk__in=[p.pk for p in moved], done_at__isnull=True).update(
            done_at=timezone.now()
        )
    return meeting


def pulse_give(*, meeting: Meeting, user: User, rating: int, comment: str = "") -> None:
    Pulse.objects.update_or_create(
        meeting=meeting, user=user, defaults={"rating": rating, "comment": comment}
    )


def concern_raise(*, pair: Pair, user: User, text: str) -> None:
    Concern.objects.create(pair=pair, raised_by=user, text=text)


def phase_tick(*, phase: GoalPhase, done: bool) -> None:
    phase.done_at = timezone.now() if done else None
    phase.save(update_fields=["done_at"])


def task_create(*, pair: Pair, user: User, **fields) -> Task:
    return Task.objects.create(pair=pair, created_by=user, **fields)


def task_set_done(*, task: Task, done: bool) -> None:
    task.status = task.Status.DONE if done else task.Status.OPEN
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["status", "done_at"])
