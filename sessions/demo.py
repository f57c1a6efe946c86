"""The demo of phase 3: the published program has sent its welcome, one mentor has done the
training, and one pair has filled its goal worksheet."""

import datetime

from django.urls import reverse
from django.utils import timezone

from programs.demo import Demo

from . import services
from .models import Concern, Goal, Meeting, Pulse, Task
from .training import MODULES

PROGRAM = "Digitalización de la planta de Zaragoza"
GOALS = [
    (
        "Leer los paneles de producción en tiempo real",
        {
            "specific": "Interpretar yo solo el panel de OEE de mi línea al empezar cada turno.",
            "measurable": "Detectar 3 paradas por semana desde el panel, sin ayuda.",
            "achievable": "Con media hora semanal de práctica con mi mentora.",
            "relevant": "Es el objetivo general del programa y me ahorra llamadas.",
            "time_bound": "Antes del 31 de marzo.",
        },
        [
            "Entrar al panel desde la tableta del turno",
            "Revisar el panel con la mentora cada lunes",
            "Abrir el panel al inicio de cada turno",
        ],
    ),
    (
        "Compartir los informes de turno en Teams",
        {
            "specific": "Publicar el informe de cada turno en el canal de Teams del área.",
            "measurable": "Todos los informes de la semana publicados el viernes.",
            "achievable": "El informe ya existe; cambia dónde se comparte.",
            "relevant": "Los demás turnos ven antes las incidencias.",
            "time_bound": "Desde el 15 de febrero.",
        },
        [
            "Instalar Teams en el móvil",
            "Publicar un informe con ayuda",
            "Publicar todos los informes yo solo",
        ],
    ),
]


def seed(demo: Demo) -> None:
    program = demo.programs[PROGRAM]
    actor = program.coordinators.order_by("pk").first()
    services.guide_for(program)
    services.welcome_send(program=program, actor=actor)
    pair = program.pairs.select_related("mentor_user").order_by("pk").first()
    if pair is None:
        return
    for module in MODULES:
        services.training_complete(program=program, user=pair.mentor_user, module=module.key)
    if not pair.goals.exists():
        goals = services.goals_brainstorm(
            pair=pair,
            owner=Goal.Owner.MENTEE,
            texts=[text for text, _smart, _phases in GOALS] + ["Aprender a usar la IA generativa"],
        )
        services.goals_prioritise(pair=pair, choices={goals[0].pk: 1, goals[1].pk: 2})
        today = timezone.localdate()
        for goal, (_text, smart, phases) in zip(goals, GOALS, strict=False):
            services.goal_make_smart(
                goal=goal,
                text=goal.text,
                smart=smart,
                phases=[
                    services.PhasePlan(n, description, today + datetime.timedelta(weeks=4 * n))
                    for n, description in enumerate(phases, start=1)
                ],
            )
    demo.links.append(
        (
            f"Welcome communications of “{program.name}”",
            reverse("sessions:welcome", args=[program.pk]),
        )
    )
    demo.links.append(
        (f"Preparation of “{program.name}”", reverse("sessions:preparation", args=[program.pk]))
    )
    demo.links.append(("A pair's goal worksheet", reverse("sessions:worksheet", args=[pair.pk])))
    _meetings(program, pair)
    demo.links.append(
        (
            f"The pairs' meetings of “{program.name}”",
            reverse("sessions:pairs_overview", args=[program.pk]),
        )
    )
    demo.links.append(("A pair's workspace", reverse("sessions:workspace", args=[pair.pk])))


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
