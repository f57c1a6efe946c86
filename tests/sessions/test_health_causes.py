"""A pair at risk or inactive says why, with the dates, and leaves when its causes go."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Pair
from preparation.models import GoalPhase
from sessions.models import Agreement, Concern, Meeting, Pulse

pytestmark = pytest.mark.django_db


def overview_row(client, program, pair):
    rows = client.get(reverse("sessions:pairs_overview", args=[program.pk])).context["rows"]()
    return next(row for row in rows if row.pk == pair.pk)


def test_the_causes_are_listed_with_their_dates_and_go_away(coordinator_client, program, pair):
    now = timezone.now()
    Pair.objects.filter(pk=pair.pk).update(published_at=now - datetime.timedelta(days=20))
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=now - datetime.timedelta(days=3),
        status=Meeting.Status.HELD,
        created_by=pair.mentor_user,
    )
    Pulse.objects.create(meeting=meeting, user=pair.mentee_user, rating=2)
    goal = pair.goals.create(
        owner="mentee", date=timezone.localdate(), text="Informe", selected=True, priority=1
    )
    phase = GoalPhase.objects.create(
        goal=goal,
        number=1,
        description="Descargar los datos",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    Concern.objects.create(pair=pair, raised_by=pair.mentee_user, text="x")
    Agreement.objects.create(
        pair=pair, roles="r", schedule="s", mentor_confirmed_at=now, mentee_confirmed_at=now
    )

    row = overview_row(coordinator_client, program, pair)
    assert row.health == "at_risk"
    day = (timezone.localdate() - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    due = phase.due_date.strftime("%d/%m/%Y")
    assert row.causes[0] == f"Valoración baja: 2,0 de 5 en la reunión del {day}."
    assert any(f"1 fase de objetivo vencida, prevista para el {due}." == why for why in row.causes)
    assert any(why.startswith("1 preocupación abierta, desde el") for why in row.causes)
    page = Client()
    page.force_login(program.coordinators.first())
    workspace = page.get(reverse("sessions:workspace", args=[pair.pk])).content.decode()
    assert "Por qué esta pareja necesita atención" in workspace and "Valoración baja" in workspace

    # Its causes go: the phase is ticked, the concern closed, a better meeting held.
    phase.done_at = now
    phase.save()
    Concern.objects.update(status="closed", resolved_at=now)
    better = Meeting.objects.create(
        pair=pair, starts_at=now - datetime.timedelta(days=1), status=Meeting.Status.HELD
    )
    Pulse.objects.create(meeting=better, user=pair.mentee_user, rating=4)
    row = overview_row(coordinator_client, program, pair)
    assert (row.health, row.causes) == ("on_track", [])


def test_an_inactive_pair_says_since_when(coordinator_client, program, pair):
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Pair.objects.filter(pk=pair.pk).update(published_at=long_ago)
    row = overview_row(coordinator_client, program, pair)
    assert row.health == "inactive"
    day = timezone.localtime(long_ago).strftime("%d/%m/%Y")
    assert row.causes == [
        f"Ninguna reunión celebrada ni planificada desde el {day} (40 días).",
        "Su acuerdo no está confirmado por ambas personas, 40 días después de formar la pareja.",
    ]


def test_an_agreement_not_confirmed_and_a_training_not_done_are_causes(
    coordinator_client, program, pair
):
    from preparation.models import ProgramGuide, TrainingCompletion

    now = timezone.now()
    Pair.objects.filter(pk=pair.pk).update(published_at=now - datetime.timedelta(days=25))
    Meeting.objects.create(pair=pair, starts_at=now - datetime.timedelta(days=2), status="held")
    ProgramGuide.objects.create(program=program, training_required=True)
    TrainingCompletion.objects.create(program=program, user=pair.mentor_user, module="introduction")
    row = overview_row(coordinator_client, program, pair)
    assert row.health == "at_risk"
    assert row.causes == [
        "Su acuerdo no está confirmado por ambas personas, 25 días después de formar la pareja.",
        "La persona mentora no ha completado la formación (1 de 3 módulos).",
    ]
    Agreement.objects.create(
        pair=pair, roles="r", schedule="s", mentor_confirmed_at=now, mentee_confirmed_at=now
    )
    for module in ("trust", "practice"):
        TrainingCompletion.objects.create(program=program, user=pair.mentor_user, module=module)
    assert overview_row(coordinator_client, program, pair).health == "on_track"


def test_coordinators_record_check_ins_the_pair_never_reads(
    coordinator_client, program, pair, other_coordinator
):
    url = reverse("sessions:check_in", args=[program.pk, pair.pk])
    today = timezone.localdate()
    coordinator_client.post(url, {"held_on": today.isoformat(), "text": "Hablé con los dos."})
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    refused = coordinator_client.post(url, {"held_on": tomorrow, "text": "Aún no."}, follow=True)
    assert "Un seguimiento se anota cuando ya ha ocurrido." in refused.content.decode()
    assert list(pair.check_ins.values_list("text", flat=True)) == ["Hablé con los dos."]
    page = coordinator_client.get(reverse("sessions:workspace", args=[pair.pk]))
    assert "Hablé con los dos." in page.content.decode()
    member = Client()
    member.force_login(pair.mentee_user)
    workspace = member.get(reverse("sessions:workspace", args=[pair.pk])).content.decode()
    assert "Hablé con los dos." not in workspace
    assert member.post(url, {"held_on": today.isoformat(), "text": "x"}).status_code == 403
    outsider = Client()
    outsider.force_login(other_coordinator)
    assert outsider.post(url, {"held_on": today.isoformat(), "text": "x"}).status_code == 404
    assert pair.check_ins.count() == 1
