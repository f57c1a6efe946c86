"""Concerns are answered: the coordinators are alerted, answer in a private thread only its
author reads, close it with a note, and are reminded after two working days."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from sessions.models import Concern
from sessions.reminders import reminders_create, working_days_between
from tests.factories import CoordinatorFactory, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(pair, program, django_capture_on_commit_callbacks):
    """The mentor raises a concern; a second coordinator runs the program too."""
    program.coordinators.add(CoordinatorFactory(username="pablo", email="pablo@example.com"))
    mentor = logged_in(pair.mentor_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = mentor.post(
            reverse("sessions:concern", args=[pair.pk]),
            {"text": "Mi mentee llega tarde a todas las reuniones."},
        )
    concern = Concern.objects.get()
    assert response.url == reverse("sessions:concern_thread", args=[pair.pk, concern.pk])
    return concern


def test_a_new_concern_alerts_every_coordinator_once(raised, program):
    alerts = Notification.objects.filter(kind="sessions.concern_raised", about_id=raised.pk)
    assert sorted(alerts.values_list("email", flat=True)) == sorted(
        program.coordinators.values_list("email", flat=True)
    )
    assert len(mail.outbox) == 2
    assert "llega tarde" not in mail.outbox[0].body  # read in the product, not in a mailbox
    assert reverse("sessions:concern_detail", args=[program.pk, raised.pk]) in mail.outbox[0].body


def test_the_coordinator_answers_and_closes_and_only_its_author_reads_it(
    raised, pair, coordinator_client, program, django_capture_on_commit_callbacks
):
    url = reverse("sessions:concern_detail", args=[program.pk, raised.pk])
    assert "llega tarde" in coordinator_client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"reply": "1", "text": "Hablaré con los dos esta semana."})
    raised.refresh_from_db()
    assert raised.status == Concern.Status.IN_PROGRESS and raised.first_response_at
    assert [m.to for m in mail.outbox] == [[pair.mentor_user.email]]
    assert "Hablaré con los dos esta semana." in mail.outbox[0].body

    refused = coordinator_client.post(url, {"close": "1", "note": ""})
    assert refused.status_code == 400 and refused.context["close_form"].errors["note"]
    coordinator_client.post(url, {"close": "1", "note": "Hablé con ambos el 3 de marzo."})
    raised.refresh_from_db()
    assert raised.status == Concern.Status.CLOSED and raised.resolved_at

    mentor_home = logged_in(pair.mentor_user).get(reverse("participant_home")).content.decode()
    assert "Hablaré con los dos esta semana." in mentor_home
    thread = logged_in(pair.mentor_user).get(
        reverse("sessions:concern_thread", args=[pair.pk, raised.pk])
    )
    assert "Hablé con ambos el 3 de marzo." in thread.content.decode()
    # The partner sees nothing: not on the start page, not the thread, no email.
    mentee = logged_in(pair.mentee_user)
    assert "llega tarde" not in mentee.get(reverse("participant_home")).content.decode()
    assert (
        "Hablaré" not in mentee.get(reverse("sessions:workspace", args=[pair.pk])).content.decode()
    )
    thread_url = reverse("sessions:concern_thread", args=[pair.pk, raised.pk])
    assert mentee.get(thread_url).status_code == 404
    assert all(pair.mentee_user.email not in m.to for m in mail.outbox)


def test_outsiders_never_reach_a_concern(raised, pair, program, other_pair, other_coordinator):
    detail = reverse("sessions:concern_detail", args=[program.pk, raised.pk])
    thread = reverse("sessions:concern_thread", args=[pair.pk, raised.pk])
    assert logged_in(other_coordinator).get(detail).status_code == 404
    assert logged_in(other_pair.mentor_user).get(thread).status_code == 404
    assert logged_in(other_pair.mentor_user).get(detail).status_code == 403
    assert Client().get(detail).status_code == 302


def test_its_author_can_write_again_and_the_coordinators_hear_of_it(
    raised, pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(pair.mentor_user).post(
            reverse("sessions:concern_thread", args=[pair.pk, raised.pk]),
            {"text": "Hoy ha vuelto a pasar."},
        )
    assert Notification.objects.filter(kind="sessions.concern_message").count() == 2
    raised.refresh_from_db()
    assert raised.first_response_at is None  # the author's own message is no answer


def test_an_unanswered_concern_reminds_the_coordinators_after_two_working_days(raised):
    friday = timezone.make_aware(datetime.datetime(2026, 11, 20, 17, 0))
    Concern.objects.filter(pk=raised.pk).update(created_at=friday)
    monday = friday + datetime.timedelta(days=3)
    assert working_days_between(friday.date(), monday.date()) == 1
    reminders_create(now=monday)
    waiting = Notification.objects.filter(kind="sessions.concern_waiting")
    assert not waiting.exists()
    tuesday = monday + datetime.timedelta(days=1)
    reminders_create(now=tuesday)
    reminders_create(now=tuesday + datetime.timedelta(hours=1))
    assert waiting.count() == 2  # once per coordinator


@pytest.mark.parametrize("count", [2, 9])
def test_the_concern_list_runs_a_fixed_number_of_queries(
    pair, coordinator_client, program, count, django_assert_num_queries
):
    for n in range(count):
        Concern.objects.create(pair=pair, raised_by=pair.mentee_user, text=f"Preocupación {n}")
    # session, user, program, count, concerns
    with django_assert_num_queries(5):
        response = coordinator_client.get(reverse("sessions:concerns", args=[program.pk]))
    assert len(response.context["page"].object_list) == count
