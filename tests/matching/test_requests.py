"""Mentees who choose, the choose mode: a mentee asks one suggested mentor, who accepts or
declines (with a note) before a deadline; accepted, the pair exists (published, or waiting
for the coordinator's approval); declined or not answered, the mentee chooses again. A
mentor without room disappears from the lists, and two mentees asking for the last place
at the same moment are served one after the other."""

import datetime
import os
import subprocess
import time

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import MentorRequest, Pair
from matching.pairing import services as services_pairs
from matching.pairing.selectors import mentors_suggested
from matching.selectors import criteria_for
from programs.models import ProgramLogEntry
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def choose(program):
    criteria = criteria_for(program)
    criteria.pairing_mode = "choose"
    criteria.save()
    return criteria


def ask_url(candidate):
    return reverse("matching:application_mentors", args=[candidate.access_token])


def answer_url(candidate):
    return reverse("matching:application_requests", args=[candidate.access_token])


def ask(client, mentee, mentor, capture):
    with capture(execute=True):
        return client.post(ask_url(mentee), {"mentor": mentor.pk}, follow=True)


def test_a_mentee_asks_and_the_mentor_accepts_the_pair_is_published(
    client, program, people, choose, django_capture_on_commit_callbacks
):
    rosa, lucia = people["rosa"], people["lucia"]
    page = ask(client, rosa, lucia, django_capture_on_commit_callbacks).content.decode()
    assert "Tu solicitud se ha enviado. El mentor tiene 5 días para responder" in page
    assert f"Has pedido a {lucia.full_name}" in page
    request = MentorRequest.objects.get()
    assert (request.mentee, request.mentor, request.status) == (rosa, lucia, "pending")
    [email] = mail.outbox
    assert email.to == [lucia.email] and answer_url(lucia) in email.body
    # Lucía has one place: while the request waits, other mentees no longer see her.
    assert lucia.pk not in {item["id"] for item in mentors_suggested(people["pedro"])}
    # One request at a time.
    again = client.post(ask_url(rosa), {"mentor": people["hugo"].pk}, follow=True)
    assert "Ya has pedido un mentor" in again.content.decode()

    mail.outbox.clear()
    requests_page = client.get(answer_url(lucia)).content.decode()
    assert rosa.full_name in requests_page and rosa.first_expectation[:30] in requests_page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            answer_url(lucia),
            {"request": request.pk, "decision": "accept", "note": "¡Encantada!"},
            follow=True,
        )
    assert f"Has aceptado a {rosa.full_name}" in done.content.decode()
    pair = Pair.objects.get(program=program, mentee=rosa)
    assert pair.mentor == lucia and pair.is_published and pair.mentee_user is not None
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "ha aceptado ser tu mentor" in subjects[rosa.email]
    assert lucia.email in subjects  # told of the pair, as any published pair
    assert client.get(ask_url(rosa)).context["paired"]


def test_with_approval_the_accepted_pair_waits_for_the_coordinator(
    client, coordinator_client, program, people, choose, django_capture_on_commit_callbacks
):
    choose.approval_required = True
    choose.save()
    rosa, hugo = people["rosa"], people["hugo"]
    ask(client, rosa, hugo, django_capture_on_commit_callbacks)
    request = MentorRequest.objects.get()
    client.post(answer_url(hugo), {"request": request.pk, "decision": "accept"})
    pair = Pair.objects.get(program=program, mentee=rosa)
    assert not pair.is_published and pair.locked
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert pair.pk in [row.pk for row in page.context["summary"]().proposed]
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("matching:publish", args=[program.pk]))
    pair.refresh_from_db()
    assert pair.is_published


def test_a_decline_with_a_note_lets_the_mentee_choose_again(
    client, program, people, choose, django_capture_on_commit_callbacks
):
    rosa, lucia = people["rosa"], people["lucia"]
    ask(client, rosa, lucia, django_capture_on_commit_callbacks)
    request = MentorRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            answer_url(lucia),
            {"request": request.pk, "decision": "decline", "note": "Este trimestre no puedo."},
        )
    request.refresh_from_db()
    assert request.status == "declined" and request.note == "Este trimestre no puedo."
    [email] = mail.outbox
    assert email.to == [rosa.email] and "Este trimestre no puedo." in email.body
    assert ask_url(rosa) in email.body
    page = client.get(ask_url(rosa))
    # She chooses again, among the others: Lucía is not offered to her again.
    assert [item["id"] for item in page.context["mentors"]] == [people["hugo"].pk]
    assert "Este trimestre no puedo." in page.content.decode()
    ask(client, rosa, people["hugo"], django_capture_on_commit_callbacks)
    assert MentorRequest.objects.filter(status="pending", mentor=people["hugo"]).exists()


def test_a_request_not_answered_in_time_ends_and_the_mentee_is_told_once(
    client, program, people, choose, django_capture_on_commit_callbacks
):
    rosa, lucia = people["rosa"], people["lucia"]
    ask(client, rosa, lucia, django_capture_on_commit_callbacks)
    request = MentorRequest.objects.get()
    MentorRequest.objects.update(answer_by=timezone.now() - datetime.timedelta(minutes=1))
    # Too late to answer, even before the scan runs.
    late = client.post(
        answer_url(lucia), {"request": request.pk, "decision": "accept"}, follow=True
    )
    assert "Esta solicitud ya está cerrada" in late.content.decode()
    assert not Pair.objects.filter(mentee=rosa).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services_pairs.mentor_requests_expire() == 1
        assert services_pairs.mentor_requests_expire() == 0
    request.refresh_from_db()
    assert request.status == "expired"
    [email] = mail.outbox
    assert "no ha respondido a tiempo" in email.subject
    assert lucia.pk not in {item["id"] for item in mentors_suggested(rosa)}


def test_the_coordinator_sees_the_requests_and_gives_more_time(
    client, coordinator_client, program, people, choose, django_capture_on_commit_callbacks
):
    rosa, lucia = people["rosa"], people["lucia"]
    ask(client, rosa, lucia, django_capture_on_commit_callbacks)
    request = MentorRequest.objects.get()
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    choosing = page.context["choosing"]()
    assert choosing["pending"] == [request] and choosing["chosen"] == 1
    assert {m["full_name"] for m in choosing["not_chosen"]} == {"Pedro", "Inés"}
    assert f"{rosa.full_name} ha pedido a {lucia.full_name}" in page.content.decode()
    url = reverse("matching:request_extend", args=[program.pk, request.pk])
    assert coordinator_client.get(url).status_code == 405
    before = request.answer_by
    coordinator_client.post(url, {"days": "4"})
    request.refresh_from_db()
    assert request.answer_by == before + datetime.timedelta(days=4)
    assert ProgramLogEntry.objects.filter(action="matching.request_extended").exists()
    refused = coordinator_client.post(url, {"days": "90"}, follow=True)
    assert "Indique de 1 a 30 días más." in refused.content.decode()
    outsider = Client()
    outsider.force_login(CoordinatorFactory())
    assert outsider.post(url, {"days": "4"}).status_code == 404
    # Pairing her by hand cancels her request.
    coordinator_client.post(
        reverse("matching:alternatives", args=[program.pk, rosa.pk]),
        {"mentor": people["hugo"].pk},
    )
    request.refresh_from_db()
    assert request.status == "cancelled"


def test_only_the_people_of_the_program_in_that_mode_reach_the_pages(client, people, choose):
    assert client.get(answer_url(people["rosa"])).status_code == 404  # a mentee
    assert client.get(ask_url(people["lucia"])).status_code == 404  # a mentor
    assert client.get(answer_url(people["applied"])).status_code == 404
    choose.pairing_mode = "coordinator"
    choose.save()
    assert client.get(answer_url(people["lucia"])).status_code == 404


ASK = """
import time
from pathlib import Path
from matching.pairing import services as services_pairs
from matching.models import Candidate
suggested = services_pairs.mentors_suggested
def read_then_linger(mentee):
    found = suggested(mentee)
    time.sleep(1.5)  # long enough for the other session to read too, were it not held
    return found
services_pairs.mentors_suggested = read_then_linger
mentee = Candidate.objects.get(pk={mentee})
while not Path({go!r}).exists():
    time.sleep(0.01)
try:
    services_pairs.mentor_request(mentee=mentee, mentor_id={mentor})
    print("RESULT", "asked")
except services_pairs.MentorUnavailable:
    print("RESULT", "taken")
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_two_mentees_asking_for_the_last_place_at_once_one_gets_it(
    program, people, choose, tmp_path
):
    """Two processes, each with its own database session, ask for Lucía's last place at the
    same moment; each lingers after reading her places, so without the lock on her row
    both would find the place free."""
    from tests.stack import PYTHON, ROOT

    lucia = people["lucia"]
    go = tmp_path / "go"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database),
        "VAR_DIR": str(tmp_path / "var"),  # its emails wait in a broker folder of its own
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    processes = [
        subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                ASK.format(mentee=mentee.pk, mentor=lucia.pk, go=str(go)),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mentee in (people["rosa"], people["pedro"])
    ]
    time.sleep(3)  # both started and waiting
    go.touch()
    answers = [process.communicate(timeout=60) for process in processes]
    said = sorted(
        line.split()[1]
        for out, _err in answers
        for line in out.splitlines()
        if line.startswith("RESULT ")
    )
    assert said == ["asked", "taken"], answers
    assert MentorRequest.objects.filter(mentor=lucia, status="pending").count() == 1


def test_a_mentor_is_reminded_once_the_day_before_the_deadline(
    client, program, people, choose, django_capture_on_commit_callbacks
):
    rosa, lucia = people["rosa"], people["lucia"]
    ask(client, rosa, lucia, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services_pairs.mentor_requests_expire()
    assert mail.outbox == []  # five days left
    MentorRequest.objects.update(answer_by=timezone.now() + datetime.timedelta(hours=12))
    with django_capture_on_commit_callbacks(execute=True):
        services_pairs.mentor_requests_expire()
        services_pairs.mentor_requests_expire()
    [email] = mail.outbox
    assert email.to == [lucia.email]
    assert email.subject == f"Recordatorio: {rosa.full_name} espera tu respuesta"
    assert answer_url(lucia) in email.body


def test_the_journey_can_move_or_switch_off_the_mentors_reminder(
    client, program, people, choose, django_capture_on_commit_callbacks
):
    from programs.models import JourneyStep

    ask(client, people["rosa"], people["lucia"], django_capture_on_commit_callbacks)
    MentorRequest.objects.update(answer_by=timezone.now() + datetime.timedelta(days=2, hours=1))
    step = JourneyStep.objects.create(
        program=program, key="matching.request_reminder", enabled=True, days=3
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services_pairs.mentor_requests_expire()
    assert len(mail.outbox) == 1  # three days before: it is due now
    MentorRequest.objects.update(answer_by=timezone.now() + datetime.timedelta(hours=5))
    step.enabled = False
    step.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services_pairs.mentor_requests_expire()
    assert mail.outbox == []


def test_a_mentor_answers_only_their_own_requests_and_bad_input_gets_a_page(
    client, program, people, choose, django_capture_on_commit_callbacks
):
    ask(client, people["rosa"], people["lucia"], django_capture_on_commit_callbacks)
    request = MentorRequest.objects.get()
    # Hugo cannot answer Lucía's request, and nonsense is a 404, never an error page.
    hugo = answer_url(people["hugo"])
    assert client.post(hugo, {"request": request.pk, "decision": "accept"}).status_code == 404
    assert client.post(hugo, {"request": "x'; --", "decision": "accept"}).status_code == 404
    lucia = client.post(
        answer_url(people["lucia"]), {"request": request.pk, "decision": "maybe"}, follow=True
    )
    assert "Elige si aceptas o rechazas." in lucia.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
