"""Mentees who choose, walked in the browser. In the choose mode, on a phone, a mentee asks
a mentor, who declines with a note; the mentee asks another, whose request runs out of
time; nobody with room is left, and the coordinator pairs her by hand. In the preferences
mode, in English, a mentee ranks two mentors and the proposal says she chose first."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from matching.models import MentorRequest, Pair
from matching.pairing import services as services_pairs
from matching.selectors import criteria_for
from tests.e2e.conftest import log_in
from tests.matching import conftest as matching

people = matching.people  # the small cohort of the matching tests


def mode(program, name):
    criteria = criteria_for(program)
    criteria.pairing_mode = name
    criteria.save()


def test_a_mentee_asks_is_declined_times_out_and_is_paired(page, program, people, coordinator):
    mode(program, "choose")
    rosa, lucia, hugo = people["rosa"], people["lucia"], people["hugo"]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.get_by_role("heading", name="Elige tu mentor")).to_be_visible()
    page.get_by_role("button", name=f"Pedir a {lucia.full_name} que sea mi mentor").click()
    expect(page.locator("#pending-request")).to_contain_text(f"Has pedido a {lucia.full_name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Lucía declines, with a note.
    page.goto(f"/application/{lucia.access_token}/requests/")
    page.get_by_label("Una nota para el mentee (opcional)").fill("Este trimestre no puedo.")
    page.get_by_role("button", name="Rechazar").click()
    expect(page.get_by_text(f"{rosa.full_name} elegirá otro mentor")).to_be_visible()

    # Rosa reads the note and asks Hugo; Lucía is not offered again.
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.locator("#answered-requests")).to_contain_text("Este trimestre no puedo.")
    expect(
        page.get_by_role("button", name=f"Pedir a {lucia.full_name} que sea mi mentor")
    ).to_have_count(0)
    page.get_by_role("button", name=f"Pedir a {hugo.full_name} que sea mi mentor").click()
    expect(page.locator("#pending-request")).to_contain_text(hugo.full_name)

    # Hugo does not answer in time: the scan ends the request.
    MentorRequest.objects.filter(status="pending").update(
        answer_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    services_pairs.mentor_requests_expire()
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.locator("#answered-requests")).to_contain_text("Sin respuesta a tiempo")
    expect(page.get_by_text("Ahora mismo no hay ningún mentor con plazas libres")).to_be_visible()

    # The coordinator sees who has not chosen and pairs Rosa by hand.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/pairs/")
    expect(page.locator("#mentees-choosing")).to_contain_text("2 solicitudes rechazadas")
    page.locator("#mentees-choosing summary", has_text="Quién no ha elegido").click()
    page.locator("#mentees-choosing").get_by_role("link", name=rosa.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(rosa.full_name)


def test_a_mentee_ranks_mentors_in_english(page, program, people, coordinator, live_server):
    mode(program, "preferences")
    rosa, lucia, hugo = people["rosa"], people["lucia"], people["hugo"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.get_by_role("heading", name="Choose your mentor")).to_be_visible()
    page.get_by_label("Your first choice").select_option(str(hugo.pk))
    page.get_by_label("Your second choice (optional)").select_option(str(lucia.pk))
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_text("Your choice no. 1")).to_be_visible()
    # The coordinator (in Spanish) runs the proposal; Rosa's pair says she chose him first.
    page.context.clear_cookies()
    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("button", name="Ejecutar la propuesta").click()
    page.wait_for_timeout(500)
    page.goto(f"/programs/{program.pk}/pairs/")
    pair = Pair.objects.get(program=program, mentee=rosa)
    assert pair.mentor_id == hugo.pk
    expect(page.get_by_text("elegido en 1.º lugar por el mentee").first).to_be_attached()


def test_a_mentee_asks_and_the_mentor_accepts_in_english(page, program, people, live_server):
    mode(program, "choose")
    rosa, lucia = people["rosa"], people["lucia"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"/application/{rosa.access_token}/mentors/")
    page.get_by_role("button", name=f"Ask {lucia.full_name} to be my mentor").click()
    expect(page.locator("#pending-request")).to_contain_text(f"You asked {lucia.full_name}")
    page.goto(f"/application/{lucia.access_token}/requests/")
    expect(page.get_by_role("heading", name="Mentees who chose you")).to_be_visible()
    page.get_by_label("A note for the mentee (optional)").fill("Happy to!")
    page.get_by_role("button", name=f"Accept {rosa.full_name}").click()
    expect(page.get_by_text(f"You accepted {rosa.full_name} as your mentee.")).to_be_visible()
    pair = Pair.objects.get(program=program, mentee=rosa)
    assert pair.mentor == lucia and pair.is_published


def test_a_mentee_ranks_mentors_in_spanish(page, program, people):
    mode(program, "preferences")
    rosa, lucia = people["rosa"], people["lucia"]
    page.goto(f"/application/{rosa.access_token}/mentors/")
    page.get_by_label("Tu primera opción").select_option(str(lucia.pk))
    page.get_by_role("button", name="Guardar mis opciones").click()
    expect(page.get_by_text("Tus opciones están guardadas.")).to_be_visible()
    expect(page.get_by_text("Tu opción n.º 1")).to_be_visible()
    assert list(rosa.preferences.values_list("mentor_id", flat=True)) == [lucia.pk]
