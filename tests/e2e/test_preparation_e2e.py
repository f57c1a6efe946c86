import subprocess

from django.core import mail
from playwright.sync_api import expect

from preparation.models import Goal, TrainingCompletion
from tests.e2e.conftest import log_in


def test_send_the_welcome_twice_one_email_per_participant(page, coordinator, pair, other_pair):
    log_in(page, "laura")
    page.goto(f"/programs/{pair.program.pk}/welcome/")
    expect(page.get_by_text("Vista previa para Mentees:")).to_be_visible()
    page.get_by_role("button", name="Enviar la bienvenida").click()
    expect(page.get_by_text("4 correos de bienvenida están en camino.")).to_be_visible()
    page.get_by_role("button", name="Enviar la bienvenida").click()
    expect(page.get_by_text("Nada que enviar")).to_be_visible()
    expect(page.get_by_text("Enviado", exact=True)).to_have_count(4)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email
        for u in (
            pair.mentor_user,
            pair.mentee_user,
            other_pair.mentor_user,
            other_pair.mentee_user,
        )
    )


def test_a_mentor_completes_a_training_module(page, pair):
    log_in(page, pair.mentor_user.username)
    page.get_by_role("link", name="Módulos de formación").click()
    page.get_by_role("link", name="Empezar").first.click()
    expect(page.get_by_role("heading", name="¿Qué es el reverse mentoring?")).to_be_visible()
    page.get_by_label("La persona joven con conocimientos digitales").check()
    page.get_by_label("Preparar yo solo el informe mensual de ventas").check()
    page.get_by_label("Escuchar con atención y también cuestionar").check()
    page.get_by_role("button", name="Comprobar mis respuestas").click()
    expect(page.get_by_text("Módulo completado. ¡Bien hecho!")).to_be_visible()
    assert TrainingCompletion.objects.filter(user=pair.mentor_user, module="introduction").exists()


def test_the_mentee_fills_a_worksheet_with_two_smart_goals(page, pair):
    log_in(page, pair.mentee_user.username)
    page.get_by_role("link", name="Nuestra ficha de objetivos").click()
    page.get_by_role("button", name="Iniciar el temporizador de 5 minutos").first.click()
    expect(page.locator(".timer-display").first).not_to_have_text("5:00")
    page.locator("#id_mentee-goals").fill(
        "Preparar el informe mensual\nUsar LinkedIn para prospectar\nAprender Python"
    )
    page.get_by_role("button", name="Anotarlos").first.click()
    expect(page.get_by_text("Objetivos anotados.")).to_be_visible()
    page.get_by_label("Preparar el informe mensual").fill("1")
    page.get_by_label("Usar LinkedIn para prospectar").fill("2")
    page.get_by_role("button", name="Guardar las prioridades").first.click()
    expect(page.get_by_text("Prioridades guardadas.")).to_be_visible()

    for number, (goal, measurable) in enumerate(
        [
            ("Preparar el informe mensual", "El informe de marzo en 2 horas"),
            ("Usar LinkedIn", "5 contactos al mes"),
        ]
    ):
        page.get_by_role("link", name="Hacerlo SMART").first.click()
        page.get_by_label("Específico").fill(f"{goal}, yo sola")
        page.get_by_label("Medible").fill(measurable)
        page.get_by_label("Alcanzable").fill("Con una sesión semanal")
        page.get_by_label("Relevante").fill("Me ahorra tiempo cada mes")
        page.get_by_label("Temporal").fill("Antes del 30/06/2027")
        for phase, (text, due) in enumerate(
            [("Primer paso", "2027-03-01"), ("Desarrollo", "2027-04-15"), ("Hábito", "2027-06-30")],
            start=1,
        ):
            page.locator(f"#id_phase{phase}").fill(f"{text} {number}")
            page.locator(f"#id_due{phase}").fill(due)
        page.get_by_role("button", name="Guardar el objetivo").click()
        expect(page.get_by_text("El objetivo es SMART y tiene sus tres fases.")).to_be_visible()

    goals = Goal.objects.filter(pair=pair, selected=True)
    assert goals.count() == 2
    assert all(goal.phases.count() == 3 for goal in goals)

    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar en PDF").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Preparar el informe mensual" in text and "Usar LinkedIn para prospectar" in text
    assert "Desarrollo 1" in text and "Hábito 0" in text
