"""The API checked by schemathesis, an independent client, against the live schema: every
operation, with generated and malformed input, answers no 500, with the status codes,
content types, headers and bodies its schema describes; without a token it answers 401."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from accounts.api_tokens import api_token_create
from evaluation.models import Evaluation
from evaluation.services import evaluation_launch
from sessions.models import Meeting
from tests.factories import CandidateFactory, ProgramFactory

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "ignored_auth",
    "unsupported_method",
]


def schemathesis(tmp_path, url, token, *options, parameters=None):
    config = tmp_path / "schemathesis.toml"
    lines = [f'headers = {{ Authorization = "Bearer {token}" }}', "seed = 2026"]
    if parameters:
        fixed = ", ".join(f"{name} = {value}" for name, value in parameters.items())
        lines.append(f"parameters = {{ {fixed} }}")
    config.write_text("\n".join(lines) + "\n")
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            f"{url}/api/v1/schema/",
            "--checks",
            ",".join(CHECKS),
            # One at a time: the embedded SQLite of a local run locks under parallel writes.
            "--workers",
            "1",
            "--max-examples",
            "25",
            "--request-timeout",
            "30",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_its_schema_says(
    live_server, program, coordinator, pair, other_pair, tmp_path, monkeypatch, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "100000/hour", "anon": "100000/hour"}
    )
    CandidateFactory(program=program, full_name="Ana Pérez")
    Meeting.objects.create(pair=pair, starts_at=timezone.now(), status="held")
    evaluation_launch(
        program=program,
        kind=Evaluation.Kind.FINAL,
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
        actor=coordinator,
    )
    ProgramFactory()  # another coordinator's, never listed
    _token, secret = api_token_create(user=coordinator, name="schemathesis", days=1)

    # Every phase, the ids as generated (and as found by following the schema's links).
    run = schemathesis(tmp_path, live_server.url, secret)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert "7 selected / 7 total" in run.stdout
    # Generated queries and bodies against the program that has data.
    run = schemathesis(
        tmp_path,
        live_server.url,
        secret,
        "--phases",
        "fuzzing",
        parameters={"program_id": program.pk},
    )
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert "7 passed" in run.stdout, run.stdout[-3000:]
