"""The program's journey: every automatic touchpoint on one page, which the coordinator
switches off or moves by some days; the reminder scans follow it, and a step moved after
it ran sends nothing twice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from programs.journey import touchpoints
from programs.models import JourneyStep, ProgramLogEntry
from sessions.models import Meeting
from sessions.reminders import reminders_create
from tests.evaluation import conftest as evaluation_fixtures
from tests.matching import conftest as matching_fixtures

pytestmark = pytest.mark.django_db
evaluation = evaluation_fixtures.evaluation  # the final evaluation, launched
people = matching_fixtures.people  # two mentors and three mentees, accepted
NOT_LOGGED_SUBJECT = "¿Qué tal fue vuestra reunión? Regístrala"


def journey_url(program):
    return reverse("programs:journey", args=[program.pk])


def form_data(changes: dict[str, tuple[bool, int]]) -> dict:
    data = {}
    for touchpoint in touchpoints():
        on, days = changes.get(
            touchpoint.key, (touchpoint.default_enabled, touchpoint.default_days)
        )
        if on:
            data[f"{touchpoint.key}:on"] = "on"
        data[f"{touchpoint.key}:days"] = str(days)
    return data


def test_the_page_lists_every_touchpoint_on_the_timeline(coordinator_client, program):
    page = coordinator_client.get(journey_url(program))
    html = page.content.decode()
    keys = [step.key for step, _on, _days in page.context["form"].rows()]
    assert keys.index("sessions.meeting_tomorrow") < keys.index("evaluation.questionnaire_reminder")
    assert "1 día antes de cada reunión" in html
    assert "cada 3 días hasta que se responda el cuestionario o se cierre" in html
    assert "4. Reuniones regulares" in html and "5. Evaluación final" in html
    assert "Bienvenida: quién es la pareja" in html and "al publicar la pareja" in html


def test_bad_days_are_refused_and_nothing_is_saved(coordinator_client, program):
    data = form_data({"sessions.meeting_tomorrow": (True, 0)})
    data["sessions.pair_inactive:days"] = "99"
    response = coordinator_client.post(journey_url(program), data)
    assert response.status_code == 400
    assert "No se ha guardado nada" in response.content.decode()
    assert not JourneyStep.objects.exists()


def test_a_step_switched_off_or_moved_is_followed_by_the_scan(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    now = timezone.now()
    tomorrow = Meeting.objects.create(pair=pair, starts_at=now + datetime.timedelta(days=1))
    unlogged = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=2, hours=2)
    )
    coordinator_client.post(
        journey_url(program),
        form_data(
            {"sessions.meeting_tomorrow": (False, 1), "sessions.meeting_not_logged": (True, 3)}
        ),
    )
    assert ProgramLogEntry.objects.filter(action="programs.journey_changed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_create(now)
    assert mail.outbox == []  # the reminder is off, and the log waits three days
    with django_capture_on_commit_callbacks(execute=True):
        reminders_create(now + datetime.timedelta(days=1))
    # Three days after the unlogged meeting: its two people are asked to log it; still no
    # reminder of the meeting of tomorrow.
    assert sorted(m.subject for m in mail.outbox) == [NOT_LOGGED_SUBJECT] * 2
    assert Meeting.objects.filter(pk__in=[tomorrow.pk, unlogged.pk], status="planned").count() == 2


def test_a_reminder_moved_earlier_says_the_day_and_is_not_sent_again_when_moved_back(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    now = timezone.now()
    meeting = Meeting.objects.create(pair=pair, starts_at=now + datetime.timedelta(days=3))
    coordinator_client.post(
        journey_url(program), form_data({"sessions.meeting_tomorrow": (True, 3)})
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders_create(now)
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "Tienes reunión con" in body and "Mañana" not in body
    assert mail.outbox[0].subject.startswith("Tu reunión de mentoring del ")
    # Moved back to the day before: that day comes, and nothing is sent again.
    coordinator_client.post(journey_url(program), form_data({}))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_create(meeting.starts_at - datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_the_questionnaire_reminder_follows_the_journey(
    coordinator_client, program, evaluation, django_capture_on_commit_callbacks
):
    from evaluation.reminders import reminders_create as questionnaire_reminders

    launched = evaluation.launched_at
    coordinator_client.post(
        journey_url(program), form_data({"evaluation.questionnaire_reminder": (True, 5)})
    )
    assert questionnaire_reminders(launched + datetime.timedelta(days=3, hours=1)) == 0
    assert questionnaire_reminders(launched + datetime.timedelta(days=5, hours=1)) == 4
    coordinator_client.post(
        journey_url(program), form_data({"evaluation.questionnaire_reminder": (False, 5)})
    )
    assert questionnaire_reminders(launched + datetime.timedelta(days=10, hours=1)) == 0


def test_only_the_programs_coordinators_reach_the_journey(
    client, program, other_coordinator, participant
):
    assert client.get(journey_url(program)).status_code == 302
    client.force_login(other_coordinator)
    assert client.get(journey_url(program)).status_code == 404
    client.force_login(participant)
    assert client.post(journey_url(program), form_data({})).status_code == 403
    assert not JourneyStep.objects.exists()


def text_url(program, key="sessions.meeting_tomorrow"):
    return reverse("programs:journey_text", args=[program.pk, key])


def test_a_touchpoints_own_text_is_previewed_for_a_real_pair_then_sent(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    pair.mentor_user.language = "en"
    pair.mentor_user.save()
    data = {
        "subject": "Mañana te reúnes con {partner}",
        "body": "Hola {first_name}, prepara tus preguntas: {link}",
        "subject_en": "Tomorrow you meet {partner}",
        "body_en": "Hi {first_name}, get your questions ready: {link}",
    }
    preview = coordinator_client.post(text_url(program), {**data, "preview": "1"})
    html = preview.content.decode()
    assert "Mañana te reúnes con Lucía Mentora" in html  # the mentee's view, filled in
    assert not JourneyStep.objects.exists()  # a preview saves nothing
    coordinator_client.post(text_url(program), {**data, "save": "1"})
    step = JourneyStep.objects.get(key="sessions.meeting_tomorrow")
    assert step.subject == data["subject"] and step.enabled and step.days == 1
    journey = coordinator_client.get(journey_url(program)).content.decode()
    assert "su propio texto" in journey

    Meeting.objects.create(pair=pair, starts_at=timezone.now() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_create()
    by_address = {m.to[0]: m for m in mail.outbox}
    mentee = by_address[pair.mentee_user.email]
    assert mentee.subject == "Mañana te reúnes con Lucía Mentora"
    assert f"/pairs/{pair.pk}/" in mentee.body
    assert by_address[pair.mentor_user.email].subject == "Tomorrow you meet Rosa Mentee"


def test_a_bad_text_is_refused_and_some_touchpoints_keep_the_products(
    coordinator_client, program, pair
):
    unknown = coordinator_client.post(
        text_url(program), {"subject": "Hola {nombre}", "body": "x", "save": "1"}
    )
    assert unknown.status_code == 400 and "Marcador desconocido" in unknown.content.decode()
    half = coordinator_client.post(text_url(program), {"subject": "Solo asunto", "save": "1"})
    assert half.status_code == 400
    assert "Escriba el asunto y el mensaje" in half.content.decode()
    assert not JourneyStep.objects.exists()
    # A mentor's request reminder goes to an address without an account: the product's text.
    assert coordinator_client.get(text_url(program, "matching.request_reminder")).status_code == 404
    assert coordinator_client.get(text_url(program, "nope.nothing")).status_code == 404


def test_the_training_reminder_is_off_until_switched_on_then_sent_once(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    from matching.models import Pair
    from preparation.reminders import training_reminders_create

    Pair.objects.filter(pk=pair.pk).update(published_at=timezone.now() - datetime.timedelta(days=8))
    assert training_reminders_create() == 0  # the product did not send it before: off
    coordinator_client.post(
        journey_url(program), form_data({"preparation.training_reminder": (True, 7)})
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert training_reminders_create() == 1
        assert training_reminders_create() == 0  # once per pair
    [email] = mail.outbox
    assert email.to == [pair.mentor_user.email]
    assert "completa la formación de mentores" in email.subject
    assert reverse("preparation:training", args=[program.pk]) in email.body


def test_the_closing_message_is_sent_once_after_the_end_when_switched_on(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    from evaluation.reminders import closing_create

    coordinator_client.post(
        journey_url(program), form_data({"evaluation.closing": (False, 1)})
    )  # as it starts: off
    after_end = timezone.make_aware(
        datetime.datetime.combine(program.end_date + datetime.timedelta(days=2), datetime.time(9))
    )
    assert closing_create(after_end) == 0
    coordinator_client.post(journey_url(program), form_data({"evaluation.closing": (True, 1)}))
    assert closing_create(after_end - datetime.timedelta(days=2)) == 0  # not over yet
    with django_capture_on_commit_callbacks(execute=True):
        assert closing_create(after_end) == 2
        assert closing_create(after_end) == 0
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        pair.mentor_user.email: f"«{program.name}» ha terminado: gracias",
        pair.mentee_user.email: f"«{program.name}» ha terminado: gracias",
    }
    assert "Lucía Mentora" in next(m.body for m in mail.outbox if m.to == [pair.mentee_user.email])


def test_an_archived_programs_journey_is_read_only(coordinator_client, program):
    program.status = "archived"
    program.save()
    response = coordinator_client.post(
        journey_url(program), form_data({"sessions.meeting_tomorrow": (False, 1)}), follow=True
    )
    assert "Este programa está archivado" in response.content.decode()
    assert not JourneyStep.objects.exists()
    assert coordinator_client.get(journey_url(program)).status_code == 200


def test_the_welcome_can_wait_some_days_or_be_switched_off(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    from matching.models import Pair
    from matching.pairing.services import pairs_propose, pairs_publish, welcomes_create

    coordinator_client.post(journey_url(program), form_data({"matching.pair_published": (True, 2)}))
    pairs_propose(program=program, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        published = pairs_publish(program=program, actor=None)
    assert published and not [
        m for m in mail.outbox if m.subject.startswith("Te damos la bienvenida")
    ]
    published_at = Pair.objects.filter(program=program).first().published_at
    with django_capture_on_commit_callbacks(execute=True):
        assert welcomes_create(published_at + datetime.timedelta(days=1)) == 0
        assert welcomes_create(published_at + datetime.timedelta(days=2)) == 2 * published
        assert welcomes_create(published_at + datetime.timedelta(days=2, hours=3)) == 0
    welcomes = [m for m in mail.outbox if m.subject.startswith("Te damos la bienvenida")]
    assert len(welcomes) == 2 * published
    assert "/password/reset/" in welcomes[0].body  # the link to choose a password

    # Switched off: a pair published later is not welcomed, then or days after.
    coordinator_client.post(
        journey_url(program), form_data({"matching.pair_published": (False, 0)})
    )
    Pair.objects.filter(program=program).update(published_at=None, locked=False)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        pairs_publish(program=program, actor=None)
        assert welcomes_create(timezone.now() + datetime.timedelta(days=1)) == 0
    assert not Notification.objects.filter(kind="matching.pair_published").exists()


def test_the_welcome_in_the_coordinators_words_keeps_the_password_link(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    from matching.pairing.services import pairs_propose, pairs_publish

    data = {"subject": "¡Hola {first_name}! Tu pareja: {partner}", "body": "Entra aquí: {link}"}
    preview = coordinator_client.post(
        text_url(program, "matching.pair_published"), {**data, "preview": "1"}
    )
    assert preview.status_code == 200  # nobody published yet: the preview says so
    coordinator_client.post(text_url(program, "matching.pair_published"), {**data, "save": "1"})
    pairs_propose(program=program, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        pairs_publish(program=program, actor=None)
    welcomes = [m for m in mail.outbox if m.subject.startswith("¡Hola")]
    assert welcomes and all("/password/reset/" in m.body for m in welcomes)
    # The preview of a real pair never holds a one-time link.
    preview = coordinator_client.post(
        text_url(program, "matching.pair_published"), {**data, "preview": "1"}
    ).content.decode()
    assert "/password/reset/" in preview  # the page to ask for one, not a one-time link
    assert "/password/reset/MT" not in preview and "Tu pareja:" in preview


def test_the_pulse_is_off_until_switched_on_then_every_some_days_once(
    coordinator_client, program, pair, django_capture_on_commit_callbacks
):
    published = pair.published_at

    def pulses_after(days: float) -> int:
        reminders_create(published + datetime.timedelta(days=days))
        return Notification.objects.filter(kind="sessions.monthly_pulse").count()

    assert pulses_after(31) == 0  # off
    coordinator_client.post(journey_url(program), form_data({"sessions.monthly_pulse": (True, 30)}))
    with django_capture_on_commit_callbacks(execute=True):
        assert pulses_after(29) == 0
        assert pulses_after(30.1) == 2  # one to each
        assert pulses_after(45) == 2  # not again
    pulses = [m for m in mail.outbox if m.subject == "¿Qué tal va vuestro reverse mentoring?"]
    assert len(pulses) == 2
    assert "dilo en privado a la coordinación" in pulses[0].body
    # Moved to every 20 days after it ran: the first pulse is not sent again; the second
    # comes at day 40.
    coordinator_client.post(journey_url(program), form_data({"sessions.monthly_pulse": (True, 20)}))
    assert pulses_after(35) == 2
    assert pulses_after(40.1) == 4


def test_the_mid_program_check_in_goes_once_past_the_middle(
    coordinator_client, program, pair, other_pair, django_capture_on_commit_callbacks
):
    from matching.models import Pair

    middle = program.start_date + (program.end_date - program.start_date) / 2
    at = timezone.make_aware(datetime.datetime.combine(middle, datetime.time(9)))
    # A pair published after the middle has no middle to look back on.
    Pair.objects.filter(pk=other_pair.pk).update(published_at=at + datetime.timedelta(days=1))
    coordinator_client.post(
        journey_url(program), form_data({"sessions.midpoint_check_in": (True, 3)})
    )

    def check_ins_after(days: int) -> int:
        reminders_create(at + datetime.timedelta(days=days))
        return Notification.objects.filter(kind="sessions.midpoint_check_in").count()

    with django_capture_on_commit_callbacks(execute=True):
        assert check_ins_after(2) == 0
        assert check_ins_after(3) == 2
        assert check_ins_after(4) == 2  # once
    sent = [m for m in mail.outbox if m.subject.startswith("A mitad de camino")]
    assert {m.to[0] for m in sent} == {pair.mentor_user.email, pair.mentee_user.email}
    assert sent[0].subject == "A mitad de camino: revisad juntos vuestros objetivos"
    assert "repasar juntos los objetivos" in sent[0].body
