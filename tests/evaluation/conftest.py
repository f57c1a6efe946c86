import datetime
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from evaluation import services
from evaluation.models import Evaluation


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Reports are written to a throwaway media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def evaluation(program, coordinator, pair, other_pair, django_capture_on_commit_callbacks):
    """The final evaluation, launched: its invitations are sent."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.evaluation_launch(
            program=program,
            kind=Evaluation.Kind.FINAL,
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
            actor=coordinator,
        )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is enqueued on commit (the tasks, eager here) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def pdf_text(content: bytes) -> str:
    """The text of a PDF, read with pdftotext as a person would copy it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (make test does)")
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    # One space between words, none around a slash ("1 / 4" may come out as "1/4").
    text = re.sub(r"\s+", " ", result.stdout.decode())
    return re.sub(r" ?/ ?", "/", text)


def answers(**changes):
    values = {
        "relationship": "5",
        "meetings": "4",
        "organisation": "3",
        "recommend": "5",
        "objective_progress": "4",
        "outcomes": "Uso las hojas compartidas",
        "needs": "Power BI",
        "comments": "Muy útil",
    }
    values.update(changes)
    return values
