"""Phase 4's emails, written for the outbox in the recipient's language: meeting
invitations (with their iCalendar file) and cancellations, and the reminders."""

from django.conf import settings
from django.urls import reverse

from matching.models import Pair
from notifications.registry import Message, kind, templated
from preparation.models import GoalPhase

from .ics import meeting_calendar
from .models import Meeting, Task

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
    context.update(
        {
            "user": recipient,
            "pair": pair,
            "program": pair.program,
            "partner": pair.mentee if recipient.pk == pair.mentor_user_id else pair.mentor,
            "link": settings.SITE_URL + reverse("sessions:workspace", args=[pair.pk]),
        }
    )
    return templated("pair_message", context, attachments)
