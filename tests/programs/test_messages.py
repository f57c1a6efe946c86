"""Messages to groups: the coordinator picks a group, edits its suggested text, previews
what each recipient reads (in their language, placeholders filled), sends once through the
outbox, and follows the delivery in the sent log."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from preparation.models import TrainingCompletion
from preparation.training import MODULES
from programs.models import Message
from tests.factories import CoordinatorFactory, ProgramFactory, UserFactory, published_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_mentee(pair):
    pair.mentee_user.language = "en"
    pair.mentee_user.save()
    return pair.mentee_user


def compose_url(program, audience="", target=""):
    url = reverse("programs:message_new", args=[program.pk])
    query = "&".join(f"{k}={v}" for k, v in (("audience", audience), ("target", target)) if v)
    return f"{url}?{query}" if query else url


def form_data(audience, target="", **texts):
    return {
        "audience": audience,
        "target": target,
        "token": str(uuid.uuid4()),
        "subject": "Tu formación en {program}",
        "body": "Hola {first_name}, completa la formación con {partner}: {link}",
        "subject_en": "Your training in {program}",
        "body_en": "Hi {first_name}, finish the training with {partner}: {link}",
        **texts,
    }


def test_the_groups_are_listed_with_how_many_people_each_holds(
    coordinator_client, program, pair, other_pair
):
    TrainingCompletion.objects.bulk_create(
        TrainingCompletion(program=program, user=pair.mentor_user, module=module.key)
        for module in MODULES
    )
    page = coordinator_client.get(compose_url(program)).content.decode()
    assert 'Todas las personas en pareja <span class="text-body-secondary">(4 personas)' in page
    assert 'Mentores <span class="text-body-secondary">(2 personas)' in page
    # The trained mentor is not pending; the other three are.
    assert 'Formación no completada <span class="text-body-secondary">(3 personas)' in page
    assert "Una pareja" not in page  # reached from a pair's page only


def test_a_group_is_offered_its_suggested_text_in_every_language(coordinator_client, program, pair):
    page = coordinator_client.get(
        compose_url(program, "preparation.training_pending")
    ).content.decode()
    assert "Tu formación para {program}" in page
    assert "Your training for {program}" in page  # the English version, ready to edit
    assert "2 personas" in page


def test_the_preview_shows_each_person_their_language_with_the_placeholders_filled(
    coordinator_client, program, pair, english_mentee
):
    response = coordinator_client.post(
        reverse("programs:message_new", args=[program.pk]),
        {**form_data("preparation.training_pending"), "preview": "1"},
    )
    page = response.content.decode()
    assert "Hola Lucía, completa la formación con Rosa Mentee" in page
    assert "Hi Rosa, finish the training with Lucía Mentora" in page
    assert "Enviar a 2 personas" in page
    assert not Message.objects.exists()  # nothing sent before the confirmation


def test_sending_writes_once_to_each_person_in_their_language(
    coordinator_client, program, pair, english_mentee, django_capture_on_commit_callbacks
):
    data = {**form_data("preparation.training_pending"), "send": "1"}
    url = reverse("programs:message_new", args=[program.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data)
        again = coordinator_client.post(url, data)  # a double click
    message = Message.objects.get()
    assert response.url == again.url == reverse("programs:message", args=[program.pk, message.pk])
    by_address = {email.to[0]: email for email in mail.outbox}
    assert len(mail.outbox) == 2
    assert by_address[pair.mentor_user.email].subject == f"Tu formación en {program.name}"
    english = by_address[english_mentee.email]
    assert english.subject == f"Your training in {program.name}"
    assert "Hi Rosa, finish the training with Lucía Mentora" in english.body
    assert reverse("preparation:training", args=[program.pk]) in english.body
    log = coordinator_client.get(reverse("programs:messages", args=[program.pk])).content.decode()
    assert "Tu formación en {program}</a>" in log
    assert "2 / 2" in log  # both delivered
    detail = coordinator_client.get(response.url).content.decode()
    assert detail.count("Enviado</span>") == 2


def test_an_unknown_placeholder_is_refused_and_nothing_is_sent(coordinator_client, program, pair):
    response = coordinator_client.post(
        reverse("programs:message_new", args=[program.pk]),
        {**form_data("matching.everyone", body="Hola {nombre}"), "send": "1"},
    )
    assert response.status_code == 200
    assert "Marcador desconocido: {nombre}" in response.content.decode()
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_a_group_with_nobody_in_it_sends_nothing(coordinator_client, program):
    response = coordinator_client.post(
        reverse("programs:message_new", args=[program.pk]),
        {**form_data("matching.everyone"), "send": "1"},
    )
    assert "Ya no hay nadie en este grupo" in response.content.decode()
    assert not Message.objects.exists()


def test_a_nudge_reaches_only_the_person_chosen(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    page = coordinator_client.get(
        compose_url(program, "sessions.pair", f"{pair.pk}:mentor")
    ).content.decode()
    assert "¿Qué tal va tu mentoría con {partner}?" in page
    assert f"Una pareja: {pair.mentor_user}</p>" in page  # whom a nudge goes to, by name
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("programs:message_new", args=[program.pk]),
            {**form_data("sessions.pair", f"{pair.pk}:mentor"), "send": "1"},
        )
    assert [email.to for email in mail.outbox] == [[pair.mentor_user.email]]
    assert Message.objects.get().audience_label == f"Una pareja: {pair.mentor_user}"


@pytest.mark.parametrize(
    "audience, target",
    [
        ("sessions.pair", ""),  # a pair's group needs its pair
        ("matching.mentors", "1"),  # and no other group takes one
        ("sessions.pair", "999999"),
        ("sessions.pair", "abc"),
        ("nobody.such", ""),
    ],
)
def test_a_group_or_target_that_is_not_one_is_not_found(
    coordinator_client, program, pair, audience, target
):
    assert coordinator_client.get(compose_url(program, audience, target)).status_code == 404


def test_another_programs_pair_cannot_be_nudged(coordinator_client, program):
    elsewhere = published_pair(ProgramFactory(), "Otra Mentora", "Otro Mentee")
    url = compose_url(program, "sessions.pair", str(elsewhere.pk))
    assert coordinator_client.get(url).status_code == 404


def test_outsiders_reach_no_message(client, program, pair, django_capture_on_commit_callbacks):
    message_url = reverse("programs:message_new", args=[program.pk])
    owner = program.coordinators.first()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(message_url, {**form_data("matching.everyone"), "send": "1"})
    message = Message.objects.get()
    detail = reverse("programs:message", args=[program.pk, message.pk])
    log = reverse("programs:messages", args=[program.pk])
    client.force_login(CoordinatorFactory())
    for url in (detail, log, compose_url(program, "matching.everyone")):
        assert client.get(url).status_code == 404
    client.force_login(pair.mentor_user)
    assert client.get(detail).status_code in (302, 403)
    client.logout()
    assert client.get(detail).status_code == 302
    assert Message.objects.count() == 1


def test_inactive_people_are_left_out(coordinator_client, program, pair):
    pair.mentee_user.is_active = False
    pair.mentee_user.save()
    page = coordinator_client.get(compose_url(program, "matching.everyone")).content.decode()
    assert "1 persona" in page


def test_the_sent_log_pins_its_queries(
    coordinator_client, program, pair, django_assert_num_queries
):
    url = reverse("programs:messages", args=[program.pk])

    def send(n):
        for _ in range(n):
            coordinator_client.post(
                reverse("programs:message_new", args=[program.pk]),
                {**form_data("matching.everyone"), "send": "1"},
            )

    send(1)
    with django_assert_num_queries(5):
        coordinator_client.get(url)
    published_pair(program, "Hugo Mentor", "Pedro Mentee", mentor_user=UserFactory())
    send(4)
    with django_assert_num_queries(5):
        assert coordinator_client.get(url).content.decode().count("<tr>") == 6


def test_a_pair_at_risk_only_because_of_a_concern_is_never_written_to(
    coordinator_client, program, pair, other_pair
):
    from sessions.services import concern_raise

    concern_raise(pair=pair, user=pair.mentee_user, text="No acude a las reuniones.")
    overview = coordinator_client.get(reverse("sessions:pairs_overview", args=[program.pk]))
    health = {row.pk: row.health for row in overview.context["rows"]()}
    assert health[pair.pk] == "at_risk"  # the coordinator sees it at risk…
    # …but the group of pairs at risk holds nobody: a message would reach the mentor.
    page = coordinator_client.get(compose_url(program)).content.decode()
    assert 'Parejas en riesgo o inactivas <span class="text-body-secondary">(0 personas)' in page
    response = coordinator_client.post(
        reverse("programs:message_new", args=[program.pk]),
        {**form_data("sessions.at_risk"), "send": "1"},
    )
    assert "Ya no hay nadie en este grupo" in response.content.decode()
    assert not Message.objects.exists() and not mail.outbox
    # From the pair's page, the coordinator is warned before nudging them.
    workspace = coordinator_client.get(reverse("sessions:workspace", args=[pair.pk]))
    assert "tiene una preocupación abierta" in workspace.content.decode()


def test_someone_in_two_pairs_at_risk_reads_both_partners_and_the_coordinator_why(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from matching.models import Pair

    second = published_pair(program, "Hugo Mentor", "Pedro Mentee", mentor_user=pair.mentor_user)
    Pair.objects.update(published_at=timezone.now() - datetime.timedelta(days=60))
    from sessions.services import concern_raise

    concern_raise(pair=second, user=second.mentee_user, text="Privado.")  # not told
    data = form_data("sessions.at_risk", body="¿Qué tal con {partner}? {link}")
    preview = coordinator_client.post(
        reverse("programs:message_new", args=[program.pk]), {**data, "preview": "1"}
    ).content.decode()
    assert "Enviar a 3 personas" in preview
    assert "¿Qué tal con Pedro Mentee y Rosa Mentee?" in preview
    assert preview.count("En este grupo porque:") == 3
    assert "Ninguna reunión celebrada ni planificada desde" in preview
    assert "preocupación" not in preview.split('id="recipients"')[1]  # the concern stays private

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("programs:message_new", args=[program.pk]), {**data, "send": "1"}
        )
    by_address = {email.to[0]: email.body for email in mail.outbox}
    assert len(mail.outbox) == 3
    assert "¿Qué tal con Pedro Mentee y Rosa Mentee?" in by_address[pair.mentor_user.email]
    assert "¿Qué tal con Lucía Mentora?" in by_address[pair.mentee_user.email]
    assert "¿Qué tal con Hugo Mentor?" in by_address[second.mentee_user.email]
