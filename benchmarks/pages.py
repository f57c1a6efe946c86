"""Time the coordinator's busiest pages under concurrent load, served as in production.

    python benchmarks/pages.py --pairs 200

Builds a program with P published pairs and full data (as benchmarks/report.py does, plus
P/2 candidates still applying) in a scratch PostgreSQL database (or DATABASE_URL), starts
gunicorn with two sync workers and DEBUG off against it, logs in as the coordinator, and
requests each page from C concurrent connections (keep-alive), after a warm-up. It does
this R rounds and prints, per page, the medians of the rounds as one line:

    page NAME pairs=P p50_ms=… p95_ms=… rps=… queries=… bare_p50_ms=… ratio_p50=…
        ratio_p95=… kept_ms=… drawn_ms=… changed_ms=… changed_ratio=… redraw_ms=…

where the ratios are to a bare page of the same stack (every middleware, the session, one
query: benchmarks/bench_urls.py), measured in the same run, in turn with each round of the
page, so that a busy machine slows both.

The server keeps a program's pages in Redis (CACHE_URL, by default database 14 of the
Redis on 127.0.0.1) until the program's data changes, as in production; under load nothing
changes, so the pages are kept. In this process, one request at a time with Django's test
client (medians of 5): `kept_ms` is a kept page, `drawn_ms` the first request after a
change that its reader draws, `changed_ms` the first request after a change once the job
that draws the kept pages again has run (programs.redraw; here eagerly, timed as
`redraw_ms`: every kept page of the program, in each language), `changed_ratio` that
against a kept page; `queries` are those of a kept request.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scratch import ANSWERS, postgres_database  # noqa: E402

# The baseline: the same stack, one query (benchmarks/bench_urls.py).
BARE = "/benchmark/bare/"
PAGES = {
    "dashboard": "/programs/{program}/",
    "candidates": "/programs/{program}/candidates/",
    "matching": "/programs/{program}/pairs/",
    "pairs_overview": "/programs/{program}/meetings/",
    "results": "/programs/{program}/evaluation/results/",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(port: int, path: str, cookie: str, requests: int, connections: int) -> list[float]:
    """Latencies (s) of `requests` GETs spread over `connections` keep-alive connections."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_connection = [requests // connections] * connections
    for extra in range(requests % connections):
        per_connection[extra] += 1
    failures = []

    def client(count: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                failures.append(response.status)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in per_connection]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{path} answered {sorted(set(failures))}")
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--requests", type=int, default=100, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()

    drop = None
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"], drop = postgres_database("mentoring_pages")
    # The project's settings and pages, plus the bare page of the baseline (bench_urls).
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="benchmark-only-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_HTTPS="false",
        CELERY_TASK_ALWAYS_EAGER="true",
        KEPT_PAGES_REDRAW="false",  # not while building; measured below, eagerly
    )
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/14")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from report import build

    from matching.models import Candidate
    from programs.freshness import touch

    server = None
    try:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        cache.clear()  # a scratch database's ids are another run's: so are the cache's keys
        started = time.perf_counter()
        program = build(args.pairs, seed=1)
        Candidate.objects.bulk_create(
            Candidate(
                program=program,
                full_name=f"Candidata {n}",
                email=f"candidata{n}@example.com",
                desired_role=Candidate.Role.MENTEE,
                current_role="Técnica",
                **ANSWERS,
                department="Comercial",
                years_in_organisation=20,
                level=4,
            )
            for n in range(args.pairs // 2)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum does after such a load
        coordinator = program.coordinators.first()
        print(f"  build    {time.perf_counter() - started:.1f} s ({args.pairs} pairs)")

        client = Client()
        client.force_login(coordinator)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        queries, after = {}, {}

        def timed(path: str) -> float:
            began = time.perf_counter()
            assert client.get(path).status_code == 200, path
            return (time.perf_counter() - began) * 1000

        for name in args.pages.split(","):
            path = PAGES[name].format(program=program.pk)
            client.get(path)  # warm caches the same way the server will
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (name, response.status_code)
            queries[name] = len(captured)
            kept, drawn, changed, redraw = [], [], [], []
            for _ in range(5):
                kept.append(timed(path))
                with override_settings(KEPT_PAGES_REDRAW=False):
                    touch(program.pk)  # a change, and its reader draws the page
                drawn.append(timed(path))
                began = time.perf_counter()
                with override_settings(KEPT_PAGES_REDRAW=True):
                    touch(program.pk)  # a change, whose job draws the kept pages (eagerly)
                redraw.append((time.perf_counter() - began) * 1000)
                changed.append(timed(path))
            after[name] = [statistics.median(values) for values in (kept, drawn, changed, redraw)]

        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "mentoring.wsgi:application",
                f"--pythonpath={ROOT / 'benchmarks'}",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        machine = f"{os.cpu_count()} cores, {os.uname().sysname} {os.uname().machine}"
        print(f"  gunicorn 2 sync workers, {args.connections} connections, {machine}")
        print(f"  load     {os.getloadavg()[0]:.2f} (1-minute average, before the load)")

        def measured(path: str) -> tuple[float, float, float]:
            began = time.perf_counter()
            latencies = load(port, path, cookie, args.requests, args.connections)
            wall = time.perf_counter() - began
            return (
                percentile(latencies, 0.5) * 1000,
                percentile(latencies, 0.95) * 1000,
                len(latencies) / wall,
            )

        load(port, BARE, cookie, args.connections * 2, args.connections)  # warm-up
        for name in args.pages.split(","):
            path = PAGES[name].format(program=program.pk)
            load(port, path, cookie, args.connections * 2, args.connections)  # warm-up
            rounds, bare = [], []
            for _ in range(args.rounds):  # the bare page and this one, in turn
                bare.append(measured(BARE))
                rounds.append(measured(path))
            p50, p95, rps = (statistics.median(values) for values in zip(*rounds, strict=True))
            bare50, bare95, _rps = (statistics.median(v) for v in zip(*bare, strict=True))
            kept, drawn, changed, redraw = after[name]
            print(
                f"page {name} pairs={args.pairs} p50_ms={p50:.0f} p95_ms={p95:.0f} "
                f"rps={rps:.1f} queries={queries[name]} bare_p50_ms={bare50:.1f} "
                f"ratio_p50={p50 / bare50:.1f} ratio_p95={p95 / bare95:.1f} "
                f"kept_ms={kept:.1f} drawn_ms={drawn:.0f} changed_ms={changed:.1f} "
                f"changed_ratio={changed / kept:.1f} redraw_ms={redraw:.0f}"
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connection.close()
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
