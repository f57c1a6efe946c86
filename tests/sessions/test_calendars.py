"""A person's meetings in the calendars they already use: the private feed (read over HTTP
and parsed by icalendar and by vobject, an independent parser), and the push to their own
CalDAV server (a real Radicale on loopback, read back with the caldav client)."""

import datetime
import re

import icalendar
import pytest
import requests
import vobject
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from sessions import services
from sessions.models import CalendarLink, CalendarPush, Meeting
from sessions.tasks import calendar_pushes_sweep as pushes_sweep
from tests.factories import logged_in, published_pair
from tests.radicale_server import radicale

pytestmark = pytest.mark.django_db


def plan(pair, days=3, **changes):
    data = {
        "starts_at": timezone.now().replace(microsecond=0) + datetime.timedelta(days=days),
        "duration_minutes": 60,
        "place": "Sala 2",
        "video_link": "",
        "agenda": "Tablas dinámicas",
    }
    data.update(changes)
    return services.meeting_plan(pair=pair, user=pair.mentor_user, **data)


def feed_address(client) -> str:
    client.post(reverse("sessions:calendar_feed_set"), {"action": "on"})
    page = client.get(reverse("sessions:calendar")).content.decode()
    return re.search(r'id="feed-url" value="([^"]+)"', page).group(1)


def events_of(body: bytes) -> dict:
    """The feed's events by UID, read by icalendar; vobject must read the same."""
    events = {
        str(event["uid"]): event for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }
    second = vobject.readOne(body.decode())
    assert sorted(event.uid.value for event in second.vevent_list) == sorted(events)
    return events


def test_the_feed_shows_the_persons_meetings_with_moves_and_cancellations(pair, other_pair):
    mine, moved, cancelled = plan(pair), plan(pair, days=5), plan(pair, days=7)
    theirs = plan(other_pair)
    client = logged_in(pair.mentee_user)
    assert 'id="feed-url"' not in client.get(reverse("sessions:calendar")).content.decode()
    address = feed_address(client)

    new_start = moved.starts_at + datetime.timedelta(hours=2)
    services.meeting_reschedule(
        meeting=moved,
        starts_at=new_start,
        duration_minutes=90,
        place="Cafetería",
        video_link="",
        agenda="",
    )
    services.meeting_cancel(meeting=cancelled, reason="Viaje")

    anonymous = logged_in(pair.mentor_user)
    anonymous.logout()
    response = anonymous.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_of(response.content)
    uid = "{}@reverse-mentoring".format
    assert set(events) == {uid(mine.uid), uid(moved.uid), uid(cancelled.uid)}
    assert uid(theirs.uid) not in events
    moved_event = events[uid(moved.uid)]
    assert moved_event.decoded("dtstart") == new_start
    assert moved_event.decoded("dtend") - moved_event.decoded("dtstart") == datetime.timedelta(
        minutes=90
    )
    assert moved_event["sequence"] == 1 and str(moved_event["location"]) == "Cafetería"
    gone = events[uid(cancelled.uid)]
    # In the person's language (Spanish), for calendars that ignore STATUS.
    assert str(gone["status"]) == "CANCELLED" and str(gone["summary"]).startswith("Cancelada:")
    assert str(events[uid(mine.uid)]["status"]) == "CONFIRMED"


def test_a_new_address_revokes_the_old_one_and_off_revokes_every_one(pair):
    plan(pair)
    client = logged_in(pair.mentor_user)
    old = feed_address(client)
    client.post(reverse("sessions:calendar_feed_set"), {"action": "new"})
    page = client.get(reverse("sessions:calendar")).content.decode()
    new = re.search(r'id="feed-url" value="([^"]+)"', page).group(1)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.post(reverse("sessions:calendar_feed_set"), {"action": "off"})
    assert client.get(new).status_code == 404
    # Turned on again, it is a third address: the two before stay revoked.
    newest = feed_address(client)
    assert newest not in (old, new) and client.get(old).status_code == 404


def test_a_forged_address_or_a_deactivated_person_gets_nothing(client, pair):
    plan(pair)
    address = feed_address(logged_in(pair.mentee_user))
    token = address.split("/calendar/")[1].split("/")[0]
    forged = address.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert client.get(forged).status_code == 404
    link = CalendarLink.objects.get(user=pair.mentee_user)
    other = published_pair(pair.program, "Hugo Mentor", "Pedro Mentee")
    # Another person's id with this person's signature: refused.
    payload = signing.b64_encode(f"[{other.mentor_user_id},{link.feed_version}]".encode())
    stolen = f"{payload.decode()}:{token.split(':', 1)[1]}"
    assert client.get(address.replace(token, stolen)).status_code == 404
    pair.mentee_user.is_active = False
    pair.mentee_user.save()
    assert client.get(address).status_code == 404


def test_actions_on_the_feed_are_posts_with_a_known_action(pair):
    client = logged_in(pair.mentee_user)
    assert client.get(reverse("sessions:calendar_feed_set")).status_code == 405
    assert client.post(reverse("sessions:calendar_feed_set"), {"action": "x"}).status_code == 404
    assert not CalendarLink.objects.filter(user=pair.mentee_user, feed_on=True).exists()


def test_the_calendar_page_needs_a_login(client):
    response = client.get(reverse("sessions:calendar"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_calendar_app_reads_the_feed_over_http(live_server, program):
    pair = published_pair(program)
    meeting = plan(pair)
    address = feed_address(logged_in(pair.mentor_user))
    path = address.split("://", 1)[1].split("/", 1)[1]
    response = requests.get(f"{live_server.url}/{path}", timeout=10)
    assert response.status_code == 200
    calendar = vobject.readOne(response.text)
    assert calendar.x_wr_calname.value == "Reuniones de mentoría"
    (event,) = calendar.vevent_list
    assert event.uid.value == f"{meeting.uid}@reverse-mentoring"
    assert event.dtstart.value == meeting.starts_at


# Their own calendar server ------------------------------------------------------------


@pytest.fixture
def server(tmp_path):
    with radicale(tmp_path) as running:
        yield running


def connect(client, server, calendar_url, password=None):
    return client.post(
        reverse("sessions:calendar"),
        {"url": calendar_url, "username": server.username, "password": password or server.password},
    )


def test_meetings_are_created_moved_and_deleted_on_the_persons_server(
    server, pair, django_capture_on_commit_callbacks
):
    calendar_url = server.calendar_make()
    already = plan(pair)
    client = logged_in(pair.mentor_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = connect(client, server, calendar_url)
    assert response.status_code == 302
    link = CalendarLink.objects.get(user=pair.mentor_user)
    assert link.caldav_password and server.password not in link.caldav_password
    # What was planned before connecting is there.
    assert [str(e["uid"]) for e in server.events(calendar_url)] == [
        f"{already.uid}@reverse-mentoring"
    ]

    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(pair, days=10)
    assert len(server.events(calendar_url)) == 2

    later = meeting.starts_at + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_reschedule(
            meeting=meeting,
            starts_at=later,
            duration_minutes=45,
            place="Cafetería",
            video_link="",
            agenda="",
        )
    (moved,) = [
        e for e in server.events(calendar_url) if str(e["uid"]).startswith(str(meeting.uid))
    ]
    assert moved.decoded("dtstart") == later and str(moved["location"]) == "Cafetería"

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Viaje")
    assert [str(e["uid"]) for e in server.events(calendar_url)] == [
        f"{already.uid}@reverse-mentoring"
    ]
    assert set(CalendarPush.objects.values_list("status", flat=True)) == {"done"}
    page = client.get(reverse("sessions:calendar")).content.decode()
    assert "Último cambio enviado" in page and calendar_url in page
    # The mentee did not connect a server: nothing of theirs was pushed anywhere.
    assert not CalendarLink.objects.filter(user=pair.mentee_user).exists()


def test_a_refused_password_or_a_missing_calendar_saves_nothing(server, pair):
    calendar_url = server.calendar_make()
    client = logged_in(pair.mentor_user)
    response = connect(client, server, calendar_url, password="wrong")
    assert response.status_code == 200
    assert "El servidor rechazó este nombre de usuario y contraseña de aplicación." in (
        response.content.decode()
    )
    response = connect(client, server, calendar_url.replace("meetings", "nowhere"))
    assert "No hay ningún calendario en esta dirección." in response.content.decode()
    assert not CalendarLink.objects.filter(user=pair.mentor_user).exclude(caldav_url="").exists()


def test_private_and_plain_http_servers_are_refused_outside_development(settings, pair):
    settings.CALDAV_LOCAL_SERVERS = False
    client = logged_in(pair.mentor_user)
    data = {"username": "lucia", "password": "x"}
    response = client.post(reverse("sessions:calendar"), {"url": "http://cal.example.com/", **data})
    assert "La dirección debe empezar por https://." in response.content.decode()
    response = client.post(reverse("sessions:calendar"), {"url": "https://127.0.0.1:5232/", **data})
    assert "Esta dirección está dentro de una red privada." in response.content.decode()
    assert not CalendarLink.objects.filter(user=pair.mentor_user).exists()


def test_a_server_that_goes_down_gets_the_change_later_and_only_once(
    tmp_path, pair, django_capture_on_commit_callbacks
):
    client = logged_in(pair.mentor_user)
    with radicale(tmp_path) as server:
        calendar_url = server.calendar_make()
        with django_capture_on_commit_callbacks(execute=True):
            connect(client, server, calendar_url)
    # Down: the meeting is saved, the push waits with its reason, the page says so.
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(pair)
    push = CalendarPush.objects.get(meeting=meeting)
    assert push.status == "pending" and push.attempts == 1 and "ConnectionError" in push.error
    page = client.get(reverse("sessions:calendar")).content.decode()
    assert "no aceptó un cambio" in page and "1 cambio pendiente de envío" in page

    with radicale(tmp_path, port=server.port) as back:
        # Not yet due: the sweeper waits for the retry's time.
        assert pushes_sweep() == 0
        assert pushes_sweep(now=push.next_attempt_at + datetime.timedelta(minutes=1)) == 1
        assert pushes_sweep(now=push.next_attempt_at + datetime.timedelta(minutes=2)) == 0
        events = back.events(calendar_url)
    assert [str(e["uid"]) for e in events] == [f"{meeting.uid}@reverse-mentoring"]
    push.refresh_from_db()
    assert push.status == "done" and push.attempts == 2
    assert not CalendarLink.objects.get(user=pair.mentor_user).caldav_error


def test_a_password_changed_on_the_server_fails_for_good_and_is_shown(
    tmp_path, pair, django_capture_on_commit_callbacks
):
    client = logged_in(pair.mentor_user)
    with radicale(tmp_path) as server:
        calendar_url = server.calendar_make()
        with django_capture_on_commit_callbacks(execute=True):
            connect(client, server, calendar_url)
    with radicale(tmp_path, password="a-new-one", port=server.port):
        with django_capture_on_commit_callbacks(execute=True):
            meeting = plan(pair)
        push = CalendarPush.objects.get(meeting=meeting)
        assert push.status == "failed" and "AuthorizationError" in push.error
        assert pushes_sweep(now=timezone.now() + datetime.timedelta(hours=2)) == 0
    page = client.get(reverse("sessions:calendar")).content.decode()
    assert "Si cambiaste tu contraseña de aplicación" in page


def test_disconnecting_forgets_the_server_and_its_password(
    server, pair, django_capture_on_commit_callbacks
):
    calendar_url = server.calendar_make()
    client = logged_in(pair.mentor_user)
    with django_capture_on_commit_callbacks(execute=True):
        connect(client, server, calendar_url)
        plan(pair)
    assert client.get(reverse("sessions:calendar_server_disconnect")).status_code == 405
    client.post(reverse("sessions:calendar_server_disconnect"))
    link = CalendarLink.objects.get(user=pair.mentor_user)
    assert (link.caldav_url, link.caldav_password, link.pushes.count()) == ("", "", 0)
    with django_capture_on_commit_callbacks(execute=True):
        plan(pair, days=9)
    assert len(server.events(calendar_url)) == 1  # what was there stays; nothing new
    assert Meeting.objects.filter(pair=pair).count() == 2
