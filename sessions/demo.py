"""The demo of phase 4: the published program's pairs in every health state (on track, at
risk with a low pulse and a concern, inactive), and one pair's confirmed agreement."""

import datetime

from django.urls import reverse
from django.utils import timezone

from preparation.demo import PROGRAM
from programs.demo import Demo

from . import services
from .models import Concern, Meeting, Pulse, Task


def seed(demo: Demo) -> None:
    program = demo.programs[PROGRAM]
    pair = program.pairs.select_related("mentor_user", "mentee_user").order_by("pk").first()
    if pair is None:
        return
    _meetings(program, pair)
    demo.link(
        f"The pairs' meetings of “{program.name}”",
        reverse("sessions:pairs_overview", args=[program.pk]),
        demo.coordinator(program),
    )
    demo.link("A pair's workspace", reverse("sessions:workspace", args=[pair.pk]), pair.mentor_user)


def _meetings(program, first_pair) -> None:
    """Pairs in every health state: on track, at risk (low pulse and a concern), inactive."""
    now = timezone.now()
    pairs = list(program.pairs.select_related("mentor_user", "mentee_user").order_by("pk"))
    if Meeting.objects.filter(pair__in=pairs).exists():
        return
    services.agreement_save(
        pair=first_pair,
        user=first_pair.mentor_user,
        roles="Enseño a usar los paneles y la tableta; aprendo cómo se organiza un turno.",
        schedule="Cada semana, los jueves a las 14:00",
        place="Sala de reuniones de la planta",
        video_link="",
        confidentiality="Lo que hablamos queda entre nosotros.",
    )
    services.agreement_confirm(agreement=first_pair.agreement, user=first_pair.mentee_user)
    for index, pair in enumerate(pairs):
        state = "on_track" if index % 3 == 0 else "at_risk" if index % 3 == 1 else "inactive"
        held_ago = 25 if state == "inactive" else 4
        held = Meeting.objects.create(
            pair=pair,
            starts_at=now - datetime.timedelta(days=held_ago),
            place="Sala de reuniones de la planta",
            status=Meeting.Status.HELD,
            knowledge="Cómo leer el panel de OEE",
            next_steps="Revisar el panel cada mañana",
            logged_at=now - datetime.timedelta(days=held_ago),
            created_by=pair.mentor_user,
        )
        rating = 2 if state == "at_risk" else 4
        Pulse.objects.create(meeting=held, user=pair.mentee_user, rating=rating)
        Pulse.objects.create(meeting=held, user=pair.mentor_user, rating=rating + 1)
        if state == "at_risk":
            Concern.objects.create(
                pair=pair,
                raised_by=pair.mentee_user,
                text="Vamos demasiado rápido y me cuesta decírselo.",
            )
        if state == "on_track":
            Meeting.objects.create(
                pair=pair,
                starts_at=now + datetime.timedelta(days=3),
                place="Sala de reuniones de la planta",
                agenda="Alertas del panel",
                created_by=pair.mentor_user,
            )
            Task.objects.create(
                pair=pair,
                title="Probar el filtro por línea en el panel",
                link="https://example.com/guia-panel",
                due_date=timezone.localdate() + datetime.timedelta(days=5),
                created_by=pair.mentor_user,
            )
