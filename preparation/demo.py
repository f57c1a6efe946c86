"""The demo of phase 3: the published program has sent its welcome, one mentor has done the
training, and one pair has filled its goal worksheet."""

import datetime

from django.urls import reverse
from django.utils import timezone

from programs.demo import Demo

from . import services
from .models import Goal
from .training import MODULES

PROGRAM = "Digitalización de la planta de Zaragoza"
GOALS = [
    (
        "Leer los paneles de producción en tiempo real",
        {
            "specific": "Interpretar sin ayuda el panel de OEE de mi línea al empezar cada turno.",
            "measurable": "Detectar 3 paradas por semana desde el panel, sin ayuda.",
            "achievable": "Con media hora semanal de práctica en las reuniones de mentoring.",
            "relevant": "Es el objetivo general del programa y me ahorra llamadas.",
            "time_bound": "Antes del 31 de marzo.",
        },
        [
            "Entrar al panel desde la tableta del turno",
            "Revisar el panel en la reunión de cada lunes",
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
            "Publicar todos los informes sin ayuda",
        ],
    ),
]


def seed(demo: Demo) -> None:
    program = demo.programs[PROGRAM]
    actor = program.coordinators.order_by("pk").first()
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
    demo.link(
        f"Welcome communications of “{program.name}”",
        reverse("preparation:welcome", args=[program.pk]),
        actor,
    )
    demo.link(
        f"Preparation of “{program.name}”",
        reverse("preparation:overview", args=[program.pk]),
        actor,
    )
    demo.link(
        "A pair's goal worksheet",
        reverse("preparation:worksheet", args=[pair.pk]),
        pair.mentor_user,
    )
