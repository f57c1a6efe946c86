"""iCalendar (RFC 5545) for the pair's meetings, built with the icalendar library: the
invitation sent by email, the event pushed to a person's own calendar server, and the
feed of all a person's meetings that their calendar app subscribes to."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

PRODID = "-//Reverse mentoring//ES"
# How often a subscribed calendar asks the feed again (clients may keep their own pace).
FEED_REFRESH = timedelta(hours=1)


def _calendar(**properties) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for name, value in properties.items():
        calendar.add(name.replace("_", "-"), value)
    return calendar


def meeting_event(meeting: Meeting, *, cancelled: bool = False, marked: bool = False) -> Event:
    """The meeting as one event. The same UID and a rising SEQUENCE let calendars replace
    what they hold. `marked` also says "Cancelled" in its title, for the calendars that
    show a cancelled event of a feed as if it were on."""
    pair = meeting.pair
    event = Event()
    event.add("uid", f"{meeting.uid}@reverse-mentoring")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.created_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    summary = f"{pair.program.name}: {pair.mentor.full_name} · {pair.mentee.full_name}"
    if cancelled and marked:
        summary = _("Cancelled: %(meeting)s") % {"meeting": summary}
    event.add("summary", summary)
    description = "\n\n".join(part for part in (meeting.agenda, meeting.video_link) if part)
    if description:
        event.add("description", description)
    location = meeting.place or meeting.video_link
    if location:
        event["location"] = vText(location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    event["organizer"] = organizer
    for user in (pair.mentor_user, pair.mentee_user):
        if user is not None:
            attendee = vCalAddress(f"mailto:{user.email}")
            attendee.params["cn"] = vText(user.get_full_name())
            event.add("attendee", attendee, encode=0)
    return event


def meeting_calendar(meeting: Meeting, *, cancelled: bool = False) -> bytes:
    """The invitation: REQUEST to add or update the meeting, CANCEL to remove it."""
    calendar = _calendar(method="CANCEL" if cancelled else "REQUEST")
    calendar.add_component(meeting_event(meeting, cancelled=cancelled))
    return calendar.to_ical()


def meeting_object(meeting: Meeting) -> bytes:
    """The meeting as a calendar object stored on a CalDAV server (RFC 4791: no METHOD)."""
    calendar = _calendar()
    calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def person_calendar(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A person's feed: every meeting of theirs, cancelled ones kept as such, so that a
    subscribed calendar shows the move or the cancellation instead of losing the event."""
    calendar = _calendar(x_wr_calname=name)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # Outlook's older name for it
    for meeting in meetings:
        cancelled = meeting.status == Meeting.Status.CANCELLED
        calendar.add_component(meeting_event(meeting, cancelled=cancelled, marked=True))
    return calendar.to_ical()
