import pytest
from django.core import mail
from django.urls import reverse

from matching.selectors import participants
from notifications.models import Notification
from notifications.tasks import notification_send
from preparation import selectors, services
from preparation.models import WelcomeMessage

pytestmark = pytest.mark.django_db


def send(client, program, recipients=None, capture=None):
    data = {"recipients": recipients} if recipients else {}
    with capture(execute=True):
        return client.post(
            reverse("preparation:welcome_send", args=[program.pk]), data, follow=True
        )


def test_sending_twice_sends_one_email_per_participant(
    coordinator_client, program, pair, other_pair, django_capture_on_commit_callbacks
):
    send(coordinator_client, program, capture=django_capture_on_commit_callbacks)
    response = send(coordinator_client, program, capture=django_capture_on_commit_callbacks)
    assert "Nada que enviar" in response.content.decode()
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            pair.mentor_user.email,
            pair.mentee_user.email,
            other_pair.mentor_user.email,
            other_pair.mentee_user.email,
        ]
    )
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 4
    to_rosa = next(m for m in mail.outbox if m.to == [pair.mentee_user.email])
    assert "Tu mentor será Lucía Mentora" in to_rosa.body
    assert to_rosa.alternatives[0][1] == "text/html"


def test_each_email_is_in_the_recipients_language(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    pair.mentor_user.language = "en"
    pair.mentor_user.save()
    send(coordinator_client, program, capture=django_capture_on_commit_callbacks)
    to_mentor = next(m for m in mail.outbox if m.to == [pair.mentor_user.email])
    assert to_mentor.subject == f"Welcome to {program.name}"
    assert "You will be the mentor of Rosa Mentee" in to_mentor.body


def test_someone_in_two_pairs_gets_the_both_version_once(
    program, pair, django_capture_on_commit_callbacks, coordinator
):
    from tests.factories import published_pair

    published_pair(program, "Rosa Mentee", "Otro Mentee", mentor_user=pair.mentee_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.welcome_send(program=program, actor=coordinator)
    to_rosa = [m for m in mail.outbox if m.to == [pair.mentee_user.email]]
    assert len(to_rosa) == 1
    assert "como mentor y como mentee" in to_rosa[0].body


def test_a_selection_only_reaches_those_chosen(
    coordinator_client, program, pair, other_pair, django_capture_on_commit_callbacks
):
    send(
        coordinator_client,
        program,
        [pair.mentee_user.pk],
        capture=django_capture_on_commit_callbacks,
    )
    assert [m.to for m in mail.outbox] == [[pair.mentee_user.email]]


def test_a_failure_is_recorded_and_can_be_retried(
    program, pair, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ValueError("mailbox unavailable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.welcome_send(program=program, actor=coordinator, user_ids=[pair.mentee_user.pk])
    failed = Notification.objects.get()
    assert failed.status == Notification.Status.FAILED and "mailbox unavailable" in failed.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.welcome_send(
                program=program, actor=coordinator, user_ids=[pair.mentee_user.pk]
            )
            == 1
        )
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT and failed.attempts == 2
    assert len(mail.outbox) == 1


def test_a_task_run_twice_sends_once(program, pair, coordinator):
    notification = Notification.objects.create(
        kind="preparation.welcome",
        recipient=pair.mentee_user,
        email=pair.mentee_user.email,
        language="es",
        about_id=program.pk,
        key=str(program.pk),
    )
    notification_send(notification.pk)
    notification_send(notification.pk)
    assert len(mail.outbox) == 1


def test_templates_are_editable_and_placeholders_validated(coordinator_client, program, pair):
    page = coordinator_client.get(reverse("preparation:welcome", args=[program.pk]))
    assert page.status_code == 200
    assert "Vista previa para Mentores: Lucía" in page.content.decode()
    assert not WelcomeMessage.objects.exists()  # the defaults are shown, not saved
    url = reverse("preparation:welcome_message", args=[program.pk, "mentee", "es"])
    prefix = "mentee-es"
    bad = coordinator_client.post(
        url, {f"{prefix}-subject": "Hola {nombre}", f"{prefix}-body": "Texto {partner"}
    )
    html = bad.content.decode()
    assert "Marcador desconocido: {nombre}" in html
    assert "Hay una llave sin cerrar" in html
    assert "Texto {partner" in html  # what was typed stays, beside the participants
    assert len(bad.context["rows"]) == 2
    assert not WelcomeMessage.objects.exists()
    coordinator_client.post(
        url, {f"{prefix}-subject": "Hola {name}", f"{prefix}-body": "Tu mentor: {partner}."}
    )
    message = WelcomeMessage.objects.get(program=program, audience="mentee", language="es")
    assert message.subject == "Hola {name}"
    participant = next(p for p in participants(program) if p.audience == "mentee")
    assert selectors.welcome_render(program, participant) == (
        "Hola Rosa",
        "Tu mentor: Lucía Mentora.",
    )


def test_only_the_programs_coordinators_send(client, program, pair, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("preparation:welcome", args=[program.pk])).status_code == 404
    assert client.post(reverse("preparation:welcome_send", args=[program.pk])).status_code == 404
    client.force_login(pair.mentor_user)
    assert client.post(reverse("preparation:welcome_send", args=[program.pk])).status_code == 403
    assert not Notification.objects.exists()


def test_an_unknown_version_of_the_welcome_is_not_found(coordinator_client, program):
    url = reverse("preparation:welcome_message", args=[program.pk, "boss", "es"])
    assert coordinator_client.post(url, {}).status_code == 404


def test_sending_records_it_in_the_programs_log(program, pair, coordinator):
    services.welcome_send(program=program, actor=coordinator)
    entry = program.log_entries.get(action="preparation.welcome_sent")
    assert entry.actor == coordinator and entry.data == {"emails": 2}
    assert entry.label == "envió las comunicaciones de bienvenida" or entry.label


@pytest.mark.parametrize("text", ["Hola {name:d}", "Hola {name!z}", "{name:>20000000}", "{name.x}"])
def test_format_codes_are_refused_and_never_run(coordinator_client, program, pair, text):
    url = reverse("preparation:welcome_message", args=[program.pk, "mentee", "es"])
    response = coordinator_client.post(url, {"mentee-es-subject": "Hola", "mentee-es-body": text})
    assert response.status_code == 200 and "Marcador desconocido" in response.content.decode()
    assert not WelcomeMessage.objects.exists()
    # A text saved before the check (or in the admin) is shown as written, never run.
    WelcomeMessage.objects.create(
        program=program, audience="mentee", language="es", subject="Hola", body=text
    )
    participant = next(p for p in participants(program) if p.audience == "mentee")
    subject, body = selectors.welcome_render(program, participant)
    assert body == text
    page = coordinator_client.get(reverse("preparation:welcome", args=[program.pk]))
    assert page.status_code == 200 and len(page.content) < 500_000


def test_braces_and_placeholders_fill_as_written():
    from preparation.placeholders import placeholders_fill

    values = {"name": "Rosa", "partner": "Lucía"}
    assert placeholders_fill("{{ {name} }} y {partner}, {unknown}", values) == (
        "{ Rosa } y Lucía, {unknown}"
    )
