"""The benchmarks run and print their figures in the promised format (timing is not
asserted here: speed is measured by running them, see docs/benchmarks.md)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def benchmark(*arguments: str) -> list[str]:
    """Run one benchmark as a person would (its own scratch database): its output lines."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_matching_benchmark_prints_its_figures():
    lines = benchmark(
        "benchmarks/matching.py", "--mentors", "40", "--mentees", "30", "--skills", "6"
    )
    assert re.fullmatch(r"matching n=40 seconds=\d+\.\d+ lsa_seconds=\d+\.\d+", lines[-1])
    # The preferences mode, against the highest total in the same run.
    assert any(re.match(r"matching case=preferences objective=total ", line) for line in lines)
    assert any(re.match(r"matching preferences_ratio=\d+\.\d+ ", line) for line in lines)
    # The jobs' own peak memory, apart from building the data.
    assert any(
        re.match(r"matching peak_mb=\d+ \(resident, during the jobs", line) for line in lines
    )
    # The sparse solve against the dense assignment of the same matrix, and a tie-heavy one.
    for name in ("candidates", "ties"):
        assert any(
            re.match(rf"matching solver={name} n=40x30 .* sparse_dense_ratio=\d+\.\d+", line)
            for line in lines
        )


def test_report_benchmark_prints_its_figures():
    lines = benchmark("benchmarks/report.py", "--pairs", "5")
    assert re.fullmatch(
        r"report pairs=5 seconds=\d+\.\d+ pages=\d+ peak_mb=\d+ plain_seconds=\d+\.\d+ "
        r"ratio=\d+\.\d \(median of 3\)",
        lines[-1],
    )


def test_directory_benchmark_prints_its_figures():
    lines = benchmark("benchmarks/directory.py", "--rows", "300", "--repeat", "1")
    assert re.fullmatch(r"directory rows=300 seconds=\d+\.\d+", lines[-1]), lines[-1]
    assert any(line.startswith("directory import=next rows=300 ") for line in lines)


def test_matching_benchmark_takes_the_reporting_lines_from_a_directory():
    lines = benchmark(
        "benchmarks/matching.py",
        *("--mentors", "30", "--mentees", "30", "--skills", "4", "--repeat", "1"),
        *("--directory", "600", "--cases", "first:total:1"),
    )
    found = "\n".join(lines)
    assert re.search(
        r"directory: \d+ reporting-line rows among the candidates, [1-9]\d* pairs", found
    )
    assert re.fullmatch(r"matching n=30 seconds=\d+\.\d+ lsa_seconds=\d+\.\d+", lines[-1])


def test_pages_benchmark_serves_each_page_under_load_and_prints_its_figures():
    lines = benchmark("benchmarks/pages.py", *("--pairs", "6", "--requests", "20", "--rounds", "1"))
    pages = [line for line in lines if line.startswith("page ")]
    assert [line.split()[1] for line in pages] == [
        "dashboard",
        "candidates",
        "matching",
        "pairs_overview",
        "results",
    ]
    for line in pages:
        assert re.fullmatch(
            r"page \w+ pairs=6 p50_ms=\d+ p95_ms=\d+ rps=\d+\.\d queries=\d+ "
            r"bare_p50_ms=\d+\.\d ratio_p50=\d+\.\d ratio_p95=\d+\.\d kept_ms=\d+\.\d "
            r"drawn_ms=\d+ changed_ms=\d+\.\d changed_ratio=\d+\.\d redraw_ms=\d+",
            line,
        ), line
