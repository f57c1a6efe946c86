"""What a page computed from a program's data is kept until that data changes."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from matching.models import Candidate, Pair, SkillRating
from programs import freshness
from programs.models import Program
from sessions.models import Meeting, Pulse
from tests.factories import CandidateFactory, ProgramFactory, published_pair


def test_every_row_of_a_program_is_found_through_its_foreign_keys():
    paths = {model: freshness._path_to_program(model) for model in apps.get_models()}
    assert paths[Program] == ()
    assert paths[Pair] == ("program",)
    assert paths[SkillRating] == ("candidate", "program")
    assert paths[Pulse] == ("meeting", "pair", "program")
    assert paths[User] is None
    # Every model of the product's phases belongs to a program, but a person's own
    # calendar settings, which no program's figures show.
    phases = {"programs", "matching", "preparation", "meetings", "evaluation"}
    assert [
        model._meta.label
        for model, path in paths.items()
        if model._meta.app_label in phases and path is None
    ] == ["meetings.CalendarLink"]


def test_a_row_saved_or_deleted_moves_its_program_on_and_no_other(program, pair):
    other = ProgramFactory()
    before = freshness.versions([program.pk, other.pk])
    meeting = Meeting.objects.create(pair=pair, starts_at=timezone.now(), status="held")
    after_meeting = freshness.versions([program.pk, other.pk])
    assert after_meeting[program.pk] != before[program.pk]
    assert after_meeting[other.pk] == before[other.pk]
    Pulse.objects.create(meeting=meeting, user=pair.mentee_user, rating=4)  # two levels down
    after_pulse = freshness.versions([program.pk])
    assert after_pulse[program.pk] != after_meeting[program.pk]
    meeting.delete()  # and its pulse with it
    assert freshness.versions([program.pk])[program.pk] != after_pulse[program.pk]
    assert freshness.versions([other.pk])[other.pk] == before[other.pk]


@pytest.mark.django_db(transaction=True)
def test_a_change_moves_the_version_on_again_once_its_transaction_commits():
    program = ProgramFactory()
    with transaction.atomic():
        CandidateFactory(program=program)
        during = freshness.versions([program.pk])[program.pk]
        CandidateFactory(program=program)
        assert freshness.versions([program.pk])[program.pk] != during
        during = freshness.versions([program.pk])[program.pk]
    # A request that read the old rows while this transaction ran kept them under `during`.
    assert freshness.versions([program.pk])[program.pk] != during


@pytest.mark.django_db(transaction=True)
def test_after_a_rolled_back_change_the_next_transaction_still_moves_on_at_commit():
    program, other = ProgramFactory(), ProgramFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        freshness.touch(program.pk)
        raise RuntimeError
    with transaction.atomic():
        freshness.touch(other.pk)
        during = freshness.versions([other.pk])[other.pk]
    assert freshness.versions([other.pk])[other.pk] != during


def test_a_value_is_computed_once_per_version_and_per_variant(program):
    calls = []

    def compute(programs):
        calls.append([p.pk for p in programs])
        return {p.pk: len(calls) for p in programs}

    assert freshness.kept("figures", [program], compute) == {program.pk: 1}
    assert freshness.kept("figures", [program], compute) == {program.pk: 1}
    assert freshness.kept("figures", [program], compute, vary=["en"]) == {program.pk: 2}
    freshness.touch(program.pk)
    other = ProgramFactory()
    assert freshness.kept("figures", [program, other], compute) == {program.pk: 3, other.pk: 3}
    assert calls == [[program.pk], [program.pk], [program.pk, other.pk]]


def test_the_dashboard_follows_a_change_of_many_candidates_at_once(coordinator_client, program):
    candidates = [CandidateFactory(program=program) for _ in range(3)]
    dashboard = reverse("program_dashboard", args=[program.pk])

    def accepted():
        phase = coordinator_client.get(dashboard).context["phases"]()[1].status
        return dict(phase.counts)["Aceptados"]

    assert accepted() == 0
    coordinator_client.post(
        reverse("matching:bulk_status", args=[program.pk]),
        {"candidates": [c.pk for c in candidates], "status": Candidate.Status.ACCEPTED},
    )
    assert accepted() == 3


def test_the_dashboard_and_the_table_of_pairs_agree_after_a_meeting(coordinator_client, program):
    pair = published_pair(program)
    Pair.objects.filter(pk=pair.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=60)
    )
    freshness.touch(program.pk)  # update() sends no signal
    dashboard = reverse("program_dashboard", args=[program.pk])
    overview = reverse("sessions:pairs_overview", args=[program.pk])

    def health():
        counts = dict(coordinator_client.get(dashboard).context["phases"]()[3].status.counts)
        (row,) = coordinator_client.get(overview).context["rows"]()
        return counts["Parejas inactivas"], counts["Parejas en riesgo"], row.health

    assert health() == (1, 0, "inactive")
    Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - datetime.timedelta(days=1), status="held"
    )
    assert health() == (0, 1, "at_risk")  # it still has no agreement signed by both


def test_with_the_cache_unreachable_the_pages_compute_their_figures(
    coordinator_client, program, settings
):
    """Production's cache is Redis: when it is down, a page is a miss, not an error."""
    pair = published_pair(program)
    Meeting.objects.create(pair=pair, starts_at=timezone.now(), status="held")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    for name in ("program_dashboard", "matching:pairs", "sessions:pairs_overview"):
        response = coordinator_client.get(reverse(name, args=[program.pk]))
        assert response.status_code == 200, name
    (row,) = coordinator_client.get(reverse("sessions:pairs_overview", args=[program.pk])).context[
        "rows"
    ]()
    assert row.held_count == 1


def test_the_production_cache_is_redis_that_misses_when_unreachable():
    from tests.test_settings import setting

    env = {"REDIS_URL": "redis://cache.internal:6379/0"}
    assert setting("CACHES['default']['BACKEND']", **env) == "django_redis.cache.RedisCache"
    assert setting("CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS']", **env) == "True"
    assert "FileBasedCache" in setting("CACHES['default']['BACKEND']")  # the embedded default
