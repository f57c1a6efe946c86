"""Time the import of the HR directory: a whole organisation read from CSV, checked,
previewed and applied, then the next night's file (1 % new, 2 % changed, 1 % leavers).

    python benchmarks/directory.py --rows 50000 --repeat 3

On a scratch PostgreSQL database (`--database sqlite` for SQLite; DATABASE_URL if set).
Each figure is the median of --repeat runs, one line per import:

    directory import=first rows=N read_s=… preview_s=… apply_s=… total_s=…

and, as its last line, directory rows=N seconds=T (T: the first import's median total).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import django_database, organisation  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()

    with django_database("mentoring_directory", args.database):
        from django.db import connection

        print(f"  database {connection.vendor}, {os.cpu_count()} cores, median of {args.repeat}")
        first = organisation(args.rows, args.seed)
        second = next_night(first, args.seed)
        depth = max(len(chain) for chain in chains_of(first).values()) + 1
        print(f"  organisation of {len(first)} people, {depth} levels deep")
        totals = {"first": [], "next": []}
        for _ in range(args.repeat):
            from directory.models import DirectoryImport, Person

            Person.objects.all().delete()
            DirectoryImport.objects.all().delete()
            for name, rows in (("first", first), ("next", second)):
                totals[name].append(import_file(rows))
        for name, runs in totals.items():
            read, preview, apply = (statistics.median(r[k] for r in runs) for k in range(3))
            total = statistics.median(sum(r) for r in runs)
            print(
                f"directory import={name} rows={args.rows} read_s={read:.2f} "
                f"preview_s={preview:.2f} apply_s={apply:.2f} total_s={total:.2f}"
            )
        seconds = statistics.median(sum(r) for r in totals["first"])
        print(f"directory rows={args.rows} seconds={seconds:.2f}")


def chains_of(rows):
    from directory.rows import chains

    return chains({row[0]: row[3] for row in rows})


def next_night(rows: list[list[str]], seed: int) -> list[list[str]]:
    """The next file: 1 % of the people (none with reports) leave, 2 % change title,
    1 % join under random managers."""
    import random

    rng = random.Random(seed + 1)
    managers = {row[3] for row in rows}
    leavers = {row[0] for row in rng.sample(rows, len(rows) // 100) if row[0] not in managers}
    changed = [list(row) for row in rows if row[0] not in leavers]
    for row in rng.sample(changed, len(changed) // 50):
        row[5] = row[5] + " (nuevo)"
    for n in range(len(rows) // 100):
        manager = rng.choice(changed)
        changed.append(
            [
                f"N{n:06d}",
                f"Nueva {n}",
                f"nueva{n}@example.com",
                manager[0],
                manager[4],
                "Puesto",
                "2",
                "2026-01-01",
                "Madrid",
                "es",
            ]
        )
    return changed


def import_file(rows: list[list[str]]) -> tuple[float, float, float]:
    """Read as the page reads an upload, preview, apply: seconds of each."""
    from directory import rows as directory_rows
    from directory import services
    from documents import tables

    content = tables.csv_write(directory_rows.COLUMNS, rows)
    started = time.perf_counter()
    table = tables.table_read("hr.csv", content, max_rows=directory_rows.MAX_ROWS + 1)
    read = time.perf_counter()
    preview, errors = services.directory_preview(file_name="hr.csv", table=table, actor=None)
    assert not errors, errors[:3]
    previewed = time.perf_counter()
    services.directory_apply(preview=preview)
    applied = time.perf_counter()
    return read - started, previewed - read, applied - previewed


if __name__ == "__main__":
    main()
