"""The coordinator's follow-up in the browser: a pair at risk for a stated reason is
nudged and recovers; a message to those who have not completed the training reaches each
of them once, in their language."""

import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from matching.models import Pair
from preparation.models import TrainingCompletion
from preparation.training import MODULES
from sessions.models import Agreement, HealthChange, Meeting, Pulse
from sessions.services import pairs_health_record
from tests.e2e.conftest import log_in
from tests.factories import published_pair


def test_a_pair_at_risk_is_nudged_and_recovers(page, program, pair, coordinator):
    now = timezone.now()
    Pair.objects.filter(pk=pair.pk).update(published_at=now - datetime.timedelta(days=21))
    Agreement.objects.create(
        pair=pair, roles="r", schedule="s", mentor_confirmed_at=now, mentee_confirmed_at=now
    )
    low = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=6), status=Meeting.Status.HELD
    )
    Pulse.objects.create(meeting=low, user=pair.mentor_user, rating=2)
    Meeting.objects.create(
        pair=pair,
        starts_at=now - datetime.timedelta(days=1),
        status=Meeting.Status.HELD,
        experiences="Probamos el CRM juntos.",
    )
    pairs_health_record()  # as the periodic scan would

    # The coordinator sees the pair at risk, and why.
    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/meetings/")
    row = page.get_by_role("row").filter(has_text=pair.mentor.full_name)
    expect(row.get_by_text("En riesgo")).to_be_visible()
    expect(row.get_by_text("Valoración baja: 2,0 de 5")).to_be_visible()

    # From the pair's page, they nudge both with the suggested text, edited.
    row.get_by_role("link", name=f"{pair.mentor.full_name} · {pair.mentee.full_name}").click()
    page.get_by_role("link", name="Escribir a ambas personas").click()
    body = page.locator("#id_body")
    body.fill("Hola {first_name}: ¿cómo fue la última reunión con {partner}? {link}")
    page.get_by_role("button", name="Vista previa").click()
    expect(
        page.get_by_text("Hola Lucía: ¿cómo fue la última reunión con Rosa Mentee?")
    ).to_be_visible()
    page.get_by_role("button", name="Enviar a 2 personas").click()
    expect(page.get_by_text("El mensaje está en camino a 2 personas.")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )
    page.context.clear_cookies()

    # The mentee rates the last meeting well: the pair is back on track.
    log_in(page, pair.mentee_user.username)
    page.get_by_role("link", name="Nuestro espacio").click()
    page.get_by_text("5", exact=True).first.click()
    page.get_by_role("button", name="Enviar", exact=True).first.click()
    expect(page.get_by_text("Tu valoración: 5/5")).to_be_visible()
    page.context.clear_cookies()

    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/meetings/")
    row = page.get_by_role("row").filter(has_text=pair.mentor.full_name)
    expect(row.get_by_text("Va bien")).to_be_visible()
    row.get_by_role("link").first.click()
    page.get_by_text("Historial de salud").click()
    history = page.locator("#health-history")
    expect(history.get_by_text("Va bien")).to_be_visible()
    expect(history.get_by_text("En riesgo")).to_be_visible()
    assert list(
        HealthChange.objects.order_by("recorded_at", "id").values_list("health", flat=True)
    ) == ["at_risk", "on_track"]


def test_a_message_to_those_without_training_reaches_each_once_in_their_language(
    page, program, pair, coordinator
):
    other = published_pair(program, "Hugo Mentor", "Pedro Mentee")
    other.mentee_user.language = "en"
    other.mentee_user.save()
    TrainingCompletion.objects.bulk_create(
        TrainingCompletion(program=program, user=pair.mentor_user, module=module.key)
        for module in MODULES
    )
    TrainingCompletion.objects.create(
        program=program, user=pair.mentee_user, module=MODULES[0].key
    )  # a mentee's training is the first module

    log_in(page, coordinator.username)
    page.goto(f"/programs/{program.pk}/preparation/")
    page.get_by_role("link", name="Enviar un recordatorio a 2 personas pendientes").click()
    expect(page.get_by_text("Formación no completada · 2 personas")).to_be_visible()
    page.get_by_role("button", name="Vista previa").click()
    recipients = page.locator("#recipients > li")
    expect(recipients).to_have_count(2)
    expect(recipients.filter(has_text=other.mentor_user.email)).to_contain_text("Tu formación para")
    expect(recipients.filter(has_text=other.mentee_user.email)).to_contain_text("Your training for")
    page.get_by_role("button", name="Enviar a 2 personas").click()
    expect(page.get_by_text("El mensaje está en camino a 2 personas.")).to_be_visible()

    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message)
    assert sorted(by_address) == sorted([other.mentor_user.email, other.mentee_user.email])
    assert all(len(messages) == 1 for messages in by_address.values())
    assert by_address[other.mentor_user.email][0].subject == f"Tu formación para {program.name}"
    assert by_address[other.mentee_user.email][0].subject == f"Your training for {program.name}"
    page.reload()
    expect(page.locator("#recipients-table tbody tr")).to_have_count(2)
    expect(page.locator("#recipients-table").get_by_text("Enviado")).to_have_count(2)
