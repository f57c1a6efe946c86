"""The program's emails: the coordinator sees what went out, what waits and what failed,
and sends failed ones again."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from tests.factories import published_pair

pytestmark = pytest.mark.django_db


def email(program, status, n=0, **fields):
    return Notification.objects.create(
        kind="preparation.welcome",
        email=f"persona{n}@example.com",
        language="es",
        about_id=program.pk,
        key=f"{program.pk}:{n}",
        group=program.outbox_group,
        status=status,
        **fields,
    )


def test_the_page_lists_the_programs_emails_by_status(
    coordinator_client, program, other_coordinator
):
    email(program, "sent", 1)
    email(program, "failed", 2, error="SMTPRecipientsRefused: 550 no such user")
    email(program, "pending", 3, attempts=2)
    other_program = other_coordinator.coordinated_programs.get()
    email(other_program, "failed", 4)
    url = reverse("programs:emails", args=[program.pk])
    page = coordinator_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert [n.email for n in page.context["page"].object_list] == [
        "persona2@example.com",  # failed first, then waiting, then sent
        "persona3@example.com",
        "persona1@example.com",
    ]
    assert "550 no such user" in html and "Próximo intento" in html
    failed = coordinator_client.get(url, {"status": "failed"}).context["page"].object_list
    assert [n.email for n in failed] == ["persona2@example.com"]
    dashboard = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
    assert dashboard.context["outbox"] == {"waiting": 1, "failed": 1}


def test_failed_emails_are_sent_again(
    coordinator_client, coordinator, program, pair, django_capture_on_commit_callbacks
):
    failed = Notification.objects.create(
        kind="preparation.welcome",
        recipient=pair.mentee_user,
        email=pair.mentee_user.email,
        language="es",
        about_id=program.pk,
        key=str(program.pk),
        group=program.outbox_group,
        status="failed",
        attempts=1,
        error="SMTPDataError: 554",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("programs:emails_retry", args=[program.pk]),
            {"notification": [failed.pk]},
            follow=True,
        )
    assert "1 correo se enviará de nuevo en breve." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 2
    assert [m.to for m in mail.outbox] == [[pair.mentee_user.email]]
    assert program.log_entries.filter(action="programs.emails_retried").exists()


def test_outsiders_see_nothing_and_change_nothing(client, program, other_coordinator):
    failed = email(program, "failed")
    pair = published_pair(program)
    page = reverse("programs:emails", args=[program.pk])
    retry = reverse("programs:emails_retry", args=[program.pk])
    assert client.get(page).status_code == 302  # anonymous: to the login page
    client.force_login(other_coordinator)
    assert client.get(page).status_code == 404
    assert client.post(retry, {"notification": [failed.pk]}).status_code == 404
    client.force_login(pair.mentor_user)
    assert client.get(page).status_code == 403
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_retry_is_a_post(coordinator_client, program):
    assert (
        coordinator_client.get(reverse("programs:emails_retry", args=[program.pk])).status_code
        == 405
    )


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_runs_a_fixed_number_of_queries(
    coordinator_client, program, count, django_assert_num_queries
):
    for n in range(count):
        email(program, "failed", n)
    with django_assert_num_queries(6):
        coordinator_client.get(reverse("programs:emails", args=[program.pk]))
