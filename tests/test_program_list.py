"""The program list (each program's phase, next action and counts, sorted the Spanish way)
and "Duplicate as a new program"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchingCriteria, Pair
from preparation.models import ProgramGuide, WelcomeMessage
from programs.sorting import name_key
from tests.factories import CandidateFactory, ProgramFactory, published_pair

pytestmark = pytest.mark.django_db


def rows(response):
    return list(response.context["page"].object_list)


def test_names_sort_the_way_a_spanish_reader_expects():
    names = ["Teresa", "Álvaro", "zeta", "Óscar", "Nuria", "Ñandú", "ala"]
    assert sorted(names, key=name_key) == [
        "ala",
        "Álvaro",
        "Nuria",
        "Ñandú",
        "Óscar",
        "Teresa",
        "zeta",
    ]


def test_the_list_sorts_by_name_and_by_counts(coordinator_client, coordinator):
    for name in ("Teresa", "Álvaro", "zeta", "Óscar"):
        ProgramFactory(actor=coordinator, name=name)
    by_name = coordinator_client.get(reverse("programs:list"), {"sort": "name"})
    assert [row.program.name for row in rows(by_name)] == ["Álvaro", "Óscar", "Teresa", "zeta"]
    reverse_name = coordinator_client.get(reverse("programs:list"), {"sort": "-name"})
    assert [row.program.name for row in rows(reverse_name)][0] == "zeta"
    assert 'aria-sort="descending"' in reverse_name.content.decode()
    # An unknown sort falls back to the default rather than failing.
    assert coordinator_client.get(reverse("programs:list"), {"sort": "x"}).status_code == 200


def test_each_program_shows_its_phase_next_action_and_counts(
    coordinator_client, coordinator, program
):
    program.catalogue_reviewed_at = timezone.now()
    program.save()
    pair = published_pair(program)
    published_pair(program, "Hugo Mentor", "Pedro Mentee")
    Pair.objects.filter(pk=pair.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=90)
    )
    CandidateFactory(program=program, status="accepted", desired_role="mentee")
    fresh = ProgramFactory(actor=coordinator, name="Ágil")
    response = coordinator_client.get(reverse("programs:list"), {"sort": "name"})
    first, second = rows(response)
    assert first.program == fresh and first.current.status.number == 1
    assert (second.candidates, second.pairs, second.waiting, second.at_risk) == (5, 2, 1, 1)
    assert second.current.status.number == 3
    html = response.content.decode()
    assert "Enviar las comunicaciones de bienvenida" in html  # phase 3's next action
    assert "1 en espera" in html

    only_phase_one = coordinator_client.get(reverse("programs:list"), {"phase": "1"})
    assert [row.program for row in rows(only_phase_one)] == [fresh]
    none = coordinator_client.get(reverse("programs:list"), {"phase": "5"})
    assert "Ningún programa está en esta fase." in none.content.decode()


@pytest.mark.parametrize("count", [2, 8])
def test_the_list_runs_a_fixed_number_of_queries_with_pairs_and_candidates(
    coordinator_client, coordinator, count, django_assert_num_queries
):
    for n in range(count):
        program = ProgramFactory(actor=coordinator)
        published_pair(program, f"Mentora {n}", f"Mentee {n}")
        CandidateFactory(program=program, status="accepted")
    with django_assert_num_queries(19):
        response = coordinator_client.get(reverse("programs:list"))
    assert len(rows(response)) == count


def test_duplicate_copies_the_definitions_and_never_the_people(
    coordinator_client, program, pair, other_coordinator
):
    skill = program.skills.get(name__startswith="Hojas de cálculo")
    MatchingCriteria.objects.create(
        program=program, language_weight=3, skill_weights={str(skill.pk): 3}, last_run={"x": 1}
    )
    ProgramGuide.objects.create(program=program, principles="Escucha", instructions="Empieza")
    WelcomeMessage.objects.create(
        program=program, audience="mentor", language="es", subject="Hola", body="Bienvenida"
    )
    url = reverse("program_duplicate", args=[program.pk])
    outsider = Client()
    outsider.force_login(other_coordinator)
    assert outsider.get(url).status_code == 404

    form = coordinator_client.get(url)
    assert form.context["form"].initial["name"] == f"{program.name} (copia)"
    assert form.context["form"].initial["start_date"] >= timezone.localdate()
    bad = coordinator_client.post(
        url, {"name": "Edición 2027", "start_date": "2027-03-01", "end_date": "2027-01-01"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors["end_date"]

    response = coordinator_client.post(
        url, {"name": "Edición 2027", "start_date": "2027-01-11", "end_date": "2027-06-30"}
    )
    copy = program.__class__.objects.get(name="Edición 2027")
    assert response.url == reverse("program_dashboard", args=[copy.pk])
    assert copy.general_objective == program.general_objective
    assert list(copy.learning_objectives.values_list("text", flat=True)) == list(
        program.learning_objectives.values_list("text", flat=True)
    )
    assert sorted(copy.skills.values_list("name", flat=True)) == sorted(
        program.skills.values_list("name", flat=True)
    )
    criteria = copy.matching_criteria
    copied_skill = copy.skills.get(name=skill.name)
    assert criteria.language_weight == 3 and criteria.skill_weights == {str(copied_skill.pk): 3}
    assert criteria.last_run == {}
    assert copy.guide.principles == "Escucha" and copy.guide.principles_html == ""
    assert copy.welcome_messages.get().subject == "Hola"
    assert not copy.candidates.exists() and not copy.pairs.exists()
    dashboard = coordinator_client.get(response.url)
    assert [phase.state for phase in dashboard.context["phases"]()][0] == "current"
