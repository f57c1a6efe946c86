"""Phase 4's emails, written for the outbox in the recipient's language: meeting
invitations (with their iCalendar file) and cancellations, and the reminders."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from matching.models import Pair
from notifications.registry import Message, kind, templated
from preparation.models import GoalPhase
from programs.journey import written_email, written_text

from .ics import meeting_calendar
from .models import Concern, ConcernReply, Meeting, Task

INVITATION = "sessions.meeting_invitation"
CANCELLED = "sessions.meeting_cancelled"
MEETING_KINDS = {INVITATION, CANCELLED, "sessions.meeting_tomorrow", "sessions.meeting_not_logged"}
TASK_KINDS = {"sessions.task_due", "sessions.task_overdue"}


def pair_message(notification) -> Message:
    """Invitations, cancellations and reminders about one thing of the pair."""
    name = notification.kind
    context = {"kind": name.removeprefix("sessions."), "is_reminder": kind(name).is_reminder}
    attachments = []
    if name in MEETING_KINDS:
        meeting = Meeting.objects.select_related("pair__program").get(pk=notification.about_id)
        context["meeting"] = meeting
        # A reminder the journey moved to a few days before says the day, not "tomorrow".
        context["days_before"] = (
            timezone.localdate(meeting.starts_at) - timezone.localdate(notification.created_at)
        ).days
        pair = meeting.pair
        if name in (INVITATION, CANCELLED):
            method = "CANCEL" if name == CANCELLED else "REQUEST"
            calendar = meeting_calendar(meeting, cancelled=name == CANCELLED)
            attachments.append(("meeting.ics", calendar, f"text/calendar; method={method}"))
    elif name in TASK_KINDS:
        task = Task.objects.select_related("pair__program").get(pk=notification.about_id)
        context["task"] = task
        pair = task.pair
    elif name == "sessions.phase_overdue":
        phase = GoalPhase.objects.select_related("goal__pair__program").get(
            pk=notification.about_id
        )
        context["phase"] = phase
        pair = phase.goal.pair
    else:  # the pair itself: no meeting for too long
        pair = Pair.objects.select_related("program").get(pk=notification.about_id)
    recipient = notification.recipient
    partner = pair.mentee if recipient.pk == pair.mentor_user_id else pair.mentor
    path = reverse("sessions:workspace", args=[pair.pk])
    if written := written_text(pair.program_id, name):  # the coordinator's own text
        return templated(
            "program_message",
            written_email(written, recipient, partner.full_name, path, notification.language),
            attachments,
        )
    context.update(
        {
            "user": recipient,
            "pair": pair,
            "program": pair.program,
            "partner": partner,
            "link": settings.SITE_URL + path,
        }
    )
    return templated("pair_message", context, attachments)


def concern_message(notification) -> Message:
    """About a private concern: to the coordinators (raised, waiting, a new message from its
    author) or to its author (an answer), never to the partner."""
    name = notification.kind.removeprefix("sessions.")
    reply = None
    if name in ("concern_reply", "concern_message"):
        reply = ConcernReply.objects.select_related("concern__pair__program").get(
            pk=notification.about_id
        )
        concern = reply.concern
    else:
        concern = Concern.objects.select_related("pair__program", "raised_by").get(
            pk=notification.about_id
        )
    pair = concern.pair
    if name == "concern_reply":
        link = reverse("sessions:concern_thread", args=[pair.pk, concern.pk])
    else:
        link = reverse("sessions:concern_detail", args=[pair.program_id, concern.pk])
    return templated(
        "concern_message",
        {
            "kind": name,
            "user": notification.recipient,
            "concern": concern,
            "reply": reply,
            "pair": pair,
            "program": pair.program,
            "author": concern.raised_by.get_full_name() or concern.raised_by.get_username(),
            "link": settings.SITE_URL + link,
        },
    )
