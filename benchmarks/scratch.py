"""What the benchmarks share: a scratch PostgreSQL database, and the questionnaire's free
answers of a generated candidate."""

import os
import uuid
from collections.abc import Callable

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
