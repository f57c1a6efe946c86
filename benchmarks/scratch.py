"""What the benchmarks share: a scratch PostgreSQL database, and the questionnaire's free
answers of a generated candidate."""

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator

# The guide's questionnaire answered in the fewest words, for candidates made by the dozen.
ANSWERS = {
    "strengths": "-",
    "areas_to_deepen": "-",
    "first_expectation": "-",
    "self_description": "-",
    "current_challenges": "-",
    "mentoring_meaning": "-",
}


def postgres_database(prefix: str) -> tuple[str, Callable[[], None]]:
    """A PostgreSQL database of its own (BENCHMARK_ADMIN_URL says where to create it), its
    URL, and how to drop it."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = os.environ.get("BENCHMARK_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{admin.rsplit('/', 1)[0]}/{name}", drop


@contextlib.contextmanager
def django_database(prefix: str, database: str = "postgres") -> Iterator[None]:
    """Django set up on a scratch database made for this run and migrated (DATABASE_URL
    if set, as it is), dropped afterwards."""
    scratch = tempfile.TemporaryDirectory()
    drop = None
    if "DATABASE_URL" not in os.environ:
        if database == "postgres":
            os.environ["DATABASE_URL"], drop = postgres_database(prefix)
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/benchmark.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        connection.close()
        scratch.cleanup()
        if drop is not None:
            drop()


def organisation(people: int, seed: int = 1) -> list[list[str]]:
    """An organisation of this many people as the HR file lists them (directory.rows
    columns): one head, then levels each about people ** (1/7) times larger than the one
    above, 8 levels deep for 50,000 people (6 to 10 for realistic sizes). Departments
    follow the branch under the head; grades fall and hire dates get later going down."""
    import datetime
    import random

    rng = random.Random(seed)
    branching = max(people ** (1 / 7), 1.5)
    levels, total, size = [], 0, 1.0
    while total < people:
        count = min(max(int(round(size)), 1), people - total)
        levels.append(count)
        total += count
        size *= branching
    rows, above, number = [], [], 0
    departments = [f"Departamento {d}" for d in range(12)]
    for depth, count in enumerate(levels):
        current = []
        for _ in range(count):
            number += 1
            employee_id = f"E{number:06d}"
            manager = rng.choice(above) if above else None
            department = (
                manager[1] if manager and depth > 1 else departments[number % len(departments)]
            )
            hired = datetime.date(1990, 1, 1) + datetime.timedelta(
                days=int(depth * 1200 + rng.random() * 4000)
            )
            rows.append(
                [
                    employee_id,
                    f"Persona {number}",
                    f"persona{number}@example.com",
                    manager[0] if manager else "",
                    department,
                    f"Puesto {depth}",
                    str(max(12 - depth - rng.randint(0, 1), 1)),
                    min(hired, datetime.date(2025, 12, 31)).isoformat(),
                    ["Madrid", "Zaragoza", "Sevilla"][number % 3],
                    "es" if number % 3 else "es,en",
                ]
            )
            current.append((employee_id, department))
        above = current
    return rows
