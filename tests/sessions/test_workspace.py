import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from preparation.models import GoalPhase, ProgramGuide
from sessions.models import Agreement, Concern, Meeting, Pulse, Task

pytestmark = pytest.mark.django_db


def url(name, pair, *args):
    return reverse(f"sessions:{name}", args=[pair.pk, *args])


def ics_text(message) -> str:
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


def agreement_data(**overrides):
    data = {
        "roles": "Lucía enseña Excel; Rosa comparte cómo funciona el área comercial.",
        "schedule": "Cada dos semanas, martes a las 9:00",
        "place": "Sala 2",
        "video_link": "",
        "confidentiality": "Lo que hablamos queda entre nosotras.",
    }
    data.update(overrides)
    return data


def meeting_data(**overrides):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "place": "Sala 2",
        "video_link": "",
        "agenda": "Tablas dinámicas",
    }
    data.update(overrides)
    return data


def test_the_agreement_is_confirmed_by_both_and_again_after_a_change(client, pair):
    client.force_login(pair.mentor_user)
    client.post(url("agreement", pair), agreement_data())
    agreement = Agreement.objects.get(pair=pair)
    assert agreement.mentor_confirmed_at and not agreement.mentee_confirmed_at
    client.force_login(pair.mentee_user)
    client.post(url("agreement_confirm", pair))
    agreement.refresh_from_db()
    assert agreement.is_confirmed
    client.post(url("agreement", pair), agreement_data(place="Cafetería"))
    agreement.refresh_from_db()
    assert (
        agreement.version == 2
        and agreement.mentee_confirmed_at
        and not agreement.mentor_confirmed_at
    )


def test_plan_move_and_cancel_send_calendar_invitations(
    client, pair, django_capture_on_commit_callbacks
):
    client.force_login(pair.mentee_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("meeting_new", pair), meeting_data())
    meeting = Meeting.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert (
        "METHOD:REQUEST" in text
        and f"UID:{meeting.uid}@reverse-mentoring" in text
        and "SEQUENCE:0" in text
    )
    download = client.get(url("meeting_ics", pair, meeting.pk))
    assert (
        download["Content-Type"].startswith("text/calendar")
        and b"BEGIN:VEVENT" in download.getvalue()
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("meeting_reschedule", pair, meeting.pk), meeting_data(place="Sala 3"))
    assert len(mail.outbox) == 4 and "SEQUENCE:1" in ics_text(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("meeting_cancel", pair, meeting.pk), {"reason": "Viaje"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert len(mail.outbox) == 6 and "METHOD:CANCEL" in ics_text(mail.outbox[-1])


def test_a_meeting_in_the_past_or_nowhere_is_refused(client, pair):
    client.force_login(pair.mentor_user)
    past = client.post(url("meeting_new", pair), meeting_data(starts_at="2020-01-01T10:00"))
    assert "Elige una fecha y hora futuras." in past.content.decode()
    nowhere = client.post(url("meeting_new", pair), meeting_data(place=""))
    assert "Indica dónde os reunís" in nowhere.content.decode()
    assert not Meeting.objects.exists()


def test_the_training_gate_blocks_the_first_meeting(client, pair):
    ProgramGuide.objects.create(
        program=pair.program, principles="-", instructions="-", training_required=True
    )
    client.force_login(pair.mentee_user)
    response = client.post(url("meeting_new", pair), meeting_data(), follow=True)
    assert "el mentor completa los módulos de formación" in response.getvalue().decode().lower()
    assert not Meeting.objects.exists()


def test_log_a_meeting_tick_phases_and_give_a_pulse(client, pair):
    goal = pair.goals.create(
        owner="mentee", date=timezone.localdate(), text="Excel", selected=True, priority=1
    )
    phase = GoalPhase.objects.create(
        goal=goal, number=1, description="Descargar datos", due_date=timezone.localdate()
    )
    meeting = Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    client.force_login(pair.mentor_user)
    empty = client.post(url("meeting_log", pair, meeting.pk), {"held": "1"})
    assert "Anota al menos lo que habéis compartido" in empty.content.decode()
    client.post(
        url("meeting_log", pair, meeting.pk),
        {
            "held": "1",
            "knowledge": "Tablas dinámicas",
            "next_steps": "Practicar",
            "phases": [phase.pk],
        },
    )
    meeting.refresh_from_db()
    phase.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and phase.done_at is not None
    client.post(url("pulse", pair, meeting.pk), {"rating": "4", "comment": "Muy útil"})
    client.post(url("pulse", pair, meeting.pk), {"rating": "5"})
    assert Pulse.objects.get(meeting=meeting, user=pair.mentor_user).rating == 5


def test_a_concern_reaches_the_coordinator_only(client, coordinator, pair):
    client.force_login(pair.mentee_user)
    client.post(url("concern", pair), {"text": "Me cuesta decirle que va muy rápido."})
    assert Concern.objects.filter(pair=pair, raised_by=pair.mentee_user).exists()
    client.force_login(pair.mentor_user)
    assert "va muy rápido" not in client.get(url("workspace", pair)).content.decode()
    client.force_login(coordinator)
    assert "va muy rápido" in client.get(url("workspace", pair)).content.decode()


def test_tasks_with_checked_uploads(client, pair, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(pair.mentor_user)
    pdf = SimpleUploadedFile("guia.pdf", b"%PDF-1.4 guide", content_type="application/pdf")
    client.post(
        url("task_new", pair), {"title": "Leer la guía", "file": pdf, "due_date": "2027-01-10"}
    )
    task = Task.objects.get()
    assert task.file.name.endswith("guia.pdf")
    bad = client.post(
        url("task_new", pair), {"title": "x", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert "Este tipo de archivo no se acepta" in bad.content.decode()
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))
    assert (
        "más de 10 MB"
        in client.post(url("task_new", pair), {"title": "y", "file": big}).content.decode()
    )
    client.force_login(pair.mentee_user)
    download = client.get(url("task_file", pair, task.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 guide"
    client.post(url("task_done", pair, task.pk), {"done": "1"})
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_who_may_see_and_act(client, coordinator, other_coordinator, pair, other_pair):
    meeting = Meeting.objects.create(
        pair=pair, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(url("workspace", pair)).status_code == 302  # anonymous: to the login page
    client.force_login(other_pair.mentor_user)
    for target in [
        url("workspace", pair),
        url("meeting_ics", pair, meeting.pk),
        url("meeting_log", pair, meeting.pk),
    ]:
        assert client.get(target).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(url("workspace", pair)).status_code == 404
    client.force_login(coordinator)
    assert client.get(url("workspace", pair)).status_code == 200
    assert client.post(url("meeting_cancel", pair, meeting.pk)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_only_a_past_planned_meeting_can_be_logged(client, pair):
    future = Meeting.objects.create(
        pair=pair, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(pair.mentee_user)
    response = client.post(
        url("meeting_log", pair, future.pk), {"held": "1", "next_steps": "x"}, follow=True
    )
    assert "Una reunión se registra cuando ya se ha celebrado." in response.getvalue().decode()
    future.refresh_from_db()
    assert future.status == Meeting.Status.PLANNED
    done = Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - datetime.timedelta(days=1), status="held"
    )
    assert client.get(url("meeting_log", pair, done.pk)).status_code == 404
