"""`make run`'s stack, as a newcomer gets it: SQLite, the broker in a folder, a real Celery
worker with beat. A due reminder of the demo goes out on its own and a requested report is
built in the background."""

import signal
import time

from tests.stack import manage, stack_env, worker

REPORT = (
    "from evaluation import services; from programs.models import Program; "
    "p = Program.objects.get(name__startswith='Competencias'); "
    "r = services.report_request(program=p, actor=p.coordinators.first()); print(r.status)"
)
# The version under which pages keep the program's figures (programs.freshness).
VERSION = (
    "from programs.freshness import versions; from programs.models import Program; "
    "p = Program.objects.get(name__startswith='Competencias'); print(versions([p.pk])[p.pk])"
)
STATUS = (
    "from evaluation.models import Report; "
    "print(Report.objects.get(program__name__startswith='Competencias', pair=None).status)"
)


def test_a_worker_with_beat_on_the_folder_broker_sends_and_builds(tmp_path):
    env = stack_env(tmp_path, REMINDERS_EVERY_SECONDS="2")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "-v0")
    # Asked for before any worker runs: the message waits in the folder.
    assert manage(env, "shell", "-c", REPORT) == "pending"
    before = manage(env, "shell", "-c", VERSION)
    assert manage(env, "shell", "-c", VERSION) == before  # the cache is shared: a folder
    process = worker(env, tmp_path / "worker.log", "--beat", "--concurrency=1")
    try:
        deadline = time.monotonic() + 90
        status = ""
        output = ""
        while time.monotonic() < deadline:
            output = (tmp_path / "worker.log").read_text()
            status = manage(env, "shell", "-c", STATUS)
            if status == "ready" and "Hace tiempo que" in output:
                break
            time.sleep(2)
        assert status == "ready", output[-3000:]
        # The worker's writes reached the cache the web process reads: what a page kept
        # from before the report was built is out of date.
        assert manage(env, "shell", "-c", VERSION) != before
        # A reminder of the demo (a pair that has not met for weeks), on the console, with
        # a link that follows the port.
        assert "Hace tiempo que" in output, output[-3000:]
        assert "http://localhost:8799/pairs/" in output
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
