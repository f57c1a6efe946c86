import re

from playwright.sync_api import expect

from programs.models import Program
from tests.e2e.conftest import log_in


def test_coordinator_creates_a_program_and_completes_the_objective(page, coordinator):
    log_in(page, "laura")
    expect(page.get_by_role("heading", name="Programas", exact=True)).to_be_visible()
    page.get_by_role("link", name="Crear el primer programa").click()

    page.get_by_label("Nombre").fill("Mentoring inverso en Finanzas")
    page.get_by_label("Enfoque del proyecto").fill("El equipo financiero aprende Power BI.")
    page.get_by_label("Objetivo general").fill("Automatizar los informes mensuales.")
    page.get_by_label("Objetivos de aprendizaje").fill(
        "Conectar Power BI al ERP\nPublicar un panel para el comité"
    )
    page.get_by_label("Fecha de inicio").fill("2027-02-01")
    page.get_by_label("Fecha de fin").fill("2027-01-15")
    page.get_by_role("button", name="Guardar el programa").click()

    # The server refuses an end before the start and keeps what was typed.
    expect(page.get_by_text("La fecha de fin debe ser posterior")).to_be_visible()
    expect(page.get_by_label("Nombre")).to_have_value("Mentoring inverso en Finanzas")
    page.get_by_label("Fecha de fin").fill("2027-07-30")
    page.get_by_role("button", name="Guardar el programa").click()

    expect(page.get_by_role("heading", name="Mentoring inverso en Finanzas")).to_be_visible()
    expect(page.get_by_text("Programa creado con un catálogo")).to_be_visible()
    current = page.locator("[aria-current=step]")
    expect(current).to_contain_text("Definición del objetivo")

    page.get_by_role("link", name=re.compile("Revisar el catálogo de habilidades")).first.click()
    page.locator("input[name='skills-11-name']").fill("Power BI avanzado")
    page.locator("select[name='skills-11-kind']").select_option("tool")
    page.get_by_role("button", name="Guardar el catálogo").click()

    expect(page.get_by_text("Se ha guardado el catálogo de habilidades.")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Selección de los participantes")
    program = Program.objects.get(name="Mentoring inverso en Finanzas")
    assert program.skills.filter(name="Power BI avanzado", kind="tool").exists()
    assert list(program.learning_objectives.values_list("text", flat=True)) == [
        "Conectar Power BI al ERP",
        "Publicar un panel para el comité",
    ]


def test_language_switcher_turns_the_pages_to_english(page, coordinator, program):
    log_in(page, "laura")
    page.get_by_label("Idioma").select_option("en")
    expect(page.get_by_role("heading", name="Programs", exact=True)).to_be_visible()
    page.get_by_role("link", name="Transformación digital").click()
    expect(page.get_by_role("heading", name="Phases of the program")).to_be_visible()
