"""The benchmarks run and print their figures in the promised format (timing is not
asserted here: speed is measured by running them, see README)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_matching_benchmark_prints_its_figures():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    result = subprocess.run(
        [
            sys.executable,
            "benchmarks/matching.py",
            "--mentors",
            "40",
            "--mentees",
            "30",
            "--skills",
            "6",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"matching n=40 seconds=\d+\.\d+ lsa_seconds=\d+\.\d+", last), last


def test_report_benchmark_prints_its_figures():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    result = subprocess.run(
        [sys.executable, "benchmarks/report.py", "--pairs", "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"report pairs=5 seconds=\d+\.\d+ pages=\d+ peak_mb=\d+", last), last


def test_directory_benchmark_prints_its_figures():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    result = subprocess.run(
        [sys.executable, "benchmarks/directory.py", "--rows", "300", "--repeat", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert re.fullmatch(r"directory rows=300 seconds=\d+\.\d+", lines[-1]), lines[-1]
    assert any(line.startswith("directory import=next rows=300 ") for line in lines)


def test_matching_benchmark_takes_the_reporting_lines_from_a_directory():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    result = subprocess.run(
        [
            sys.executable,
            "benchmarks/matching.py",
            *("--mentors", "30", "--mentees", "30", "--skills", "4", "--repeat", "1"),
            *("--directory", "600", "--cases", "first:total:1"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"directory: \d+ reporting-line rows among the candidates, [1-9]\d* pairs", result.stdout
    )
    assert re.fullmatch(
        r"matching n=30 seconds=\d+\.\d+ lsa_seconds=\d+\.\d+",
        result.stdout.strip().splitlines()[-1],
    )
