"""The defects of a first-time walk, walked again in the browser: ending a pair because
someone left asks who (and they are never proposed again), a private concern never puts
its pair in the group written to, and a directory file that would empty the organisation
needs the number of leavers typed."""

from playwright.sync_api import expect

from directory import rows as directory_rows
from directory import services as directory_services
from documents.tables import table_read
from matching.models import Candidate, Pair
from sessions.services import concern_raise
from tests.e2e.conftest import log_in


def test_ending_a_pair_because_the_mentee_left(page, program, pair, coordinator):
    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/pairs/{pair.pk}/status/end/")
    page.get_by_label("¿Por qué finaliza la pareja?").select_option("left")
    page.get_by_role("button", name="Finalizar la pareja").click()
    expect(page.get_by_text("Marque quién se fue: el mentor, el mentee o los dos.")).to_be_visible()
    page.get_by_label(f"{pair.mentee.full_name}, el mentee").check()
    page.get_by_role("button", name="Finalizar la pareja").click()
    expect(page.locator("#pair-status")).to_contain_text("finalizó antes de tiempo")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED
    assert Candidate.objects.get(pk=pair.mentee_id).status == Candidate.Status.LEFT
    # Not on the waiting list: the pairing page lists only the mentor as unpaired.
    page.goto(f"/programs/{program.pk}/pairs/")
    unpaired = page.locator("li", has_text="Su pareja terminó el")
    expect(unpaired).to_have_count(1)
    expect(unpaired).to_contain_text(pair.mentor.full_name)


def test_a_concern_keeps_its_pair_out_of_the_group_written_to(page, program, pair, coordinator):
    concern_raise(pair=pair, user=pair.mentee_user, text="No viene a las reuniones.")
    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/meetings/")
    row = page.get_by_role("row").filter(has_text=pair.mentor.full_name)
    expect(row.get_by_text("En riesgo")).to_be_visible()
    page.goto(f"/programs/{program.pk}/messages/new/")
    group = page.get_by_label("Parejas en riesgo o inactivas (0 personas)")
    expect(group).to_be_disabled()
    page.goto(f"/pairs/{pair.pk}/")
    expect(page.locator("#concern-caution")).to_contain_text("preocupación abierta")


def _csv(rows) -> bytes:
    lines = [",".join(directory_rows.COLUMNS), *(",".join(row) for row in rows)]
    return "\n".join(lines).encode()


def test_a_truncated_directory_file_needs_the_leavers_typed(page, coordinator):
    people = [
        [f"P{n}", f"Persona {n}", f"p{n}@example.com", "", "Ventas", "", "", "", "", ""]
        for n in range(30)
    ]
    preview, errors = directory_services.directory_preview(
        file_name="hr.csv",
        table=table_read("hr.csv", _csv(people), max_rows=100),
        actor=None,
    )
    assert errors == []
    directory_services.directory_apply(preview=preview)
    log_in(page, coordinator.username)
    page.goto("/directory/import/")
    upload = page.get_by_label("Archivo CSV o Excel del sistema de RR. HH.")
    upload.set_input_files(
        {"name": "corto.csv", "mimeType": "text/csv", "buffer": _csv(people[:1])}
    )
    page.get_by_role("button", name="Ver qué cambia").click()
    expect(page.locator("#mass-departure")).to_contain_text("29 personas como bajas")
    expect(page.get_by_role("button", name="Aplicar estos cambios")).to_have_count(0)
    page.get_by_label("Escriba 29 para confirmar").fill("30")
    page.get_by_role("button", name="Aplicar, con 29 bajas").click()
    expect(page.get_by_text("No se ha aplicado nada")).to_be_visible()
    page.get_by_label("Escriba 29 para confirmar").fill("29")
    page.get_by_role("button", name="Aplicar, con 29 bajas").click()
    expect(page.get_by_text("El directorio está al día")).to_be_visible()
