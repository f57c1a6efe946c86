"""The web never fails because the broker does. With Redis unreachable, every action that
enqueues a job answers a page and keeps its rows; once the broker is back, the sweepers
deliver everything, once, through a real worker on Redis."""

import datetime
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluation.building import reports_sweep
from evaluation.models import Report
from evaluation.tasks import report_build
from jobs.queue import broker_resume, enqueue
from mentoring.celery import app
from notifications.models import Notification
from notifications.tasks import sweep
from tests.conftest import _celery_connections_reset
from tests.factories import call_open, published_pair
from tests.matching.test_views_apply import application_data

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker(settings, tmp_path):
    """The broker as production has it (a worker elsewhere), switchable to unreachable."""
    settings.MEDIA_ROOT = tmp_path
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def use(url: str) -> None:
        app.conf.update(broker_url=url, task_always_eager=False)
        _celery_connections_reset(app)
        broker_resume()

    yield use
    app.conf.update(previous)
    _celery_connections_reset(app)
    broker_resume()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_every_action_answers_and_nothing_is_lost(
    client, program, coordinator, broker
):
    pairs = [published_pair(program), published_pair(program, "Hugo Mentor", "Pedro Mentee")]
    call = call_open(program)
    broker(UNREACHABLE)
    client.force_login(coordinator)
    started = time.monotonic()
    answers = [
        client.post(reverse("preparation:welcome_send", args=[program.pk])),
        client.post(
            reverse("evaluation:launch", args=[program.pk]),
            {"kind": "final", "closes_on": timezone.localdate() + datetime.timedelta(days=7)},
        ),
        client.post(reverse("evaluation:report_request", args=[program.pk])),
    ]
    client.logout()
    answers += [
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email}),
        client.post(reverse("matching:apply", args=[call.token]), application_data(program)),
    ]
    assert [answer.status_code for answer in answers] == [302] * 5
    # One failed attempt, then the request stops waiting for the broker.
    assert time.monotonic() - started < 20
    # 4 welcomes, 4 invitations, the password reset and the applicant's confirmation.
    assert Notification.objects.filter(status="pending").count() == 10
    report = Report.objects.get(program=program, pair=None)
    assert report.status == Report.Status.PENDING
    assert mail.outbox == []

    # The broker is back: the sweepers (beat's, run here with the clock moved on) enqueue
    # what waits, and a real worker on Redis sends and builds it.
    broker(os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15"))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        later = timezone.now() + datetime.timedelta(minutes=5)
        assert sweep(now=later) == 10
        for report_id in reports_sweep(now=later):
            enqueue(report_build, report_id)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report.refresh_from_db()
            sent = Notification.objects.filter(status="sent").count()
            if sent == 10 and report.status == Report.Status.READY:
                break
            time.sleep(0.3)
    assert Notification.objects.filter(status="sent").count() == 10
    assert report.status == Report.Status.READY, report.error
    addresses = sorted(message.to[0] for message in mail.outbox)
    assert len(addresses) == 10
    for user in [user for pair in pairs for user in (pair.mentor_user, pair.mentee_user)]:
        assert addresses.count(user.email) == 2  # the welcome and the invitation, once each
