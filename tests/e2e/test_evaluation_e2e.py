import datetime
import io
import zipfile
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluation.models import Report, Response
from tests.e2e.conftest import log_in
from tests.evaluation.conftest import pdf_text


def test_evaluation_questionnaire_and_report(page, pair, program, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    coordinator.set_password("secret-pass-123")
    coordinator.save()

    # The coordinator says which competences the first learning objective develops, then
    # launches the final evaluation.
    log_in(page, "laura")
    page.goto(f"/programs/{program.pk}/")
    page.get_by_role("link", name="Las competencias que desarrolla cada objetivo").click()
    first = page.get_by_role("group", name="1. Usar el CRM con soltura")
    first.get_by_label("Hojas de cálculo (Excel, Google Sheets)").check()
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Guardado: los resultados muestran")).to_be_visible()
    page.goto(f"/programs/{program.pk}/evaluation/")
    page.get_by_text("Evaluación final", exact=True).last.click()
    closes = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Se aceptan respuestas hasta").fill(closes.isoformat())
    page.get_by_role("button", name="Lanzar y enviar las invitaciones").click()
    expect(page.get_by_text("se ha invitado a 2 participantes")).to_be_visible()
    page.context.clear_cookies()

    # The mentee answers from their start page.
    log_in(page, pair.mentee_user.username)
    page.get_by_role("link", name="responde al cuestionario").click()

    def choose(question: str, answer: str) -> None:
        page.get_by_role("group", name=question, exact=True).get_by_text(answer, exact=True).click()

    choose("¿Cuál es tu grado de satisfacción con la relación con tu mentor?", "5 · muy alto")
    choose(
        "¿Cuál es tu grado de satisfacción con las reuniones (frecuencia, duración, utilidad)?",
        "4 · alto",
    )
    choose("¿Cuál es tu grado de satisfacción con la organización del programa?", "4 · alto")
    choose(
        "¿Recomendarías el reverse mentoring a otra persona de la organización?",
        "5 · seguro que sí",
    )
    choose("¿Cuánto has avanzado hacia el objetivo general del programa?", "4 · mucho")
    page.get_by_label("¿Qué te gustaría seguir aprendiendo").fill("Cuadros de mando con Power BI")
    for skill in program.skills.all():
        choose(skill.name, "4 · avanzado")
    for objective in program.learning_objectives.all():
        choose(objective.text, "4 · mucho")
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.get_by_text("¡Gracias! Tus respuestas se han guardado.")).to_be_visible()
    response = Response.objects.get(respondent=pair.mentee_user)
    assert response.relationship == 5 and response.submitted_at is not None
    assert response.skill_levels.count() == program.skills.count()
    page.context.clear_cookies()

    # The coordinator reads the results, builds the report and downloads the PDF.
    log_in(page, "laura")
    page.goto(f"/programs/{program.pk}/evaluation/results/")
    expect(page.get_by_text("Cuadros de mando con Power BI")).to_be_visible()
    attainment = page.locator("#objectives-attainment")
    expect(attainment).to_contain_text("Hojas de cálculo (Excel, Google Sheets) (mentees)")
    expect(attainment).to_contain_text("4,0 de media; el 100 % dice que bastante o del todo")
    # The same in English, from the language switcher.
    page.get_by_label("Idioma").select_option("en")
    expect(page.get_by_role("heading", name="Attainment per learning objective")).to_be_visible()
    expect(attainment).to_contain_text("4.0 on average; 100 % say mostly or fully")
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("heading", name="Logro por objetivo de aprendizaje")).to_be_visible()
    page.get_by_role("link", name="Informes PDF").click()
    page.get_by_role("button", name="Generar el informe", exact=True).click()
    expect(page.get_by_role("link", name="Descargar el PDF")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el PDF").click()
    content = Path(download.value.path()).read_bytes()
    text = pdf_text(content)
    assert "Informe de evaluación final" in text
    assert "1/2" in text  # one of the two has answered
    assert "Cuadros de mando con Power BI" in text
    assert "Logro por objetivo de aprendizaje" in text
    assert Report.objects.get(program=program, pair=None).status == Report.Status.READY

    # The answers as a spreadsheet, without names.
    page.goto(f"/programs/{program.pk}/evaluation/results/")
    page.get_by_text("Descargar los datos").click()
    expect(page.get_by_label("Sin nombres: cada persona o pareja es un código")).to_be_checked()
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar en Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    cells = [str(value) for row in sheet.values for value in row if value is not None]
    assert "Cuadros de mando con Power BI" in cells
    assert not any(
        pair.mentee.full_name in cell or pair.mentee_user.email in cell for cell in cells
    )

    # Every pair's report, built in one job, downloaded as one ZIP.
    page.goto(f"/programs/{program.pk}/reports/")
    page.get_by_role("button", name="Generar el informe de cada pareja").click()
    expect(page.get_by_role("link", name="Descargar el ZIP")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el ZIP").click()
    assert download.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.value.path()) as archive:
        (name,) = archive.namelist()
        assert pair.mentee.full_name in pdf_text(archive.read(name))


def test_a_person_left_waiting_rates_their_skills_on_a_phone(page, pair, program, coordinator):
    """The comparison group's page, from its private link, at 390 px (checked with axe at
    the end, as every page a browser test visits)."""
    from evaluation import services
    from evaluation.models import ComparisonResponse, Evaluation
    from tests.factories import CandidateFactory

    waiting = CandidateFactory(program=program, desired_role="mentee", status="accepted")
    services.evaluation_launch(
        program=program,
        kind=Evaluation.Kind.FINAL,
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        actor=coordinator,
        comparison=True,
    )
    response = ComparisonResponse.objects.get(candidate=waiting)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/comparison/{response.token}/")
    expect(page.get_by_role("heading", name="Tus competencias digitales hoy")).to_be_visible()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.get_by_text("Faltan algunas respuestas")).to_be_visible()
    for skill in program.skills.all():
        page.get_by_role("group", name=skill.name, exact=True).get_by_text(
            "3 · medio", exact=True
        ).click()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.get_by_text("¡Gracias! Tus respuestas se han guardado.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.levels.count() == program.skills.count()
