"""iCalendar invitations (RFC 5545) for the pair's meetings, built with the icalendar library."""

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting


def meeting_calendar(meeting: Meeting, *, cancelled: bool = False) -> bytes:
    """A calendar with the meeting as one event: REQUEST to add or update it, CANCEL to
    remove it. The same UID and a rising SEQUENCE let calendars replace what they hold."""
    pair = meeting.pair
    calendar = Calendar()
    calendar.add("prodid", "-//Reverse mentoring//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.uid}@reverse-mentoring")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.created_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{pair.program.name}: {pair.mentor.full_name} · {pair.mentee.full_name}")
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
    calendar.add_component(event)
    return calendar.to_ical()
