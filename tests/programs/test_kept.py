"""{% kept %}: a page part drawn once per change of its program's data, shared by the
program's coordinators, each with their own CSRF token and in their own language."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CandidateFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html))


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_each_coordinator_posts_the_kept_page_forms_with_their_own_token(program, coordinator):
    colleague = CoordinatorFactory(username="marta")
    program.coordinators.add(colleague)
    page = reverse("matching:pairs", args=[program.pk])
    seen = {}
    for person in (coordinator, colleague):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = client.get(page).content.decode()
        (token,) = tokens(html)  # every form of the page carries the reader's token
        assert token and "placeholder" not in token
        seen[person.username] = (client, token)
    assert seen["laura"][1] != seen["marta"][1]
    criteria = reverse("matching:criteria", args=[program.pk])
    marta, token = seen["marta"]
    refused = marta.post(criteria, {"csrfmiddlewaretoken": "wrong" * 8})
    assert refused.status_code == 403
    saved = marta.post(criteria, {"csrfmiddlewaretoken": token, "objective": "max_total"})
    assert saved.status_code == 302  # the token of the kept page was hers, and is accepted


def test_a_kept_page_is_kept_per_language_and_drawn_again_after_a_change(
    coordinator_client, program, django_assert_num_queries
):
    page = reverse("matching:pairs", args=[program.pk])
    spanish = coordinator_client.get(page, headers={"accept-language": "es"})
    assert "Criterios" in spanish.content.decode()
    coordinator_client.cookies["django_language"] = "en"
    english = coordinator_client.get(page).content.decode()
    assert "Criteria" in english and "Criterios" not in english
    with django_assert_num_queries(4):  # kept: session, user, program, the last run
        kept = coordinator_client.get(page).content.decode()
    assert without_tokens(kept) == without_tokens(english)
    program.mentor_capacity = 3
    program.save()
    again = coordinator_client.get(page).content.decode()
    assert "each mentor takes up to 3" in again


# Saved outside a test's transaction, as a request saves: the change commits at once.
@pytest.mark.django_db(transaction=True)
def test_after_a_change_a_job_draws_the_kept_pages_for_their_next_reader(
    coordinator_client,
    program,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    settings.KEPT_PAGES_REDRAW = True  # in production a worker does it; here, eagerly
    pages = [
        reverse(name, args=[program.pk])
        for name in (
            "program_dashboard",
            "matching:candidates",
            "matching:pairs",
            "sessions:pairs_overview",
        )
    ]
    CandidateFactory(program=program, full_name="Ramona Nueva", status="accepted")
    for language in ("es", "en"):
        coordinator_client.cookies["django_language"] = language
        for page in pages:
            with django_assert_max_num_queries(4):  # kept: session, user, program (and one)
                response = coordinator_client.get(page)
            assert response.status_code == 200
        assert "Ramona Nueva" in coordinator_client.get(pages[1]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_that_fails_to_draw_is_left_to_its_reader(
    coordinator_client,
    program,
    settings,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
):
    from programs import redraw

    settings.KEPT_PAGES_REDRAW = True

    def broken(request, program):
        raise RuntimeError("the drawing failed")

    monkeypatch.setitem(redraw._pages, "matching:pairs", broken)
    CandidateFactory(program=program, full_name="Ramona Nueva", status="accepted")
    assert "Could not draw matching:pairs" in caplog.text
    monkeypatch.undo()
    coordinator_client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as drawn:
        page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert "Ramona Nueva" in page.content.decode()  # waiting for a pair
    assert len(drawn.captured_queries) > 4  # the reader drew it
