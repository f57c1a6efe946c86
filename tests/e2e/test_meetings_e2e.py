import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from preparation.models import GoalPhase
from sessions.models import Agreement, Meeting
from tests.e2e.conftest import log_in


def log_out(page):
    page.context.clear_cookies()


def test_agreement_meeting_log_and_phase(page, pair):
    goal = pair.goals.create(
        owner="mentee", date=timezone.localdate(), text="Informe mensual", selected=True, priority=1
    )
    phase = GoalPhase.objects.create(
        goal=goal, number=1, description="Descargar los datos", due_date=timezone.localdate()
    )

    # The mentor writes the agreement and plans a meeting.
    log_in(page, pair.mentor_user.username)
    page.get_by_role("link", name="Nuestro espacio").click()
    page.get_by_role("link", name="Escribirlo").click()
    page.get_by_label("Roles y expectativas").fill(
        "Lucía enseña Excel; Rosa comparte el área comercial."
    )
    page.get_by_label("Horario y frecuencia").fill("Cada dos semanas, martes 9:00")
    page.get_by_label("Lugar").fill("Sala 2")
    page.get_by_label("Confidencialidad").fill("Lo que hablamos queda entre nosotras.")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Tu pareja tiene que confirmarlo.")).to_be_visible()

    page.get_by_role("link", name="Planificar una reunión").click()
    starts = timezone.localtime() + datetime.timedelta(days=2)
    page.get_by_label("Fecha y hora").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Orden del día").fill("Tablas dinámicas")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Reunión planificada")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )

    # The mentee confirms the agreement, logs the meeting once held, and ticks the phase.
    log_out(page)
    log_in(page, pair.mentee_user.username)
    page.get_by_role("link", name="Nuestro espacio").click()
    page.get_by_role("button", name="Confirmo el acuerdo").click()
    expect(page.get_by_text("Has confirmado el acuerdo.")).to_be_visible()
    assert Agreement.objects.get(pair=pair).is_confirmed

    Meeting.objects.filter(pair=pair).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    page.reload()
    page.get_by_role("link", name="Registrar la reunión").click()
    page.get_by_label("Sí, nos reunimos").check()
    page.get_by_label("Conocimientos compartidos").fill("Cómo crear una tabla dinámica")
    page.get_by_label("Siguientes pasos").fill("Hacer el informe de marzo")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Reunión registrada.")).to_be_visible()
    page.get_by_label("Marcar como hecha: Fase 1: un primer paso muy fácil").click()
    expect(
        page.get_by_label("Marcar como no hecha: Fase 1: un primer paso muy fácil")
    ).to_be_visible()

    meeting = Meeting.objects.get(pair=pair)
    phase.refresh_from_db()
    assert (
        meeting.status == Meeting.Status.HELD and meeting.next_steps == "Hacer el informe de marzo"
    )
    assert phase.done_at is not None
