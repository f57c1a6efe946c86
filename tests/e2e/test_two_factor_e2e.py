"""A coordinator sets up two-step verification with an authenticator app, keeps the
recovery codes, and is asked for a code at the next login."""

import base64

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def app_code(secret: str) -> str:
    """What an authenticator app shows for this key now."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def test_a_coordinator_sets_up_two_step_verification_and_is_asked_for_it(page, coordinator):
    log_in(page, coordinator.username)
    page.goto("/accounts/preferences/")
    page.get_by_role("link", name="Configurar la verificación en dos pasos").click()
    expect(page.get_by_role("img", name="Código QR de la clave para su aplicación")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_role("textbox", name="Código").fill(app_code(secret))
    page.get_by_role("button", name="Activar la verificación en dos pasos").click()
    expect(page.get_by_text("La verificación en dos pasos está activada.")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Ya los he guardado").click()
    expect(page.get_by_text("Activada: después de la contraseña")).to_be_visible()
    page.context.clear_cookies()

    # The next login asks for a code after the password, then goes where it was going.
    page.goto("/programs/")
    page.get_by_label("Nombre de usuario").fill(coordinator.username)
    page.get_by_label("Contraseña").fill("secret-pass-123")
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    page.get_by_role("textbox", name="Código").fill(
        "000000" if app_code(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_text("Este código no es válido")).to_be_visible()
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second
    page.get_by_role("textbox", name="Código").fill(app_code(secret))
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_role("heading", name="Programas", exact=True)).to_be_visible()
