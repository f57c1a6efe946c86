"""Each pairing mode walked end to end in the browser, in Spanish and in English, by the
three people it involves: the coordinator sets the mode in the criteria; the mentee ranks
or asks from their private page, and in the choose mode a mentor declines, another accepts
and a request runs out of time; the coordinator publishes (approving the accepted pair); then
the mentee and the mentor sign in and find their pair on their start page. Every page the
walk went through is checked with axe at the end (and for English left on Spanish pages)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from matching.models import MentorRequest, Pair
from matching.pairing import services as services_pairs
from tests.e2e.conftest import log_in
from tests.matching import conftest as matching

people = matching.people  # two mentors (Lucía, Hugo) and three mentees (Rosa, Pedro, Inés)

TEXT = {
    "es": {
        "coordinator": "La coordinación forma las parejas",
        "preferences": "Los mentees ordenan hasta tres mentores sugeridos",
        "choose": "Los mentees piden un mentor sugerido, que acepta o rechaza",
        "approval": "una pareja que acepta un mentor espera la aprobación de la coordinación",
        "save_criteria": "Guardar los criterios",
        "criteria_saved": "Se han guardado los criterios",
        "run": "Ejecutar la propuesta",
        "publish_link": "Publicar la lista definitiva",
        "publish": "Publicar y avisar",
        "published": "Se ha publicado la lista definitiva de {}",
        "choose_heading": "Elige tu mentor",
        "first_choice": "Tu primera opción",
        "save_choices": "Guardar mis opciones",
        "choices_saved": "Tus opciones están guardadas.",
        "chosen_first": "elegido en 1.º lugar por el mentee",
        "ask": "Pedir a {} que sea mi mentor",
        "asked": "Has pedido a {}",
        "note": "Una nota para el mentee (opcional)",
        "decline": "Rechazar",
        "declined_note": "Este trimestre no puedo.",
        "accept": "Aceptar a {}",
        "accepted": "Has aceptado a {} como mentee.",
        "timed_out": "Sin respuesta a tiempo",
        "refused": "2 solicitudes rechazadas o sin respuesta a tiempo",
        "next": "Lo siguiente",
        "your_mentor": "Tu mentor es {}",
        "mentor_of": "Eres mentor de {}",
    },
    "en": {
        "coordinator": "The coordinator forms the pairs",
        "preferences": "Mentees rank up to three suggested mentors",
        "choose": "Mentees ask a suggested mentor, who accepts or declines",
        "approval": "a pair a mentor accepts waits for the coordinator's approval",
        "save_criteria": "Save the criteria",
        "criteria_saved": "The criteria were saved",
        "run": "Run the proposal",
        "publish_link": "Publish the final list",
        "publish": "Publish and notify",
        "published": "The final list of {} is published",
        "choose_heading": "Choose your mentor",
        "first_choice": "Your first choice",
        "save_choices": "Save my choices",
        "choices_saved": "Your choices are saved.",
        "chosen_first": "chosen in 1st place by the mentee",
        "ask": "Ask {} to be my mentor",
        "asked": "You asked {}",
        "note": "A note for the mentee (optional)",
        "decline": "Decline",
        "declined_note": "Not this quarter, sorry.",
        "accept": "Accept {}",
        "accepted": "You accepted {} as your mentee.",
        "timed_out": "Not answered in time",
        "refused": "2 requests declined or not answered in time",
        "next": "What is next",
        "your_mentor": "Your mentor is {}",
        "mentor_of": "You are the mentor of {}",
    },
}


@pytest.fixture(params=["es", "en"])
def language(request, coordinator, people, live_server, page):
    """Everyone of the walk reads the pages in this language: the coordinator's account, the
    candidates (and so the accounts made for them when their pair is published), and the
    browser before anyone signs in."""
    code = request.param
    coordinator.language = code
    coordinator.save()
    for candidate in people.values():
        candidate.language = code
        candidate.save()
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])
    return code


def as_visitor(page, language: str) -> None:
    """Signed out, reading the pages in this language (as a candidate's private link does)."""
    if not page.url.startswith("http"):
        page.goto("/accounts/login/")
    origin = page.evaluate("location.origin")
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": origin}])


def sign_in(page, username: str, language: str) -> None:
    as_visitor(page, language)
    log_in(page, username, language=language)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def set_mode(page, program, coordinator, language, mode, approval=False) -> None:
    text = TEXT[language]
    sign_in(page, coordinator.username, language)
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_label(text[mode]).check()
    if approval:
        page.get_by_label(text["approval"]).check()
    page.get_by_role("button", name=text["save_criteria"]).click()
    expect(page.get_by_text(text["criteria_saved"])).to_be_visible()


def run_and_publish(page, program, language) -> None:
    text = TEXT[language]
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("button", name=text["run"]).click()
    expect(page.locator("#matching-run")).to_be_visible()
    publish(page, program, language)


def publish(page, program, language) -> None:
    text = TEXT[language]
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("link", name=text["publish_link"]).click()
    page.get_by_role("button", name=text["publish"]).click()
    count = Pair.objects.filter(program=program, published_at__isnull=False).count()
    pairs = {"es": ("1 pareja", f"{count} parejas"), "en": ("1 pair", f"{count} pairs")}
    done = text["published"].format(pairs[language][count != 1])
    expect(page.get_by_role("status").filter(has_text=done)).to_be_visible()


def both_find_their_pair(page, pair: Pair, language: str) -> None:
    """The mentee and the mentor (who chose a password from the welcome's link) sign in and
    find their pair, and what is next in it, on their start page."""
    text = TEXT[language]
    for user, heading in (
        (pair.mentee_user, text["your_mentor"].format(pair.mentor.full_name)),
        (pair.mentor_user, text["mentor_of"].format(pair.mentee.full_name)),
    ):
        user.set_password("secret-pass-123")
        user.save()
        sign_in(page, user.username, language)
        page.goto("/me/")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_role("heading", name=text["next"])).to_be_visible()


def test_the_coordinator_forms_the_pairs(page, program, people, coordinator, language):
    text = TEXT[language]
    set_mode(page, program, coordinator, language, "coordinator")
    # No mentee is asked to choose in this mode: their private page offers no list.
    rosa = people["rosa"]
    as_visitor(page, language)
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.get_by_role("heading", name=text["choose_heading"])).to_have_count(0)
    sign_in(page, coordinator.username, language)
    run_and_publish(page, program, language)
    pair = Pair.objects.select_related("mentor", "mentee").get(program=program, mentee=rosa)
    assert pair.is_published
    both_find_their_pair(page, pair, language)


def test_mentees_rank_mentors_and_the_optimiser_weighs_it(
    page, program, people, coordinator, language
):
    text = TEXT[language]
    set_mode(page, program, coordinator, language, "preferences")
    rosa, hugo = people["rosa"], people["hugo"]
    as_visitor(page, language)
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.get_by_role("heading", name=text["choose_heading"])).to_be_visible()
    page.get_by_label(text["first_choice"]).select_option(str(hugo.pk))
    page.get_by_role("button", name=text["save_choices"]).click()
    expect(page.get_by_text(text["choices_saved"])).to_be_visible()

    sign_in(page, coordinator.username, language)
    page.goto(f"/programs/{program.pk}/pairs/")
    page.get_by_role("button", name=text["run"]).click()
    expect(page.locator("#matching-run")).to_be_visible()
    page.goto(f"/programs/{program.pk}/pairs/")
    expect(page.get_by_text(text["chosen_first"]).first).to_be_attached()
    publish(page, program, language)
    pair = Pair.objects.select_related("mentor", "mentee").get(program=program, mentee=rosa)
    assert pair.mentor == hugo and pair.is_published
    both_find_their_pair(page, pair, language)


def test_mentees_ask_a_mentor_declines_one_runs_out_of_time_one_accepts(
    page, program, people, coordinator, language
):
    text = TEXT[language]
    set_mode(page, program, coordinator, language, "choose", approval=True)
    rosa, pedro, lucia, hugo = people["rosa"], people["pedro"], people["lucia"], people["hugo"]
    as_visitor(page, language)

    # Rosa asks Lucía, who declines with a note.
    page.goto(f"/application/{rosa.access_token}/mentors/")
    page.get_by_role("button", name=text["ask"].format(lucia.full_name)).click()
    expect(page.locator("#pending-request")).to_contain_text(text["asked"].format(lucia.full_name))
    page.goto(f"/application/{lucia.access_token}/requests/")
    page.get_by_label(text["note"]).fill(text["declined_note"])
    page.get_by_role("button", name=text["decline"]).click()

    # Pedro asks Lucía; she does not answer in time.
    page.goto(f"/application/{pedro.access_token}/mentors/")
    page.get_by_role("button", name=text["ask"].format(lucia.full_name)).click()
    MentorRequest.objects.filter(mentee=pedro, status="pending").update(
        answer_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    services_pairs.mentor_requests_expire()
    page.goto(f"/application/{pedro.access_token}/mentors/")
    expect(page.locator("#answered-requests")).to_contain_text(text["timed_out"])

    # Rosa reads the note and asks Hugo, who accepts: the pair waits for the coordinator.
    page.goto(f"/application/{rosa.access_token}/mentors/")
    expect(page.locator("#answered-requests")).to_contain_text(text["declined_note"])
    page.get_by_role("button", name=text["ask"].format(hugo.full_name)).click()
    page.goto(f"/application/{hugo.access_token}/requests/")
    page.get_by_role("button", name=text["accept"].format(rosa.full_name)).click()
    expect(page.get_by_text(text["accepted"].format(rosa.full_name))).to_be_visible()
    pair = Pair.objects.select_related("mentor", "mentee").get(program=program, mentee=rosa)
    assert pair.mentor == hugo and not pair.is_published

    # The coordinator sees the declined and the timed-out requests, and approves the pair.
    sign_in(page, coordinator.username, language)
    page.goto(f"/programs/{program.pk}/pairs/")
    expect(page.locator("#mentees-choosing")).to_contain_text(text["refused"])
    publish(page, program, language)
    pair.refresh_from_db()
    assert pair.is_published
    assert User.objects.filter(email=pedro.email).count() == 0  # Pedro still chooses
    both_find_their_pair(page, pair, language)
