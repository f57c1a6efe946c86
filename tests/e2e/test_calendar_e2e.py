"""A mentor, on a phone, puts their meetings in their own calendars: subscribes to the
private address, connects their CalDAV server (Radicale on loopback), plans a meeting and
finds it in both."""

import datetime

import requests
import vobject
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.radicale_server import radicale


def test_a_mentor_on_a_phone_keeps_their_calendars_in_step(page, pair, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, pair.mentor_user.username)
    page.get_by_role("link", name="Nuestro espacio").click()
    page.get_by_role("link", name="Ver tus reuniones en tu propio calendario").click()
    expect(page.get_by_role("heading", name="Tu calendario", exact=True)).to_be_visible()
    page.get_by_role("button", name="Obtener mi dirección de calendario").click()
    expect(page.get_by_text("Tu dirección de calendario está lista")).to_be_visible()
    address = page.get_by_label("Tu dirección privada de calendario").input_value()

    with radicale(tmp_path) as server:
        calendar_url = server.calendar_make()
        page.get_by_label("Dirección del calendario (CalDAV)").fill(calendar_url)
        page.get_by_label("Nombre de usuario").fill(server.username)
        page.get_by_label("Contraseña de aplicación").fill("not-it")
        page.get_by_role("button", name="Conectar", exact=True).click()
        expect(page.get_by_text("El servidor rechazó este nombre de usuario")).to_be_visible()
        page.get_by_label("Contraseña de aplicación").fill(server.password)
        page.get_by_role("button", name="Conectar", exact=True).click()
        expect(page.get_by_text("Conectado: tus reuniones se están añadiendo")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "calendar-phone.png"), full_page=True)

        page.goto(f"/pairs/{pair.pk}/")
        page.get_by_role("link", name="Planificar una reunión").click()
        starts = timezone.localtime() + datetime.timedelta(days=2)
        page.get_by_label("Fecha y hora").fill(starts.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Lugar").fill("Sala 2")
        page.get_by_label("Orden del día").fill("Tablas dinámicas")
        page.get_by_role("button", name="Guardar").click()
        expect(page.get_by_text("Reunión planificada")).to_be_visible()

        (pushed,) = server.events(calendar_url)
        assert "Tablas dinámicas" in str(pushed["description"])
    feed = vobject.readOne(requests.get(address, timeout=10).text)
    (event,) = feed.vevent_list
    assert event.uid.value == str(pushed["uid"])
    page.goto("/me/calendar/")
    expect(page.get_by_text("Último cambio enviado")).to_be_visible()
