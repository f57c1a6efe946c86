import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from preparation.models import GoalPhase
from sessions import reminders
from sessions.models import Meeting, Task
from sessions.tasks import reminders_scan


def run_scan(capture):
    with capture(execute=True):
        return reminders.reminders_create()


@pytest.mark.django_db
def test_each_reminder_is_sent_once(pair, django_capture_on_commit_callbacks):
    now = timezone.now()
    Meeting.objects.create(pair=pair, starts_at=now + datetime.timedelta(days=1))
    Meeting.objects.create(pair=pair, starts_at=now - datetime.timedelta(days=3))
    Task.objects.create(
        pair=pair, title="Leer la guía", due_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    Task.objects.create(
        pair=pair, title="Practicar", due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    goal = pair.goals.create(
        owner="mentee", date=timezone.localdate(), text="Excel", selected=True, priority=1
    )
    GoalPhase.objects.create(
        goal=goal,
        number=1,
        description="Paso",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )

    run_scan(django_capture_on_commit_callbacks)
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == sorted(
        ["sessions.meeting_tomorrow"] * 2
        + ["sessions.meeting_not_logged"] * 2
        + ["sessions.task_due", "sessions.task_overdue"]
        + ["sessions.phase_overdue"] * 2
    )
    sent = len(mail.outbox)
    assert sent == 8
    assert run_scan(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_an_inactive_pair_is_reminded_once_a_week(pair, django_capture_on_commit_callbacks):
    pair.published_at = timezone.now() - datetime.timedelta(days=40)
    pair.save()
    run_scan(django_capture_on_commit_callbacks)
    run_scan(django_capture_on_commit_callbacks)
    assert (
        Notification.objects.filter(kind="sessions.pair_inactive").count() == 2
    )  # mentor and mentee
    assert "Hace tiempo" in mail.outbox[0].subject


@pytest.mark.django_db
def test_reminders_respect_the_opt_out_and_the_language(pair, django_capture_on_commit_callbacks):
    pair.mentor_user.receives_reminders = False
    pair.mentor_user.save()
    pair.mentee_user.language = "en"
    pair.mentee_user.save()
    Meeting.objects.create(pair=pair, starts_at=timezone.now() + datetime.timedelta(days=1))
    run_scan(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[pair.mentee_user.email]]
    assert mail.outbox[0].subject.startswith("Tomorrow at")


def test_the_beat_schedule_runs_the_scan(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["reminders"]
    assert schedule["task"] == "sessions.tasks.reminders_scan"
    assert schedule["schedule"] <= 900


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_a_reminder(celery_worker_on_redis, program):
    from tests.factories import published_pair

    pair = published_pair(program)
    Meeting.objects.create(pair=pair, starts_at=timezone.now() + datetime.timedelta(days=1))
    reminders_scan.delay()
    # The worker sends, then records the email as sent: wait for both, not just the mail.
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    deadline = time.monotonic() + 20
    while (len(mail.outbox) < 2 or sent.count() < 2) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )
    assert all("Mañana a las" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 2


@pytest.mark.django_db
def test_archived_programs_and_old_things_are_left_alone(pair, django_capture_on_commit_callbacks):
    Meeting.objects.create(pair=pair, starts_at=timezone.now() - datetime.timedelta(days=90))
    Task.objects.create(
        pair=pair, title="Viejo", due_date=timezone.localdate() - datetime.timedelta(days=90)
    )
    assert run_scan(django_capture_on_commit_callbacks) == 0
    Meeting.objects.create(pair=pair, starts_at=timezone.now() + datetime.timedelta(days=1))
    pair.program.status = "archived"
    pair.program.save()
    assert run_scan(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_follows_a_moved_and_a_disabled_step_of_the_journey(
    celery_worker_on_redis, program
):
    """The coordinator switched the meeting reminder off and moved "log your meeting" to
    one day after; the scan, run by a real worker on Redis, sends only that, once."""
    from programs.models import JourneyStep
    from tests.factories import published_pair

    pair = published_pair(program)
    now = timezone.now()
    Meeting.objects.create(pair=pair, starts_at=now + datetime.timedelta(days=1))
    Meeting.objects.create(pair=pair, starts_at=now - datetime.timedelta(days=1, hours=1))
    JourneyStep.objects.create(
        program=program, key="sessions.meeting_tomorrow", enabled=False, days=1
    )
    JourneyStep.objects.create(program=program, key="sessions.meeting_not_logged", days=1)
    reminders_scan.delay()
    reminders_scan.delay()  # twice: sent once all the same
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    deadline = time.monotonic() + 20
    while (len(mail.outbox) < 2 or sent.count() < 2) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # the second scan has had its chance to send anything more
    assert (
        sorted(m.subject for m in mail.outbox) == ["¿Qué tal fue vuestra reunión? Regístrala"] * 2
    )
    assert not Notification.objects.filter(kind="sessions.meeting_tomorrow").exists()
