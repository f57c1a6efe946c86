"""Long lists are shown a page at a time, while the figures above them count everything."""

import re

import pytest
from django.urls import reverse

from matching.models import Pair
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_pairs(program):
    return [published_pair(program, f"Mentora {n:02d}", f"Mentee {n:02d}") for n in range(55)]


def test_the_matching_page_lists_fifty_pairs_a_page_and_counts_them_all(
    coordinator_client, program, many_pairs
):
    url = reverse("matching:pairs", args=[program.pk])
    first = coordinator_client.get(url).content.decode()
    assert re.search(r'data-figure="pairs">55<', first)
    assert first.count("data-score=") == 50 and "Página 1 de 2" in first
    second = coordinator_client.get(url, {"page": 2}).content.decode()
    assert second.count("data-score=") == 5 and "Mentora 54" in second
    assert Pair.objects.count() == 55


def test_the_pairs_overview_lists_fifty_a_page_and_keeps_its_filters(
    coordinator_client, program, many_pairs
):
    url = reverse("sessions:pairs_overview", args=[program.pk])
    first = coordinator_client.get(url, {"q": "mentora"}).content.decode()
    rows = re.findall(r'<a href="/pairs/\d+/">Mentora', first)
    assert len(rows) == 50
    assert "q=mentora&amp;page=2" in first
    second = coordinator_client.get(url, {"q": "mentora", "page": 2}).content.decode()
    assert len(re.findall(r'<a href="/pairs/\d+/">Mentora', second)) == 5
    # The CSV holds every pair, not a page.
    csv = coordinator_client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 56
