"""The project's settings with one more page, the benchmarks' baseline (bench_urls)."""

from mentoring.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
