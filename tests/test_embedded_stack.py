"""`make run`'s stack, as a newcomer gets it: SQLite, the broker in a folder, a real Celery
worker with beat. A due reminder of the demo goes out on its own and a requested report is
built in the background."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CELERY = str(Path(PYTHON).parent / "celery")


@pytest.fixture
def stack_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CELERY_BROKER_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        REMINDERS_EVERY_SECONDS="2",
        PORT="8799",
    )
    return env


def manage(env, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


REPORT = (
    "from evaluation import services; from programs.models import Program; "
    "p = Program.objects.get(name__startswith='Competencias'); "
    "r = services.report_request(program=p, actor=p.coordinators.first()); print(r.status)"
)
STATUS = (
    "from evaluation.models import Report; "
    "print(Report.objects.get(program__name__startswith='Competencias', pair=None).status)"
)


def test_a_worker_with_beat_on_the_folder_broker_sends_and_builds(stack_env, tmp_path):
    manage(stack_env, "migrate", "--noinput", "-v0")
    manage(stack_env, "seed_demo", "-v0")
    # Asked for before any worker runs: the message waits in the folder.
    assert manage(stack_env, "shell", "-c", REPORT) == "pending"
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [CELERY, "-A", "mentoring", "worker", "--beat", "--concurrency=1", "--loglevel=INFO"],
        cwd=ROOT,
        env=stack_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        status = ""
        output = ""
        while time.monotonic() < deadline:
            output = (tmp_path / "worker.log").read_text()
            status = manage(stack_env, "shell", "-c", STATUS)
            if status == "ready" and "Hace tiempo que" in output:
                break
            time.sleep(2)
        assert status == "ready", output[-3000:]
        # A reminder of the demo (a pair that has not met for weeks), on the console, with
        # a link that follows the port.
        assert "Hace tiempo que" in output, output[-3000:]
        assert "http://localhost:8799/pairs/" in output
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        log.close()
