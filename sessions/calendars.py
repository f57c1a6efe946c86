"""A person's calendars outside the product, kept in step with their meetings.

- The feed: a private address (signed, so nothing secret is stored; revoked by raising
  the link's version) that Outlook, Google or Apple Calendar subscribe to.
- Their own CalDAV server (Nextcloud, Fastmail, iCloud, Radicale…): each meeting is
  created, moved and deleted there by a push, a row first (CalendarPush), sent by a worker
  (sessions.calendar_push).
"""

import datetime
import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from caldav.lib import error as dav_error
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.sealing import seal
from jobs.queue import enqueue

from .calendar_push import calendar_of, calendar_push, meetings_of_person
from .models import CalendarLink, CalendarPush, Meeting

logger = logging.getLogger(__name__)

FEED_SALT = "sessions.calendar-feed"
# The feed holds the meetings from this long ago on (and every one to come).
FEED_PAST = datetime.timedelta(days=365)


class CalendarRefused(Exception):
    """The calendar server cannot be used with what the person gave; the message says why,
    in their language."""


# The feed ----------------------------------------------------------------------------


def feed_token(link: CalendarLink) -> str:
    return signing.dumps([link.user_id, link.feed_version], salt=FEED_SALT)


def feed_link(token: str) -> CalendarLink | None:
    """The link of a feed address still valid, or None (forged, revoked or turned off)."""
    try:
        user_id, version = signing.loads(token, salt=FEED_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        CalendarLink.objects.select_related("user")
        .filter(user_id=user_id, feed_version=version, feed_on=True, user__is_active=True)
        .first()
    )


def meetings_of(user: User):
    """The meetings of the person's calendars: of published pairs, from a year ago on."""
    return (
        meetings_of_person(user.pk)
        .filter(pair__published_at__isnull=False, starts_at__gte=timezone.now() - FEED_PAST)
        .order_by("starts_at", "pk")
    )


def calendar_link_of(user: User) -> CalendarLink:
    link, _created = CalendarLink.objects.get_or_create(user=user)
    return link


@transaction.atomic
def calendar_feed_set(*, user: User, on: bool, new_address: bool = False) -> CalendarLink:
    """Turn the person's feed on or off; `new_address` revokes every address given before
    (a calendar subscribed with an old one stops receiving meetings)."""
    link = CalendarLink.objects.select_for_update().get(pk=calendar_link_of(user).pk)
    link.feed_on = on
    if new_address or not on:
        link.feed_version += 1
    link.save(update_fields=["feed_on", "feed_version"])
    return link


# Their own calendar server -----------------------------------------------------------


def server_check(url: str) -> None:
    """Refuse an address the site must not call: plain http, or a machine of the site's
    own network (the person would otherwise make the server reach inside it), unless
    CALDAV_LOCAL_SERVERS allows both (development, tests)."""
    parts = urlsplit(url)
    if settings.CALDAV_LOCAL_SERVERS:
        return
    if parts.scheme != "https":
        raise CalendarRefused(_("The address must start with https://."))
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
    except (socket.gaierror, UnicodeError):
        raise CalendarRefused(_("No server answers to this name.")) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise CalendarRefused(_("This address is inside a private network."))


def _refusal(error: Exception) -> str:
    if isinstance(error, dav_error.AuthorizationError):
        return _("The server refused this user name and app password.")
    if isinstance(error, dav_error.NotFoundError):
        return _("There is no calendar at this address.")
    if isinstance(error, OSError):
        return _("The server could not be reached.")
    return _("The server answered with an error.")


def calendar_server_connect(*, user: User, url: str, username: str, password: str) -> None:
    """Check that the server takes these credentials (by reading the calendar's name), then
    keep them, the password sealed, and push every meeting of the person's to it."""
    server_check(url)
    try:
        calendar_of(url, username, password).get_display_name()
    except (dav_error.DAVError, OSError) as error:
        logger.info("Calendar server %s refused: %s", urlsplit(url).hostname, error)
        raise CalendarRefused(_refusal(error)) from None
    with transaction.atomic():
        link = calendar_link_of(user)
        link.caldav_url = url
        link.caldav_username = username
        link.caldav_password = seal(password)
        link.caldav_error = ""
        link.caldav_error_at = None
        link.save()
        meetings = meetings_of(user).filter(starts_at__gte=timezone.now())
        _pushes_want(link, meetings.exclude(status=Meeting.Status.CANCELLED))


@transaction.atomic
def calendar_server_disconnect(*, user: User) -> None:
    """Forget the server and its password; what was pushed stays in the person's calendar."""
    link = calendar_link_of(user)
    link.caldav_url = link.caldav_username = link.caldav_password = link.caldav_error = ""
    link.caldav_error_at = link.caldav_pushed_at = None
    link.save()
    link.pushes.all().delete()


def _pushes_want(link: CalendarLink, meetings) -> None:
    now = timezone.now()
    for meeting in meetings:
        push, _created = CalendarPush.objects.update_or_create(
            link=link,
            meeting=meeting,
            defaults={
                "status": CalendarPush.Status.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "claimed_until": None,
                "error": "",
                "created_at": now,
            },
        )
        transaction.on_commit(lambda pk=push.pk: enqueue_push(pk))


def meeting_calendars_follow(meeting: Meeting) -> None:
    """The meeting was planned, moved or cancelled: its members' own calendar servers get
    it as it is now (inside the transaction that changed it)."""
    users = [meeting.pair.mentor_user_id, meeting.pair.mentee_user_id]
    links = CalendarLink.objects.filter(user_id__in=users).exclude(caldav_url="")
    for link in links:
        _pushes_want(link, [meeting])


def enqueue_push(push_id: int) -> None:
    enqueue(calendar_push, push_id)
