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
    # The health each pair has now starts its history, as the periodic scan would record.
    services.pairs_health_record(pairs=program.pairs.all())
    demo.link(
        f"The pairs' meetings of “{program.name}”",
        reverse("sessions:pairs_overview", args=[program.pk]),
        demo.coordinator(program),
    )
    demo.link("A pair's workspace", reverse("sessions:workspace", args=[pair.pk]), pair.mentor_user)


def _meetings(program, first_pair) -> None:
    """Pairs in every health state: on track, at risk (low pulse and a concern), inactive."""
    pairs = list(program.pairs.select_related("mentor_user", "mentee_user").order_by("pk"))
    if Meeting.objects.filter(pair__in=pairs).exists():
        return
    for index, pair in enumerate(pairs):
        state = "on_track" if index % 3 == 0 else "at_risk" if index % 3 == 1 else "inactive"
        if state != "inactive":  # the pairs that meet agreed how at the start
            services.agreement_save(
                pair=pair,
                user=pair.mentor_user,
                roles="Enseño a usar los paneles y la tableta; aprendo cómo se organiza un turno.",
                schedule="Cada semana, los viernes a las 10:00",
                place="Sala de reuniones de la planta",
                video_link="",
                confidentiality="Lo que hablemos queda entre las dos personas de la pareja.",
            )
            services.agreement_confirm(agreement=pair.agreement, user=pair.mentee_user)
        # Weekly meetings in working hours: the pairs on track met every week, the pairs at
        # risk missed the first ones, the inactive ones met once, weeks ago.
        days_ago = {"on_track": [25, 18, 11, 4], "at_risk": [18, 11, 4], "inactive": [25]}[state]
        for ago in days_ago:
            held = Meeting.objects.create(
                pair=pair,
                starts_at=_working_hours(-ago, datetime.time(10)),
                place="Sala de reuniones de la planta",
                status=Meeting.Status.HELD,
                knowledge="Cómo leer el panel de OEE",
                next_steps="Revisar el panel cada mañana",
                logged_at=_working_hours(-ago, datetime.time(12)),
                created_by=pair.mentor_user,
            )
            # Both answer the pulse; at risk, the latest one falls.
            rating = 2 if state == "at_risk" and ago == days_ago[-1] else 4
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
                starts_at=_working_hours(3, datetime.time(12, 30)),
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


def _working_hours(days: int, time: datetime.time) -> datetime.datetime:
    return working_hours(timezone.localdate() + datetime.timedelta(days=days), time)


def working_hours(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """That day at that local time, moved back to the Friday when it falls on a weekend:
    meetings happen on working days, in working hours."""
    day -= datetime.timedelta(days=max(day.weekday() - 4, 0))
    return timezone.make_aware(datetime.datetime.combine(day, time))
