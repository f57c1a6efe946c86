"""Mentees who choose: in the preferences mode a mentee ranks up to three of the mentors
that suit them (hard constraints hold, mentors with room only), from their application's
private link; the proposal adds points for their choices and says so."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from matching.models import MatchingCriteria, MentorPreference, Pair
from matching.pairing.selectors import mentors_suggested
from matching.selectors import criteria_for
from tests.factories import CoordinatorFactory, call_open
from tests.matching.test_living_cohort import publish, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def preferences(program):
    criteria = criteria_for(program)
    criteria.pairing_mode = MatchingCriteria._meta.get_field("pairing_mode").choices[1][0]
    criteria.save()
    return criteria


def choose_url(candidate):
    return reverse("matching:application_mentors", args=[candidate.access_token])


def test_a_mentee_ranks_the_mentors_that_suit_them(client, program, people, preferences):
    rosa = people["rosa"]
    page = client.get(choose_url(rosa))
    suggested = [item["id"] for item in page.context["mentors"]]
    assert set(suggested) == {people["lucia"].pk, people["hugo"].pk}
    html = page.content.decode()
    assert "Elige tu mentor" in html and "Puede ayudarte con:" in html
    assert "Lucía" in html and people["lucia"].strengths[:30] in html
    # The application page leads there.
    call_open(program)
    application = client.get(reverse("matching:application", args=[rosa.access_token]))
    assert choose_url(rosa) in application.content.decode()

    saved = client.post(
        choose_url(rosa), {"first": people["hugo"].pk, "second": people["lucia"].pk}, follow=True
    )
    assert "Tus opciones están guardadas" in saved.content.decode()
    assert list(rosa.preferences.values_list("mentor_id", "rank")) == [
        (people["hugo"].pk, 1),
        (people["lucia"].pk, 2),
    ]
    assert "Tu opción n.º 1" in saved.content.decode()


def test_bad_choices_are_refused_and_nothing_changes(client, program, people, preferences):
    rosa = people["rosa"]
    client.post(choose_url(rosa), {"first": people["lucia"].pk})
    twice = client.post(choose_url(rosa), {"first": people["hugo"].pk, "second": people["hugo"].pk})
    assert "Elige cada mentor una sola vez." in twice.content.decode()
    stranger = client.post(choose_url(rosa), {"first": people["pedro"].pk})
    assert stranger.status_code == 200 and stranger.context["form"].errors["first"]
    gap = client.post(choose_url(rosa), {"first": people["lucia"].pk, "third": people["hugo"].pk})
    assert gap.context["form"].errors["second"]
    assert list(rosa.preferences.values_list("mentor_id", "rank")) == [(people["lucia"].pk, 1)]


def test_only_accepted_mentees_of_a_program_in_that_mode_choose(client, program, people):
    rosa = people["rosa"]
    assert client.get(choose_url(rosa)).status_code == 404  # the coordinator pairs them
    criteria = criteria_for(program)
    criteria.pairing_mode = "preferences"
    criteria.save()
    assert client.get(choose_url(people["lucia"])).status_code == 404  # a mentor
    assert client.get(choose_url(people["applied"])).status_code == 404  # not accepted
    assert client.get(reverse("matching:application_mentors", args=["nope"])).status_code == 404


def test_a_first_choice_wins_over_a_small_score_difference(
    coordinator_client, program, people, preferences
):
    run(coordinator_client, program)
    proposed = {pair.mentee_id: pair.mentor_id for pair in program.pairs.all()}
    rosa = people["rosa"]
    other = people["hugo"] if proposed[rosa.pk] == people["lucia"].pk else people["lucia"]
    ranked = {item["id"]: item["score"] for item in mentors_suggested(rosa)}
    assert ranked[other.pk] <= ranked[proposed[rosa.pk]]  # the optimiser preferred the other
    MentorPreference.objects.create(program=program, mentee=rosa, mentor=other, rank=1)
    page = run(coordinator_client, program)
    pair = program.pairs.get(mentee=rosa)
    assert pair.mentor_id == other.pk
    [part] = [part for part in pair.explanation if part["kind"] == "preference"]
    assert part == {"kind": "preference", "rank": 1, "points": 10.0}  # the default points
    assert round(sum(p["points"] for p in pair.explanation), 1) == pair.score
    assert "elegido en 1.º lugar por el mentee" in page.getvalue().decode()


def test_the_coordinator_follows_who_chose_and_invites_the_others(
    coordinator_client, program, people, preferences, django_capture_on_commit_callbacks
):
    MentorPreference.objects.create(
        program=program, mentee=people["rosa"], mentor=people["lucia"], rank=1
    )
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert page.context["choosing"]()["waiting"] == 3
    assert page.context["choosing"]()["chosen"] == 1
    assert "1 de los 3 mentees en espera de pareja han elegido." in page.content.decode()
    url = reverse("matching:mentees_invite", args=[program.pk])
    assert coordinator_client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url)
        coordinator_client.post(url)  # twice: each is written to once
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[name].email for name in ("rosa", "pedro", "ines")
    )
    assert all("elige tu mentor" in m.subject for m in mail.outbox)
    assert choose_url(people["pedro"]) in next(
        m.body for m in mail.outbox if m.to == [people["pedro"].email]
    )
    other = Client()
    other.force_login(CoordinatorFactory())
    assert other.post(url).status_code == 404


def test_a_published_mentee_no_longer_chooses(
    coordinator_client, client, program, people, preferences, django_capture_on_commit_callbacks
):
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    pair = Pair.objects.filter(program=program).first()
    page = client.get(choose_url(pair.mentee))
    assert page.context["paired"] and page.context["mentors"] == []
    assert "Ya tienes mentor en este programa" in page.content.decode()


def test_the_points_decide_between_a_choice_and_a_better_score(
    coordinator_client, program, people, preferences
):
    from matching.models import Candidate
    from tests.factories import CandidateFactory

    Candidate.objects.filter(pk__in=[people[n].pk for n in ("hugo", "pedro", "ines")]).update(
        status="declined"
    )
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    ai = program.skills.get(name__startswith="Asistentes de IA")
    marta = CandidateFactory(
        program=program,
        full_name="Marta",
        desired_role="mentor",
        status="accepted",
        years_in_organisation=2,
        level=2,
        department="Tecnología",
        ratings={excel.name: (4, False), ai.name: (3, False)},
    )
    rosa, lucia = people["rosa"], people["lucia"]
    scores = {item["id"]: item["score"] for item in mentors_suggested(rosa)}
    difference = scores[lucia.pk] - scores[marta.pk]
    assert 0 < difference < 10
    run(coordinator_client, program)
    assert program.pairs.get(mentee=rosa).mentor_id == lucia.pk
    MentorPreference.objects.create(program=program, mentee=rosa, mentor=marta, rank=1)
    preferences.preference_points = int(difference)  # less than the difference: no change
    preferences.save()
    run(coordinator_client, program)
    assert program.pairs.get(mentee=rosa).mentor_id == lucia.pk
    preferences.preference_points = 10  # more: the first choice wins
    preferences.save()
    run(coordinator_client, program)
    pair = program.pairs.get(mentee=rosa)
    assert pair.mentor_id == marta.pk
    assert pair.score == round(scores[marta.pk] + 10, 1)
