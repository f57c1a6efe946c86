"""The free answers of an evaluation: a few on the results page, all of them on the
answers page a page at a time (a thousand pairs write two thousand of them)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Response
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def answered(evaluation, count: int, **texts) -> None:
    """`count` more pairs, each of whose people answered with these free texts."""
    program = evaluation.program
    for n in range(count):
        pair = published_pair(program, f"Mentora {n}", f"Mentee {n}")
        for user, role, candidate in (
            (pair.mentor_user, "mentor", pair.mentor),
            (pair.mentee_user, "mentee", pair.mentee),
        ):
            Response.objects.create(
                evaluation=evaluation,
                respondent=user,
                role=role,
                candidate=candidate,
                submitted_at=timezone.now(),
                **{field: f"{text} {role} {n}" for field, text in texts.items()},
            )


@pytest.mark.parametrize("question", ["outcomes", "needs", "comments"])
def test_the_answers_page_is_for_the_programs_coordinators(
    client, program, coordinator, other_coordinator, pair, evaluation, question
):
    url = reverse("evaluation:answers", args=[program.pk, question])
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(pair.mentor_user)
    assert client.get(url).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]


def test_no_other_question_and_no_answers_page_before_an_evaluation(coordinator_client, program):
    assert (
        coordinator_client.get(
            reverse("evaluation:answers", args=[program.pk, "outcomes"])
        ).status_code
        == 404
    )


def test_the_results_page_shows_a_few_answers_and_leads_to_all_of_them(
    coordinator_client, program, evaluation, django_assert_max_num_queries
):
    answered(evaluation, 30, outcomes="Aprendí", comments="Gracias")
    results = coordinator_client.get(reverse("evaluation:results", args=[program.pk]))
    html = results.content.decode()
    # Five from the mentors and five from the mentees, then a link to the sixty.
    assert html.count("<li>Aprendí ") == 10
    assert "Ver las 60 respuestas" in html
    assert html.count("Gracias ") == 10 and "Ver los 60 comentarios y elegir" in html
    url = reverse("evaluation:answers", args=[program.pk, "outcomes"])
    assert f'href="{url}?kind=final"' in html

    first = coordinator_client.get(url).content.decode()
    assert "60 respuestas" in first and first.count("Aprendí ") == 50
    assert "Página 1 de 2" in first
    with django_assert_max_num_queries(12):  # the same whatever the page
        second = coordinator_client.get(url, {"page": 2}).content.decode()
    assert second.count("Aprendí ") == 10
    # Every answer once, across the pages.
    shown = {line for page in (first, second) for line in page.split("\n") if "Aprendí " in line}
    assert len(shown) == 60


def test_a_comment_chosen_on_the_answers_page_comes_back_to_it(
    coordinator_client, program, evaluation
):
    answered(evaluation, 30, comments="Gracias")
    url = reverse("evaluation:answers", args=[program.pk, "comments"])
    page = f"{url}?page=2"
    html = coordinator_client.get(page).content.decode()
    assert f'name="next" value="{url}?page=2"'.replace("?", "?") in html
    last = Response.objects.exclude(comments="").order_by("role", "pk").last()
    select = reverse("evaluation:comment_select", args=[program.pk, last.pk])
    back = coordinator_client.post(select, {"selected": "1", "next": page})
    assert back.status_code == 302 and back["Location"] == page
    last.refresh_from_db()
    assert last.comment_selected
    # Somewhere else is never where it goes back to.
    away = coordinator_client.post(select, {"selected": "0", "next": "https://evil.example/"})
    assert away["Location"].startswith(reverse("evaluation:results", args=[program.pk]))
    # The results page lists the quoted comments first.
    results = coordinator_client.get(reverse("evaluation:results", args=[program.pk]))
    assert results.context["commented"]()[0].pk != last.pk  # no longer quoted
