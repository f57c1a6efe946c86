"""A pair's health history: each change of health is kept with its causes, recorded when
something it depends on changes and by the periodic scan for what time alone changes; the
coordinator reads it, and nudges the pair, from the pair's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Pair
from sessions.models import Agreement, HealthChange, Meeting
from sessions.services import pairs_health_record
from sessions.tasks import reminders_scan
from tests.factories import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled_pair(pair):
    """A pair published three weeks ago, with its agreement confirmed by both."""
    now = timezone.now()
    Pair.objects.filter(pk=pair.pk).update(published_at=now - datetime.timedelta(days=21))
    Agreement.objects.create(
        pair=pair, roles="r", schedule="s", mentor_confirmed_at=now, mentee_confirmed_at=now
    )
    pair.refresh_from_db()
    return pair


def held_meeting(pair, days_ago: int) -> Meeting:
    return Meeting.objects.create(
        pair=pair,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        status=Meeting.Status.HELD,
        created_by=pair.mentor_user,
    )


def history(pair) -> list[str]:
    return list(
        HealthChange.objects.filter(pair=pair)
        .order_by("recorded_at", "id")
        .values_list("health", flat=True)
    )


def test_a_low_pulse_puts_the_pair_at_risk_and_a_better_meeting_takes_it_out(
    settled_pair, program, django_capture_on_commit_callbacks
):
    pair = settled_pair
    mentee = logged_in(pair.mentee_user)
    first = held_meeting(pair, days_ago=3)
    with django_capture_on_commit_callbacks(execute=True):
        mentee.post(reverse("sessions:pulse", args=[pair.pk, first.pk]), {"rating": "2"})
    change = HealthChange.objects.get(pair=pair)
    assert change.health == "at_risk"
    assert change.causes[0].startswith("Valoración baja: 2,0 de 5")

    better = held_meeting(pair, days_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        mentee.post(reverse("sessions:pulse", args=[pair.pk, better.pk]), {"rating": "5"})
    assert history(pair) == ["at_risk", "on_track"]

    # Nothing changed: nothing more is recorded, by the scan or by another pulse.
    assert pairs_health_record() == 0
    with django_capture_on_commit_callbacks(execute=True):
        mentee.post(reverse("sessions:pulse", args=[pair.pk, better.pk]), {"rating": "4"})
    assert history(pair) == ["at_risk", "on_track"]

    coordinator = logged_in(program.coordinators.first())
    page = coordinator.get(reverse("sessions:workspace", args=[pair.pk])).content.decode()
    assert "Historial de salud" in page and "Valoración baja: 2,0 de 5" in page
    own = mentee.get(reverse("sessions:workspace", args=[pair.pk])).content.decode()
    assert "Historial de salud" not in own and "Escribir a la pareja" not in own


def test_the_scan_records_a_pair_that_went_inactive_with_time(settled_pair):
    held_meeting(settled_pair, days_ago=2)
    reminders_scan()
    assert history(settled_pair) == ["on_track"]
    later = timezone.now() + datetime.timedelta(days=30)
    assert pairs_health_record(now=later) == 1
    assert history(settled_pair) == ["on_track", "inactive"]
    inactive = HealthChange.objects.filter(pair=settled_pair).first()
    assert inactive.causes[0].startswith("Ninguna reunión celebrada ni planificada desde")


def test_a_paused_pair_is_recorded_as_paused(settled_pair):
    Pair.objects.filter(pk=settled_pair.pk).update(status=Pair.Status.PAUSED)
    pairs_health_record()
    assert history(settled_pair) == ["paused"]


def test_the_coordinator_nudges_from_the_pairs_page_and_sees_the_nudge_listed(
    settled_pair, program, django_capture_on_commit_callbacks
):
    pair = settled_pair
    coordinator = logged_in(program.coordinators.first())
    workspace = reverse("sessions:workspace", args=[pair.pk])
    page = coordinator.get(workspace).content.decode()
    compose = reverse("programs:message_new", args=[program.pk])
    assert f"{compose}?audience=sessions.pair&amp;target={pair.pk}:mentee" in page
    assert "Todavía no se ha escrito ningún mensaje a esta pareja" in page
    form = coordinator.get(
        compose, {"audience": "sessions.pair", "target": f"{pair.pk}:mentee"}
    ).context["form"]
    data = {**form.initial, "subject": "¿Hablamos?", "body": "Hola {first_name}"}
    data = {key: value for key, value in data.items() if value is not None}
    data["subject_en"] = data["body_en"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(compose, {**data, "send": "1"})
    page = coordinator.get(workspace).content.decode()
    assert "¿Hablamos?</a>" in page and f"Una pareja: {pair.mentee_user}" in page
