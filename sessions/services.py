"""Writes of phase 4, "Reunión regular": the pair's agreement, meetings with their
calendar invitations, the log of what happened, tasks, pulses and concerns."""

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.models import Pair
from notifications.services import notify
from preparation.models import GoalPhase
from preparation.selectors import pair_may_plan_meetings
from programs.audit import log_action

from .calendars import meeting_calendars_follow
from .health import health_follow, pairs_health_record  # noqa: F401 (the services' API)
from .models import (
    Agreement,
    CheckIn,
    Concern,
    ConcernReply,
    Meeting,
    Pulse,
    Task,
)


class MeetingNotAllowed(Exception):
    """The program asks mentors to complete their training before the first meeting."""


def members(pair: Pair) -> list[User]:
    return [user for user in (pair.mentor_user, pair.mentee_user) if user is not None]


def pair_notify(*, pair: Pair, kind: str, recipients: Iterable[User], about: int, period=""):
    """An email about something of this pair, once per recipient, object and period."""
    return notify(
        kind=kind,
        recipients=recipients,
        about=about,
        period=period,
        group=pair.program.outbox_group,
    )


@transaction.atomic
def agreement_save(
    *,
    pair: Pair,
    user: User,
    roles: str,
    schedule: str,
    place: str,
    video_link: str,
    confidentiality: str,
) -> Agreement:
    """Save the agreement. Whoever saves it confirms it; any change asks the partner to
    confirm again."""
    fields = {
        "roles": roles,
        "schedule": schedule,
        "place": place,
        "video_link": video_link,
        "confidentiality": confidentiality,
    }
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


def _confirm(agreement: Agreement, user: User) -> None:
    if user.pk == agreement.pair.mentor_user_id:
        agreement.mentor_confirmed_at = timezone.now()
    elif user.pk == agreement.pair.mentee_user_id:
        agreement.mentee_confirmed_at = timezone.now()


@transaction.atomic
def agreement_confirm(*, agreement: Agreement, user: User) -> None:
    """One member confirms; once both have, the program's log records it."""
    was_confirmed = agreement.is_confirmed
    _confirm(agreement, user)
    agreement.save(update_fields=["mentor_confirmed_at", "mentee_confirmed_at", "updated_at"])
    health_follow(agreement.pair_id)
    if agreement.is_confirmed and not was_confirmed:
        log_action(
            agreement.pair.program,
            user,
            "sessions.agreement_confirmed",
            {"pair": agreement.pair_id, "version": agreement.version},
        )


@transaction.atomic
def meeting_plan(
    *,
    pair: Pair,
    user: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    video_link: str,
    agenda: str,
) -> Meeting:
    """Plan a meeting; both members get it as a calendar invitation."""
    if not pair_may_plan_meetings(pair):
        raise MeetingNotAllowed
    meeting = Meeting.objects.create(
        pair=pair,
        created_by=user,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        video_link=video_link,
        agenda=agenda,
    )
    pair_notify(
        pair=pair,
        kind="sessions.meeting_invitation",
        recipients=members(pair),
        about=meeting.pk,
        period=str(meeting.sequence),
    )
    meeting_calendars_follow(meeting)
    health_follow(pair.pk)
    return meeting


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    video_link: str,
    agenda: str,
) -> Meeting:
    """Move a planned meeting; both members get the updated invitation."""
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.place = place
    meeting.video_link = video_link
    meeting.agenda = agenda
    meeting.sequence += 1
    meeting.save()
    pair_notify(
        pair=meeting.pair,
        kind="sessions.meeting_invitation",
        recipients=members(meeting.pair),
        about=meeting.pk,
        period=str(meeting.sequence),
    )
    meeting_calendars_follow(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str) -> None:
    """Cancel a planned meeting, with notice to both (their calendars remove it)."""
    meeting.status = meeting.Status.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.logged_at = timezone.now()
    meeting.save()
    pair_notify(
        pair=meeting.pair,
        kind="sessions.meeting_cancelled",
        recipients=members(meeting.pair),
        about=meeting.pk,
    )
    meeting_calendars_follow(meeting)
    health_follow(meeting.pair_id)


@transaction.atomic
def meeting_log(
    *,
    meeting: Meeting,
    held: bool,
    phases: Iterable[GoalPhase] = (),
    experiences: str = "",
    knowledge: str = "",
    advice: str = "",
    next_steps: str = "",
    cancel_reason: str = "",
) -> Meeting:
    """Log what happened: held (what was shared, which goal phases moved, next steps) or
    cancelled. The phases that moved are ticked done."""
    meeting.status = meeting.Status.HELD if held else meeting.Status.CANCELLED
    meeting.experiences = experiences
    meeting.knowledge = knowledge
    meeting.advice = advice
    meeting.next_steps = next_steps
    meeting.cancel_reason = cancel_reason
    meeting.logged_at = timezone.now()
    meeting.save()
    if held:
        moved = list(phases)
        meeting.phases_moved.set(moved)
        GoalPhase.objects.filter(pk__in=[p.pk for p in moved], done_at__isnull=True).update(
            done_at=timezone.now()
        )
    else:
        meeting_calendars_follow(meeting)
    health_follow(meeting.pair_id)
    return meeting


def pulse_give(*, meeting: Meeting, user: User, rating: int, comment: str = "") -> None:
    Pulse.objects.update_or_create(
        meeting=meeting, user=user, defaults={"rating": rating, "comment": comment}
    )
    health_follow(meeting.pair_id)


@transaction.atomic
def concern_raise(*, pair: Pair, user: User, text: str) -> Concern:
    """A member writes privately to the program's coordinators, who are told at once (once
    per concern, without its text: they read it in the product)."""
    concern = Concern.objects.create(pair=pair, raised_by=user, text=text)
    health_follow(pair.pk)
    notify(
        kind="sessions.concern_raised",
        recipients=pair.program.coordinators.all(),
        about=concern.pk,
        group=pair.program.outbox_group,
    )
    return concern


@transaction.atomic
def concern_reply(*, concern: Concern, author: User, text: str) -> ConcernReply:
    """A message in the concern's private thread. A coordinator's answers its author (by
    email too) and counts as the first response; the author's reaches the coordinators."""
    reply = ConcernReply.objects.create(concern=concern, author=author, text=text)
    program = concern.pair.program
    if author.pk == concern.raised_by_id:
        recipients = program.coordinators.all()
        kind = "sessions.concern_message"
    else:
        recipients = [concern.raised_by]
        kind = "sessions.concern_reply"
        if concern.first_response_at is None:
            concern.first_response_at = reply.created_at
        if concern.status == Concern.Status.OPEN:
            concern.status = Concern.Status.IN_PROGRESS
        concern.save(update_fields=["first_response_at", "status"])
    notify(kind=kind, recipients=recipients, about=reply.pk, group=program.outbox_group)
    return reply


@transaction.atomic
def concern_close(*, concern: Concern, actor: User, note: str) -> None:
    """Close the concern with a note its author reads; a closed one can be reopened."""
    concern.status = Concern.Status.CLOSED
    concern.closing_note = note
    concern.resolved_at = timezone.now()
    concern.first_response_at = concern.first_response_at or concern.resolved_at
    concern.save(update_fields=["status", "closing_note", "resolved_at", "first_response_at"])
    log_action(concern.pair.program, actor, "sessions.concern_closed", {"concern": concern.pk})
    health_follow(concern.pair_id)


def concern_reopen(*, concern: Concern) -> None:
    concern.status = Concern.Status.IN_PROGRESS
    concern.resolved_at = None
    concern.save(update_fields=["status", "resolved_at"])
    health_follow(concern.pair_id)


def task_create(
    *,
    pair: Pair,
    user: User,
    title: str,
    description: str,
    link: str,
    file: UploadedFile | None,
    due_date: datetime.date | None,
) -> Task:
    return Task.objects.create(
        pair=pair,
        created_by=user,
        title=title,
        description=description,
        link=link,
        file=file,
        due_date=due_date,
    )


def task_set_done(*, task: Task, done: bool) -> None:
    task.status = task.Status.DONE if done else task.Status.OPEN
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["status", "done_at"])


def check_in_record(*, pair: Pair, author: User, held_on: datetime.date, text: str) -> CheckIn:
    return CheckIn.objects.create(pair=pair, author=author, held_on=held_on, text=text)
