"""`make run`'s stack, as a newcomer gets it: SQLite, the broker in a folder, a real Celery
worker with beat. A due reminder of the demo goes out on its own and a requested report is
built in the background."""

import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.stack import PYTHON, ROOT, manage, stack_env, worker

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


@pytest.mark.parametrize(
    "how", ["ctrl-c", "sigterm"], ids=["Ctrl-C to the terminal", "SIGTERM to make run"]
)
def test_make_runs_processes_stop_within_ten_seconds(tmp_path, how):
    """`make run`'s web server and worker with beat (deploy/serve-local.sh) stop within
    10 s of a Ctrl-C (SIGINT to the whole process group) or of a SIGTERM to the script
    that make runs, leaving no process behind."""
    env = stack_env(tmp_path, PORT="8797", VENV=str(Path(PYTHON).parent.parent))
    manage(env, "migrate", "--noinput", "-v0")
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        ["deploy/serve-local.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a process group of its own, as a terminal gives
    )
    group = os.getpgid(process.pid)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            worker_ready = "ready." in (tmp_path / "run.log").read_text()
            try:
                web_ready = urlopen("http://127.0.0.1:8797/accounts/login/").status == 200
            except OSError:
                web_ready = False
            if worker_ready and web_ready:
                break
            time.sleep(0.5)
        assert worker_ready and web_ready, (tmp_path / "run.log").read_text()[-2000:]
        started = time.monotonic()
        if how == "ctrl-c":
            os.killpg(group, signal.SIGINT)
        else:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        while time.monotonic() - started < 10 and _group_alive(group):
            time.sleep(0.1)
        assert not _group_alive(group), "a process of make run is still running"
        assert time.monotonic() - started < 10
    finally:
        if _group_alive(group):
            os.killpg(group, signal.SIGKILL)


def _group_alive(group: int) -> bool:
    """Whether any process of this group runs (zombies waiting to be reaped aside)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False
