import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_a_concern_is_answered_in_private(page, pair, coordinator):
    # The mentor raises a concern from the pair's space.
    log_in(page, pair.mentor_user.username)
    page.get_by_role("link", name="Nuestro espacio").click()
    page.get_by_role("link", name="Hablar en privado con la coordinación").click()
    page.get_by_label("¿Qué te preocupa?").fill("Mi mentee cancela las reuniones a última hora.")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Tu preocupación")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    page.context.clear_cookies()

    # The coordinator, told by email, answers and closes it.
    log_in(page, coordinator.username)
    page.goto(re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1))
    expect(page.get_by_text("Mi mentee cancela las reuniones a última hora.")).to_be_visible()
    page.get_by_label("Tu mensaje").fill("Hablaré con los dos esta semana.")
    page.get_by_role("button", name="Enviar la respuesta").click()
    expect(page.get_by_text("Se ha enviado su respuesta")).to_be_visible()
    page.get_by_label("Nota de cierre").fill("Hablé con ambos: ya está resuelto.")
    page.get_by_role("button", name="Cerrar la preocupación").click()
    expect(page.get_by_text("La preocupación está cerrada.")).to_be_visible()
    page.context.clear_cookies()

    # The mentor reads the answer on the start page; the mentee sees nothing.
    log_in(page, pair.mentor_user.username)
    expect(page.get_by_text("Hablaré con los dos esta semana.")).to_be_visible()
    page.context.clear_cookies()
    log_in(page, pair.mentee_user.username)
    expect(page.get_by_role("link", name="Nuestro espacio")).to_be_visible()
    assert "cancela las reuniones" not in page.content()
    assert "Hablaré con los dos" not in page.content()
    assert all(pair.mentee_user.email not in m.to for m in mail.outbox)
