"""A matching proposal is a background job: the request only asks for it; a worker claims
it, computes it in one transaction and records what it found; the page shows how far it
got, refreshes itself, and never runs the same proposal twice at once."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from jobs import leases
from matching.models import MatchingRun, Pair
from matching.pairing import runs
from matching.pairing import services as services_pairs
from matching.tasks import matching_run, matching_runs_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(people):
    """Two mentors and three mentees (tests/matching/conftest.py): two pairs."""
    return people


def run_url(program):
    return reverse("matching:run", args=[program.pk])


def test_the_request_only_asks_and_the_worker_computes(
    coordinator_client, program, candidates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coordinator_client.post(run_url(program))
    assert response.status_code == 302
    run = MatchingRun.objects.get(program=program)
    assert (run.status, run.stage) == ("pending", "queued")
    assert not Pair.objects.exists()  # nothing solved inside the request
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk])).content.decode()
    assert "Se está calculando la propuesta: esperando a un proceso de trabajo" in page
    assert 'http-equiv="refresh"' in page
    jobs = [callback for callback in callbacks if callback.__module__ != "programs.freshness"]
    assert len(jobs) == 1

    jobs[0]()  # the worker's turn (eager here)
    run.refresh_from_db()
    assert (run.status, run.stage, run.result["new"], run.attempts) == ("ready", "done", 2, 1)
    assert set(run.result["seconds"]) == {"load", "score", "assign", "explain"}
    assert Pair.objects.filter(program=program).count() == 2
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page


def test_done_at_once_the_page_says_what_it_found(
    coordinator_client, program, candidates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(run_url(program))
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert "Propuesta lista: 2 parejas (nuevas: 2)" in page.content.decode()


def test_a_second_request_while_it_runs_starts_nothing(
    coordinator_client, program, candidates, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = runs.pairs_run_request(program=program, actor=coordinator)
    assert leases.job_claim(MatchingRun, first.pk)  # a worker has it
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = runs.pairs_run_request(program=program, actor=coordinator)
    assert again.pk == first.pk and callbacks == []
    # A second delivery of the message computes nothing either: the run is claimed.
    assert services_pairs.matching_run_execute(first.pk) is False
    assert not Pair.objects.exists()


def test_a_failure_is_recorded_and_shown_and_the_old_list_stays(
    coordinator_client, program, candidates, coordinator, monkeypatch
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        coordinator_client.post(run_url(program))
    before = set(Pair.objects.values_list("pk", flat=True))
    assert len(before) == 2

    def broken(**kwargs):
        raise ValueError("the solver gave up")

    monkeypatch.setattr(services_pairs, "pairs_propose", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        coordinator_client.post(run_url(program))
    response = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    run = MatchingRun.objects.get(program=program)
    assert run.status == "failed" and "the solver gave up" in run.error
    page = response.content.decode()
    assert "No se ha podido calcular la última propuesta: ValueError: the solver gave up" in page
    assert set(Pair.objects.values_list("pk", flat=True)) == before


def test_the_sweeper_takes_back_a_run_whose_worker_died(program, candidates, coordinator):
    run = MatchingRun.objects.create(
        program=program,
        status=MatchingRun.Status.RUNNING,
        stage=MatchingRun.Stage.SOLVING,
        requested_by=coordinator,
        requested_at=timezone.now(),
        started_at=timezone.now(),
        claimed_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert matching_runs_sweep() == 1  # enqueued again, and computed (eager)
    run.refresh_from_db()
    assert run.status == "ready" and run.attempts == 2
    assert Pair.objects.filter(program=program).count() == 2


def test_running_the_task_twice_computes_once(program, candidates, coordinator):
    run = runs.pairs_run_request(program=program, actor=coordinator)
    matching_run(run.pk)
    pairs = set(Pair.objects.values_list("pk", flat=True))
    matching_run(run.pk)
    assert set(Pair.objects.values_list("pk", flat=True)) == pairs


def test_a_get_runs_nothing(coordinator_client, program, candidates):
    assert coordinator_client.get(run_url(program)).status_code == 405
    assert not MatchingRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_computes_the_proposal(
    celery_worker_on_redis, program, people, coordinator
):
    import time

    run = runs.pairs_run_request(program=program, actor=coordinator)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_busy:
            break
        time.sleep(0.2)
    assert (run.status, run.result["new"]) == ("ready", 2), run.error
    assert Pair.objects.filter(program=program).count() == 2
