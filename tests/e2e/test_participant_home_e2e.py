"""The participant's start page on a phone: what is next in their pair, one tap away; the
pages it leads to are checked with axe at the end, as every browser test's are."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from sessions.models import Meeting
from tests.e2e.conftest import log_in


def test_the_start_page_says_what_is_next_on_a_phone(page, pair):
    page.set_viewport_size({"width": 390, "height": 844})
    Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - datetime.timedelta(days=1), status="held"
    )
    log_in(page, pair.mentee_user.username)
    page.goto("/me/")
    steps = page.locator(".next-steps li")
    expect(steps.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("heading", name="Lo siguiente")).to_be_visible()
    page.get_by_role("link", name="¿Qué tal fue la reunión").click()
    held = page.locator("[id^=meeting-]").first
    held.locator("label", has_text="4").click()
    held.get_by_role("button", name="Enviar").click()
    expect(page.get_by_text("Gracias por tu respuesta.")).to_be_visible()
    page.goto("/me/")
    expect(page.get_by_role("link", name="¿Qué tal fue la reunión")).to_have_count(0)
    page.get_by_role("link", name="Planifica vuestra próxima reunión").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
