import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import Concern, Meeting, Pulse
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def make_states(program):
    now = timezone.now()
    on_track = published_pair(program, "Ana Mentora", "Bea Mentee")
    Meeting.objects.create(pair=on_track, starts_at=now + datetime.timedelta(days=2))
    at_risk = published_pair(program, "Carlos Mentor", "Dani Mentee")
    held = Meeting.objects.create(
        pair=at_risk, starts_at=now - datetime.timedelta(days=3), status="held"
    )
    Pulse.objects.create(meeting=held, user=at_risk.mentee_user, rating=2)
    Concern.objects.create(pair=at_risk, raised_by=at_risk.mentee_user, text="Va muy rápido")
    inactive = published_pair(program, "Elena Mentora", "Fran Mentee")
    inactive.published_at = now - datetime.timedelta(days=60)
    inactive.save()
    return on_track, at_risk, inactive


def test_health_flags_and_filters(coordinator_client, program):
    on_track, at_risk, inactive = make_states(program)
    url = reverse("sessions:pairs_overview", args=[program.pk])
    rows = {row.pk: row for row in coordinator_client.get(url).context["rows"]()}
    assert (rows[on_track.pk].health, rows[at_risk.pk].health, rows[inactive.pk].health) == (
        "on_track",
        "at_risk",
        "inactive",
    )
    assert rows[at_risk.pk].held_count == 1 and rows[at_risk.pk].last_pulse == 2
    filtered = coordinator_client.get(url, {"health": "inactive"}).context["rows"]()
    assert [row.pk for row in filtered] == [inactive.pk]
    csv_text = coordinator_client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("mentor,mentee,last_meeting")
    assert len(csv_text.strip().splitlines()) == 4


@pytest.mark.parametrize("count", [2, 20])
def test_constant_queries_whatever_the_number_of_pairs(
    coordinator_client, program, count, django_assert_num_queries
):
    for n in range(count):
        pair = published_pair(program, f"Mentor {n}", f"Mentee {n}")
        Meeting.objects.create(
            pair=pair, starts_at=timezone.now() - datetime.timedelta(days=1), status="held"
        )
    # session, user, program, pairs with their figures
    with django_assert_num_queries(4):
        response = coordinator_client.get(reverse("sessions:pairs_overview", args=[program.pk]))
    assert len(response.context["rows"]()) == count
    with django_assert_num_queries(3):  # kept until the program's data changes
        again = coordinator_client.get(reverse("sessions:pairs_overview", args=[program.pk]))
    assert again.content.decode().count("Mentee ") == response.content.decode().count("Mentee ")


def test_only_the_programs_coordinators(client, program, other_coordinator, pair):
    client.force_login(other_coordinator)
    assert client.get(reverse("sessions:pairs_overview", args=[program.pk])).status_code == 404
    client.force_login(pair.mentor_user)
    assert client.get(reverse("sessions:pairs_overview", args=[program.pk])).status_code == 403


def test_a_falling_pulse_flags_the_pair(coordinator_client, program):
    pair = published_pair(program, "Gema Mentora", "Hugo Mentee")
    now = timezone.now()
    first = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=6), status="held"
    )
    second = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=1), status="held"
    )
    Pulse.objects.create(meeting=first, user=pair.mentee_user, rating=5)
    Pulse.objects.create(meeting=second, user=pair.mentee_user, rating=4)
    (row,) = coordinator_client.get(reverse("sessions:pairs_overview", args=[program.pk])).context[
        "rows"
    ]()
    assert (row.last_pulse, row.health) == (4, "at_risk")
    assert row.causes == [
        f"Valoración en descenso: 4,0 de 5 en la reunión del {timezone.localtime(second.starts_at):%d/%m/%Y}, tras 5,0."
    ]
