"""Writes of the programs app: every change to a program goes through these functions."""

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TypedDict, Unpack

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from accounts.models import User
from notifications.models import Notification
from notifications.services import notification_requeue, notify

from . import audiences
from .audit import log_action
from .catalogue import DEFAULT_COMPETENCES, DEFAULT_TOOLS
from .models import JourneyStep, LearningObjective, Message, MessageRecipient, Program, Skill
from .translations import other_languages


def _learning_objectives_replace(program: Program, texts: Sequence[str]) -> None:
    """The program's learning objectives become these, in this order. One whose text stays
    keeps its competences and the goals that serve it; a removed one is gone (its goals
    serve none)."""
    existing: dict[str, list[LearningObjective]] = {}
    for objective in program.learning_objectives.all():
        existing.setdefault(objective.text, []).append(objective)
    kept = []
    for position, text in enumerate(texts, start=1):
        same = existing.get(text)
        if same:
            objective = same.pop(0)
            objective.position = position
            kept.append(objective)
        else:
            kept.append(LearningObjective(program=program, position=position, text=text))
    program.learning_objectives.exclude(pk__in=[o.pk for o in kept if o.pk]).delete()
    # Out of the way first: two objectives may swap places.
    program.learning_objectives.update(position=F("position") + 1000)
    LearningObjective.objects.bulk_update([o for o in kept if o.pk], ["position"])
    LearningObjective.objects.bulk_create([o for o in kept if not o.pk])


@transaction.atomic
def objectives_link(*, program: Program, actor: User, skills: Mapping[int, Sequence[int]]) -> None:
    """Which competences of the catalogue each learning objective develops."""
    catalogue = set(program.skills.values_list("pk", flat=True))
    for objective in program.learning_objectives.all():
        objective.skills.set([pk for pk in skills.get(objective.pk, ()) if pk in catalogue])
    log_action(program, actor, "programs.objectives_linked")


def _default_catalogue_create(program: Program) -> None:
    """The default catalogue, written in every language of the product (the program's in
    the skills' own fields, the others as their translations)."""
    skills = []
    for kind, entries in (
        (Skill.Kind.COMPETENCE, DEFAULT_COMPETENCES),
        (Skill.Kind.TOOL, DEFAULT_TOOLS),
    ):
        for name, description in entries:
            with translation.override(program.language):
                skill = Skill(
                    program=program, kind=kind, name=str(name), description=str(description)
                )
            for language, _language_name in other_languages(program.language):
                with translation.override(language):
                    skill.set_translation(language, name=str(name), description=str(description))
            skills.append(skill)
    Skill.objects.bulk_create(skills)


class ProgramDetails(TypedDict):
    """What a coordinator defines about a program (the guide's "Define el objetivo")."""

    name: str
    focus: str
    general_objective: str
    learning_objectives: Sequence[str]
    start_date: datetime.date
    end_date: datetime.date
    meeting_cadence_days: int
    mentor_capacity: int
    language: str
    coordinators: Iterable[User]
    hr_contacts: Iterable[User]


_PROGRAM_FIELDS = (
    "name",
    "focus",
    "general_objective",
    "start_date",
    "end_date",
    "meeting_cadence_days",
    "mentor_capacity",
    "language",
)


@transaction.atomic
def program_create(*, actor: User, **details: Unpack[ProgramDetails]) -> Program:
    """Create a program with its learning objectives and the default skill catalogue.

    The person who creates it is always one of its coordinators.
    """
    program = Program.objects.create(**{field: details[field] for field in _PROGRAM_FIELDS})
    program.coordinators.set({actor, *details["coordinators"]})
    program.hr_contacts.set(details["hr_contacts"])
    _learning_objectives_replace(program, details["learning_objectives"])
    _default_catalogue_create(program)
    log_action(program, actor, "programs.created")
    return program


@transaction.atomic
def program_duplicate(
    *,
    program: Program,
    actor: User,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date,
) -> tuple[Program, dict[int, int]]:
    """A new program, in phase 1, with this one's objective, learning objectives, settings,
    coordinators and skill catalogue, and never its people. Returns it with the map of old
    to new skill ids, for the later phases to copy what refers to skills."""
    copy = Program.objects.create(
        **{field: getattr(program, field) for field in _PROGRAM_FIELDS},
    )
    copy.name, copy.start_date, copy.end_date = name, start_date, end_date
    copy.save(update_fields=["name", "start_date", "end_date"])
    copy.coordinators.set({actor, *program.coordinators.all()})
    copy.hr_contacts.set(program.hr_contacts.all())
    _learning_objectives_replace(
        copy, list(program.learning_objectives.values_list("text", flat=True))
    )
    skills = list(program.skills.order_by("id"))
    created = Skill.objects.bulk_create(
        Skill(
            program=copy,
            kind=skill.kind,
            name=skill.name,
            description=skill.description,
            translations=skill.translations,
        )
        for skill in skills
    )
    log_action(copy, actor, "programs.duplicated", {"from": program.pk})
    return copy, {old.pk: new.pk for old, new in zip(skills, created, strict=True)}


@transaction.atomic
def program_update(*, program: Program, actor: User, **details: Unpack[ProgramDetails]) -> Program:
    """Edit a program's objective and the people around it."""
    for field in _PROGRAM_FIELDS:
        setattr(program, field, details[field])
    program.save()
    program.coordinators.set(details["coordinators"])
    program.hr_contacts.set(details["hr_contacts"])
    objectives = list(details["learning_objectives"])
    if list(program.learning_objectives.values_list("text", flat=True)) != objectives:
        _learning_objectives_replace(program, objectives)
    log_action(program, actor, "programs.updated")
    return program


@transaction.atomic
def skill_catalogue_save(
    *, program: Program, actor: User, skills: Iterable[Skill], removed: Iterable[Skill]
) -> None:
    """Save the edited, added and removed skills of a program's catalogue.

    Saving marks the catalogue as reviewed: the objective phase is complete once the
    coordinator has looked at the skills candidates will rate.
    """
    for skill in removed:
        skill.delete()
    for skill in skills:
        skill.program = program
        skill.save()
    program.catalogue_reviewed_at = timezone.now()
    program.save(update_fields=["catalogue_reviewed_at", "updated_at"])
    log_action(program, actor, "programs.catalogue_updated")


@transaction.atomic
def program_archive(*, program: Program, actor: User) -> None:
    """Archive a program: it leaves the list of active programs and becomes read-only."""
    updated = Program.objects.filter(pk=program.pk, status=Program.Status.ACTIVE).update(
        status=Program.Status.ARCHIVED, archived_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        log_action(program, actor, "programs.archived")
    program.refresh_from_db()


@transaction.atomic
def program_restore(*, program: Program, actor: User) -> None:
    """Bring an archived program back to the active list."""
    updated = Program.objects.filter(pk=program.pk, status=Program.Status.ARCHIVED).update(
        status=Program.Status.ACTIVE, archived_at=None, updated_at=timezone.now()
    )
    if updated:
        log_action(program, actor, "programs.restored")
    program.refresh_from_db()


@transaction.atomic
def program_emails_retry(
    *, program: Program, actor: User, notifications: Iterable[Notification]
) -> int:
    """Send the program's failed emails again (those chosen); returns how many go out."""
    retried = sum(
        notification_requeue(notification=notification)
        for notification in notifications
        if notification.group == program.outbox_group
    )
    if retried:
        log_action(program, actor, "programs.emails_retried", {"emails": retried})
    return retried


MESSAGE_KIND = "programs.message"


class NobodyToWrite(Exception):
    """The group has nobody in it (any more): nothing was sent."""


def _audience_label(spec, target: str, people) -> str:
    """The group's name for the sent log; a narrowed group (one pair) names its people."""
    if not target:
        return str(spec.label)
    names = ", ".join(str(recipient.user) for recipient in people)
    return f"{spec.label}: {names}"[:200]


@transaction.atomic
def message_send(
    *,
    program: Program,
    actor: User,
    audience: str,
    target: str = "",
    subject: str,
    body: str,
    translations: dict[str, dict[str, str]],
    token: uuid.UUID,
) -> tuple[Message, bool]:
    """Write to a group of the program's people: the message and its recipients are kept,
    and each person gets one email through the outbox, in their language. The group is
    looked up again now, so whoever left it since the preview is left out. A form sent
    twice (the same token) sends nothing more: returns the message and whether it is new."""
    existing = Message.objects.filter(token=token, program=program).first()
    if existing is not None:
        return existing, False
    spec = audiences.audience(audience)
    people = {recipient.user.pk: recipient for recipient in spec.people(program, target)}
    if not people:
        raise NobodyToWrite
    message = Message(
        program=program,
        audience=audience,
        target=target,
        audience_label=_audience_label(spec, target, people.values()),
        subject=subject,
        body=body,
        sent_by=actor,
        sent_at=timezone.now(),
        token=token,
    )
    for language, texts in translations.items():
        message.set_translation(language, **texts)
    message.save()
    MessageRecipient.objects.bulk_create(
        MessageRecipient(
            message=message, user=recipient.user, partner=recipient.partner, link=recipient.link
        )
        for recipient in people.values()
    )
    notify(
        kind=MESSAGE_KIND,
        recipients=[recipient.user for recipient in people.values()],
        about=message.pk,
        group=program.outbox_group,
    )
    log_action(
        program,
        actor,
        "programs.message_sent",
        {"message": message.pk, "to": str(spec.label), "recipients": len(people)},
    )
    return message, True


@transaction.atomic
def journey_save(*, program: Program, actor: User, steps: Mapping[str, tuple[bool, int]]) -> None:
    """Switch the program's automatic touchpoints on or off and move them by some days
    (programs.journey); a step set back to its default keeps a row all the same."""
    for key, (enabled, days) in steps.items():
        JourneyStep.objects.update_or_create(
            program=program, key=key, defaults={"enabled": enabled, "days": days}
        )
    log_action(program, actor, "programs.journey_changed")


@transaction.atomic
def journey_text_save(
    *,
    program: Program,
    actor: User,
    key: str,
    default_days: int,
    subject: str,
    body: str,
    translations: Mapping[str, Mapping[str, str]],
) -> JourneyStep:
    """A touchpoint's own text (empty: the product's text is sent again)."""
    step, _created = JourneyStep.objects.get_or_create(
        program=program, key=key, defaults={"days": default_days}
    )
    step.subject, step.body = subject, body
    for language, texts in translations.items():
        step.set_translation(language, **texts)
    step.save()
    log_action(program, actor, "programs.journey_changed", {"text": key})
    return step
