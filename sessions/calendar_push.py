"""Pushes to a person's own CalDAV server, done by a worker with the `caldav` client: the
meeting put there as it is (created or replaced by its UID) or deleted once cancelled;
tried again while the server is unreachable, a refusal kept for the person to read."""

import contextlib
import datetime
import logging

import caldav
from caldav.lib import error as dav_error
from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from accounts.sealing import SealBroken, unseal
from jobs.failures import database_connection_reset
from jobs.queue import enqueue
from notifications.tasks import retry_delay

from .ics import meeting_object
from .models import CalendarLink, CalendarPush, Meeting

logger = logging.getLogger(__name__)

# A calendar server that does not answer holds a worker no longer than this (seconds).
TIMEOUT = 10
# How long a worker's claim on a push holds; an older claim belongs to a worker that died.
LEASE = datetime.timedelta(minutes=2)
# Pushes are tried again while the server is unreachable, for this long.
RETRY_FOR = datetime.timedelta(hours=24)
# A waiting push the sweeper sends again: its message may have been lost.
SWEEP_GRACE = datetime.timedelta(seconds=30)
SWEEP_BATCH = 500


def meetings_of_person(user_id: int):
    """The meetings of the pairs a person is in, with what their events show."""
    return Meeting.objects.filter(
        Q(pair__mentor_user=user_id) | Q(pair__mentee_user=user_id)
    ).select_related(
        "pair__program", "pair__mentor", "pair__mentee", "pair__mentor_user", "pair__mentee_user"
    )


def calendar_of(url: str, username: str, password: str) -> caldav.Calendar:
    client = caldav.DAVClient(url=url, username=username, password=password, timeout=TIMEOUT)
    return client.calendar(url=url)


def meeting_push(push_id: int) -> None:
    """Send one push: the meeting is put on the server as it is (created or replaced, by
    its UID), or deleted there once cancelled. Claimed first, so two runs never send it at
    once; a server that may recover is tried again later, a refusal is kept for the person
    to read on their calendar page."""
    now = timezone.now()
    claimed = CalendarPush.objects.filter(pk=push_id, status=CalendarPush.Status.PENDING).update(
        status=CalendarPush.Status.PUSHING, claimed_until=now + LEASE
    )
    if not claimed:
        return
    push = CalendarPush.objects.select_related("link").get(pk=push_id)
    link = push.link
    # Gone from the person's meetings (their pair ended, someone else took their place):
    # deleted from their calendar as a cancelled one.
    meeting = meetings_of_person(link.user_id).filter(pk=push.meeting_id).first()
    try:
        calendar = calendar_of(link.caldav_url, link.caldav_username, unseal(link.caldav_password))
        uid = f"{push.meeting.uid}@reverse-mentoring"
        if meeting is None or meeting.status == Meeting.Status.CANCELLED:
            # Never pushed, or deleted there already: done all the same.
            with contextlib.suppress(dav_error.NotFoundError):
                calendar.event_by_uid(uid).delete()
        else:
            calendar.save_event(meeting_object(meeting).decode())
    except Exception as error:
        _push_failed(push, error)
        return
    CalendarPush.objects.filter(pk=push_id, status=CalendarPush.Status.PUSHING).update(
        status=CalendarPush.Status.DONE, claimed_until=None, error="", attempts=push.attempts + 1
    )
    CalendarLink.objects.filter(pk=link.pk).update(
        caldav_pushed_at=timezone.now(), caldav_error="", caldav_error_at=None
    )


def _is_transient(error: Exception) -> bool:
    """Worth trying again: the server unreachable or timing out, or answering 5xx. A
    refused password, a missing calendar or a password the site can no longer open would
    fail the same way again."""
    if isinstance(error, SealBroken | dav_error.AuthorizationError | dav_error.NotFoundError):
        return False
    if isinstance(error, OSError):
        return True
    reason = str(getattr(error, "reason", "")) + str(error)
    return isinstance(error, dav_error.DAVError) and any(
        code in reason for code in ("500", "502", "503", "504")
    )


def _push_failed(push: CalendarPush, error: Exception) -> None:
    database_connection_reset()
    logger.warning("Calendar push %s failed: %s", push.pk, error)
    now = timezone.now()
    attempts = push.attempts + 1
    again = _is_transient(error) and now - push.created_at < RETRY_FOR
    reason = f"{type(error).__name__}: {error}"[:500]
    CalendarPush.objects.filter(pk=push.pk, status=CalendarPush.Status.PUSHING).update(
        status=CalendarPush.Status.PENDING if again else CalendarPush.Status.FAILED,
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
        attempts=attempts,
        error=reason,
    )
    CalendarLink.objects.filter(pk=push.link_id).update(caldav_error=reason, caldav_error_at=now)


def pushes_due(now: datetime.datetime | None = None) -> list[int]:
    """For beat's sweeper: take back the claims of workers that died, and give the pushes
    to send again, whose time has come (retries) or whose message was lost."""
    now = now or timezone.now()
    CalendarPush.objects.filter(status=CalendarPush.Status.PUSHING, claimed_until__lt=now).update(
        status=CalendarPush.Status.PENDING, claimed_until=None
    )
    return list(
        CalendarPush.objects.filter(
            status=CalendarPush.Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


@shared_task(
    name="sessions.tasks.calendar_push",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
)
def calendar_push(push_id: int) -> None:
    """Bring one meeting up to date on one person's own calendar server."""
    meeting_push(push_id)


@shared_task(
    name="sessions.tasks.calendar_pushes_sweep", acks_late=True, reject_on_worker_lost=True
)
def calendar_pushes_sweep(now=None) -> int:
    """Beat's sweeper of the pushes; returns how many it sent again."""
    due = pushes_due(now)
    for push_id in due:
        enqueue(calendar_push, push_id)
    return len(due)
