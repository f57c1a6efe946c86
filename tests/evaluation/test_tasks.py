import datetime
import time

import pytest
from django.utils import timezone

from evaluation import services
from evaluation.models import Evaluation, Report
from evaluation.tasks import report_build
from tests.evaluation.conftest import pdf_text
from tests.factories import published_pair


@pytest.mark.django_db
def test_building_twice_builds_once(
    evaluation, program, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(program=program, actor=coordinator)
    report.refresh_from_db()
    name = report.file.name
    report_build(report.pk)  # a second delivery of the same message
    report.refresh_from_db()
    assert report.file.name == name
    assert report.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_builds_the_report(celery_worker_on_redis, program, coordinator):
    pair = published_pair(program)
    services.evaluation_launch(
        program=program,
        kind=Evaluation.Kind.FINAL,
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        actor=coordinator,
    )
    report = services.report_request(program=program, actor=coordinator)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if not report.is_busy:
            break
        time.sleep(0.3)
    assert report.status == Report.Status.READY, report.error
    text = pdf_text(report.file.read())
    assert pair.mentee.full_name in text
    assert "0/2" in text  # nobody has answered yet
