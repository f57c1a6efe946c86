"""A report survives the death of the worker building it: a real worker on Redis is killed
(SIGKILL) in the middle of a report; once another runs, the report is ready within the
lease. And a report whose database connection drops records why, on a new connection,
leaving no file behind."""

import os
import signal
import sqlite3
import time

import pytest
import redis

from tests.stack import manage, stack_env, worker

REQUEST = (
    "from evaluation import services; from programs.models import Program; "
    "p = Program.objects.get(name__startswith='Competencias'); "
    "print(services.report_request(program=p, actor=p.coordinators.first()).pk)"
)


def status(database, report_id: int) -> tuple[str, int, str]:
    with sqlite3.connect(database, timeout=20) as connection:
        return connection.execute(
            "SELECT status, attempts, error FROM evaluation_report WHERE id = ?", (report_id,)
        ).fetchone()


def test_a_report_whose_worker_is_killed_is_built_again(tmp_path):
    broker = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(broker).flushdb()
    env = stack_env(
        tmp_path, CELERY_BROKER_URL=broker, JOB_LEASE_SECONDS="4", SWEEP_EVERY_SECONDS="1"
    )
    database = tmp_path / "db.sqlite3"
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "-v0")
    report_id = int(manage(env, "shell", "-c", REQUEST))

    # The task runs in the worker's own process (solo pool): SIGKILL stops it mid-report.
    doomed = worker(env, tmp_path / "doomed.log", "--pool=solo")
    try:
        deadline = time.monotonic() + 60
        while status(database, report_id)[0] != "running" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert status(database, report_id)[0] == "running"
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    assert status(database, report_id)[0] == "running"  # nobody will finish it

    # Another worker, with beat's sweeper: the dead worker's claim expires and the report
    # is built again.
    survivor = worker(env, tmp_path / "survivor.log", "--beat", "--concurrency=1")
    try:
        deadline = time.monotonic() + 60
        while status(database, report_id)[0] != "ready" and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=30)
    final, attempts, error = status(database, report_id)
    assert final == "ready", (tmp_path / "survivor.log").read_text()[-3000:]
    assert attempts == 2 and error == ""  # the interrupted attempt, then the one that built it


@pytest.mark.django_db
def test_a_report_that_keeps_being_interrupted_fails_and_can_be_asked_again(
    program, coordinator, evaluation
):
    import datetime

    from django.utils import timezone

    from evaluation import building, services
    from evaluation.models import Report

    report = services.report_request(program=program, actor=coordinator)
    for _attempt in range(building.REPORT_ATTEMPTS):
        assert building.report_claim(report.pk)
        Report.objects.filter(pk=report.pk).update(
            claimed_until=timezone.now() - datetime.timedelta(seconds=1)
        )
        building.reports_sweep()
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and report.error.startswith("Interrumpido")
    again = services.report_request(program=program, actor=coordinator)
    assert again.pk == report.pk and again.status == Report.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_recorded_on_a_new_one_without_leaving_a_file(
    program, coordinator, evaluation, monkeypatch, settings, tmp_path
):
    from django.db import OperationalError, connection

    from evaluation import building, tasks
    from evaluation.models import Report

    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.create(
        program=program, status=Report.Status.PENDING, requested_at=timezone_now()
    )

    def save_then_lose_the_connection(self, *args, **kwargs):
        connection.close()  # the server went away while the row was being saved
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Report, "save", save_then_lose_the_connection)
    tasks.report_build(report.pk)
    monkeypatch.undo()
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING  # a failure that may pass: tried again
    assert "server closed the connection" in report.error and report.attempts == 1
    assert list(tmp_path.rglob("*.pdf")) == []  # the attempt's file was removed
    assert building.REPORT_ATTEMPTS > 1


def timezone_now():
    from django.utils import timezone

    return timezone.now()
