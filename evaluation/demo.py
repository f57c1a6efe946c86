"""The demo of phase 5: a program that has ended, with its meetings and goals, a closed final
evaluation answered by most participants, interview notes, and its PDF report, built (by
the eager Celery task) when the demo's transaction commits."""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from matching.models import Candidate, CandidateLanguage, SkillRating, new_token
from preparation import services as preparation_services
from preparation.models import Goal
from programs import services as program_services
from programs.demo import Demo
from sessions.demo import working_hours
from sessions.models import Meeting

from . import services
from .models import ComparisonResponse, Evaluation, Response

PROGRAM = "Competencias digitales 2026 · Administración"
GOALS = [
    (
        "Trabajar con las hojas de cálculo compartidas del equipo",
        [
            "Abrir la hoja compartida del presupuesto",
            "Preparar el cierre mensual en la hoja compartida",
            "Dejar de enviar Excel por correo",
        ],
    ),
    (
        "Automatizar el informe semanal de gastos",
        [
            "Grabar una macro sencilla",
            "Automatizar el informe con una tabla dinámica",
            "Generar el informe cada lunes en 5 minutos",
        ],
    ),
]
OUTCOMES = [
    "Ahora preparo el informe de gastos con una tabla dinámica y tardo mucho menos.",
    "He perdido el miedo a la nube: compartimos los documentos en lugar de enviarlos por correo.",
    "Uso la firma electrónica para los contratos de proveedores.",
    "He aprendido a explicar con paciencia y a entender cómo se decide en la empresa.",
    "Conozco mejor el funcionamiento del departamento financiero y sus prioridades.",
]
NEEDS = [
    "Me gustaría aprender a hacer cuadros de mando con Power BI.",
    "Necesito practicar más con las automatizaciones antes de usarlas sin ayuda.",
    "Quiero formación sobre ciberseguridad básica.",
    "Me vendría bien una sesión de repaso dentro de tres meses.",
]
COMMENTS = [
    "Una experiencia muy recomendable; las reuniones quincenales son el ritmo adecuado.",
    "Habría preferido más tiempo al principio para conocernos.",
    "El cuaderno de objetivos SMART nos ayudó a centrarnos.",
    "La formación de mentores fue muy útil para preparar las sesiones.",
]
HIGHLIGHTS = [
    "«Por primera vez entiendo por qué mis compañeros jóvenes trabajan así, y ellos entienden por qué nosotros lo hacíamos de otra manera.»",
    "«Lo que más valoro es que mi mentor me dejaba equivocarme y volver a empezar.»",
]


def seed(demo: Demo) -> None:
    program = demo.programs[PROGRAM]
    actor = program.coordinators.order_by("pk").first()
    pairs = list(
        program.pairs.filter(published_at__isnull=False)
        .select_related("mentor", "mentee", "mentor_user", "mentee_user")
        .order_by("pk")
    )
    if not pairs:
        return
    if not program.evaluations.exists():
        rng = random.Random(PROGRAM)
        objectives = _objectives_linked(program, actor)
        for index, pair in enumerate(pairs):
            _goals_and_meetings(pair, index, rng, objectives)
        _evaluate(program, actor, rng)
        services.report_request(program=program, actor=actor)
    for label, name in (
        ("Final evaluation", "evaluation:overview"),
        ("Results", "evaluation:results"),
        ("Learning objectives and competences", "programs:objectives"),
        ("PDF reports", "evaluation:reports"),
    ):
        demo.link(f"{label} of “{program.name}”", reverse(name, args=[program.pk]), actor)


# What each learning objective of the evaluated program develops, by the start of the
# competences' names.
OBJECTIVE_SKILLS = {
    "Trabajar con documentos compartidos": ("Almacenamiento en la nube", "Comunicación"),
    "Automatizar informes": ("Hojas de cálculo", "Resolución de problemas"),
    "Usar la firma electrónica": ("Seguridad", "Alfabetización"),
}


def _objectives_linked(program, actor) -> list:
    """Each learning objective develops the competences OBJECTIVE_SKILLS names."""
    objectives = list(program.learning_objectives.all())
    skills = list(program.skills.all())
    links = {}
    for objective in objectives:
        starts = next(
            (names for text, names in OBJECTIVE_SKILLS.items() if objective.text.startswith(text)),
            (),
        )
        links[objective.pk] = [s.pk for s in skills if s.name.startswith(starts)] if starts else []
    program_services.objectives_link(program=program, actor=actor, skills=links)
    return objectives


def _goals_and_meetings(pair, index: int, rng: random.Random, objectives: list) -> None:
    start = pair.program.start_date
    texts = [text for text, _phases in GOALS]
    goals = preparation_services.goals_brainstorm(pair=pair, owner=Goal.Owner.MENTEE, texts=texts)
    preparation_services.goals_prioritise(
        pair=pair, choices={g.pk: n for n, g in enumerate(goals, 1)}
    )
    for number, (goal, (_text, phases)) in enumerate(zip(goals, GOALS, strict=True)):
        preparation_services.goal_make_smart(
            goal=goal,
            objective=objectives[number % len(objectives)] if objectives else None,
            text=goal.text,
            smart={
                "specific": goal.text,
                "measurable": "Lo hago sin ayuda tres semanas seguidas.",
                "achievable": "Con una hora semanal de práctica con mi mentor.",
                "relevant": "Es el objetivo general del programa.",
                "time_bound": "Antes del final del programa.",
            },
            phases=[
                preparation_services.PhasePlan(n, text, start + datetime.timedelta(weeks=6 * n))
                for n, text in enumerate(phases, start=1)
            ],
        )
    done_phases = 6 - index % 4  # most pairs finish everything, some fall short
    now = timezone.now()
    for n, phase in enumerate(
        p
        for goal in Goal.objects.filter(pair=pair).prefetch_related("phases")
        for p in goal.phases.all()
    ):
        if n < done_phases:
            phase.done_at = now - datetime.timedelta(days=30)
            phase.save(update_fields=["done_at"])
    held = 6 + index % 5
    Meeting.objects.bulk_create(
        Meeting(
            pair=pair,
            starts_at=working_hours(start + datetime.timedelta(days=14 * n + 7), datetime.time(10)),
            status=Meeting.Status.HELD,
            place="Sala 2, planta primera",
            experiences="Repasamos cómo se prepara el cierre del mes.",
            knowledge=rng.choice(["Hojas compartidas", "Tablas dinámicas", "Firma electrónica"]),
            next_steps="Practicar lo visto antes de la próxima reunión.",
            logged_at=working_hours(start + datetime.timedelta(days=14 * n + 7), datetime.time(12)),
            created_by=pair.mentor_user,
        )
        for n in range(held)
    )


# Mentees accepted but left waiting for a pair: the comparison group of the evaluation.
WAITING = [
    "Mercedes Ortega Gil",
    "Ramón Vidal Soler",
    "Pilar Campos Ríos",
    "Jesús Prieto Mora",
    "Rosario Vega Cano",
    "Antonio Reyes Pardo",
]


def _waiting_group(program) -> None:
    """Six mentees accepted but left waiting (no mentor suited them), each a copy of an
    accepted mentee's application with their own name and lower ratings."""
    model = program.candidates.filter(desired_role=Candidate.Role.MENTEE).order_by("pk").first()
    if model is None or program.candidates.filter(full_name__in=WAITING).exists():
        return
    skills = list(program.skills.all())
    for n, name in enumerate(WAITING):
        candidate = Candidate.objects.get(pk=model.pk)
        candidate.pk = None
        candidate.access_token = new_token()
        candidate.full_name = name
        candidate.email = f"espera.{n}@example.com"
        candidate.status = Candidate.Status.ACCEPTED
        candidate.save()
        CandidateLanguage.objects.create(candidate=candidate, code="es")
        SkillRating.objects.bulk_create(
            SkillRating(candidate=candidate, skill=skill, level=1 + (n + skill.pk) % 2)
            for skill in skills
        )


def _evaluate(program, actor, rng: random.Random) -> None:
    _waiting_group(program)
    evaluation = services.evaluation_launch(
        program=program,
        kind=Evaluation.Kind.FINAL,
        closes_on=timezone.localdate(),
        actor=actor,
        comparison=True,
    )
    # Five of the six waiting answer; some learned a little on their own.
    for index, waiting in enumerate(
        ComparisonResponse.objects.filter(evaluation=evaluation)
        .select_related("candidate")
        .order_by("pk")[:5]
    ):
        before = {r.skill_id: r.level for r in waiting.candidate.ratings.all()}
        services.comparison_submit(
            response=waiting,
            levels={
                skill_id: min(5, level + (1 if (skill_id + index) % 4 == 0 else 0))
                for skill_id, level in before.items()
            },
        )
    responses = list(evaluation.responses.select_related("respondent", "candidate").order_by("pk"))
    skills = list(program.skills.all())
    for index, response in enumerate(responses):
        if index % 6 == 5:
            continue  # a few never answered
        before = {r.skill_id: r.level for r in response.candidate.ratings.all()}
        gain = (0, 2) if response.is_mentee else (0, 1)
        services.response_submit(
            response=response,
            answers={
                "relationship": rng.choice([4, 5, 5]),
                "meetings": rng.choice([3, 4, 4, 5]),
                "organisation": rng.choice([3, 4, 5]),
                "recommend": rng.choice([4, 5, 5, 3]),
                "objective_progress": rng.choice([3, 4, 4, 5]),
                "outcomes": rng.choice(OUTCOMES),
                "needs": rng.choice(NEEDS),
                "comments": COMMENTS[index % len(COMMENTS)] if index % 2 == 0 else "",
            },
            goal_progress={
                goal.pk: rng.choice([3, 4, 5])
                for goal in Goal.objects.filter(
                    pair__program=program,
                    pair__mentee_user=response.respondent,
                    owner=Goal.Owner.MENTEE,
                    selected=True,
                )
            }
            if response.is_mentee
            else {},
            skill_levels={
                skill.pk: min(5, before.get(skill.pk, 1) + rng.randint(*gain)) for skill in skills
            },
            objectives_met={
                objective.pk: rng.choice([3, 4, 4, 5])
                for objective in program.learning_objectives.all()
            },
        )
    for response in Response.objects.filter(evaluation=evaluation).exclude(comments="")[:3]:
        services.comment_select(response=response, selected=True)
    for response, highlight in zip(responses[:2], HIGHLIGHTS, strict=True):
        services.interview_save(
            program=program,
            participant=response.respondent,
            actor=actor,
            held_on=timezone.localdate() - datetime.timedelta(days=2),
            notes="Valora mucho el programa. Pide continuidad y una sesión de repaso.",
            highlight=highlight,
        )
    # The evaluation is over: launched before the program ended, closed yesterday.
    end = program.end_date
    Evaluation.objects.filter(pk=evaluation.pk).update(
        launched_at=timezone.now() - datetime.timedelta(days=14),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    Response.objects.filter(evaluation=evaluation, submitted_at__isnull=False).update(
        submitted_at=datetime.datetime.combine(end, datetime.time(12), tzinfo=datetime.UTC)
    )
