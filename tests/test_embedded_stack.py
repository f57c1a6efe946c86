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
        # A reminder of the demo (a pair that has not met for weeks), on the console, with
        # a link that follows the port.
        assert "Hace tiempo que" in output, output[-3000:]
        assert "http://localhost:8799/pairs/" in output
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
