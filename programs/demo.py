"""The demo of phase 1: HR staff and programs in different phases (Spanish names and texts).

Each app that has a phase to show adds a `demo.py` with a `seed(demo)` function, listed in
settings.DEMO_SEEDERS in phase order; `manage.py seed_demo` runs them all.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from accounts.models import User

from . import services
from .models import Program


@dataclass
class Demo:
    """What the seeders share: the demo's people and programs, and the links to print."""

    users: dict[str, User] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (label, path, login)
    public_links: list[tuple[str, str]] = field(default_factory=list)  # no login needed
    participants: list[tuple[str, str]] = field(default_factory=list)  # (user name, who)

    def link(self, label: str, path: str, login: User) -> None:
        """A page worth opening, with the demo account that may open it."""
        self.links.append((label, path, login.username))

    def coordinator(self, program: Program) -> User:
        """The account to open a program's pages with: its first coordinator."""
        return program.coordinators.order_by("pk").first()


DEMO_PASSWORD = "mentoring-demo"

STAFF = [
    # username, first name, last name, superuser
    ("admin", "Ana", "Administradora", True),
    ("laura.martin", "Laura", "Martín Sánchez", False),
    ("javier.ruiz", "Javier", "Ruiz Ortega", False),
    ("marta.gil", "Marta", "Gil Navarro", False),
    ("carmen.vidal", "Carmen", "Vidal Romero", False),
]


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


PROGRAMS = [
    {
        "name": "Transformación digital del área comercial",
        "focus": (
            "Los comerciales con más experiencia aprenden de compañeros jóvenes a usar el CRM, "
            "LinkedIn y la analítica de datos para vender mejor en un mercado digital."
        ),
        "general_objective": (
            "Reducir la brecha tecnológica del equipo comercial y que cada participante "
            "integre al menos dos herramientas digitales en su trabajo diario."
        ),
        "learning_objectives": [
            "Gestionar la cartera de clientes en el CRM sin ayuda",
            "Construir una presencia profesional en LinkedIn y usarla para prospectar",
            "Preparar informes de ventas con hojas de cálculo y Power BI",
            "Comunicarse entre generaciones y entender las tendencias de los consumidores",
        ],
        "start": 21,
        "end": 203,
        "cadence": Program.Cadence.FORTNIGHTLY,
        "capacity": 1,
        "coordinators": ["laura.martin", "javier.ruiz"],
        "hr_contacts": ["marta.gil"],
        "catalogue_reviewed": True,
    },
    {
        "name": "Liderazgo e innovación 2027",
        "focus": (
            "Los mandos intermedios descubren con mentores jóvenes cómo la inteligencia "
            "artificial generativa y el trabajo en la nube cambian la forma de liderar equipos."
        ),
        "general_objective": (
            "Impulsar la innovación: que cada mando proponga una mejora de su proceso "
            "apoyada en una herramienta digital."
        ),
        "learning_objectives": [
            "Usar asistentes de IA generativa con criterio y seguridad",
            "Coordinar equipos con documentos compartidos y videoconferencia",
            "Ampliar la red profesional más allá del propio departamento",
        ],
        "start": 60,
        "end": 240,
        "cadence": Program.Cadence.MONTHLY,
        "capacity": 2,
        "coordinators": ["laura.martin"],
        "hr_contacts": ["marta.gil", "javier.ruiz"],
        "catalogue_reviewed": False,
    },
    {
        "name": "Reverse mentoring 2025 · Operaciones",
        "focus": "Primera edición piloto con el área de operaciones y logística.",
        "general_objective": "Probar el formato de reverse mentoring con diez parejas.",
        "learning_objectives": [
            "Digitalizar los partes de trabajo",
            "Usar la videoconferencia con proveedores",
        ],
        "start": -400,
        "end": -220,
        "cadence": Program.Cadence.FORTNIGHTLY,
        "capacity": 1,
        "coordinators": ["javier.ruiz"],
        "hr_contacts": [],
        "catalogue_reviewed": True,
        "archived": True,
    },
    {
        "name": "Competencias digitales 2026 · Administración",
        "focus": (
            "El personal veterano de administración y finanzas aprende con compañeros jóvenes "
            "a trabajar en la nube y a automatizar las tareas repetitivas."
        ),
        "general_objective": (
            "Que cada participante trabaje a diario con documentos compartidos y automatice "
            "al menos una tarea repetitiva de su puesto."
        ),
        "learning_objectives": [
            "Trabajar con documentos compartidos en la nube",
            "Automatizar informes con hojas de cálculo",
            "Usar la firma electrónica y la administración digital",
        ],
        "start": -200,
        "end": -7,
        "cadence": Program.Cadence.FORTNIGHTLY,
        "capacity": 1,
        "coordinators": ["laura.martin", "carmen.vidal"],
        "hr_contacts": ["marta.gil"],
        "catalogue_reviewed": True,
    },
    {
        "name": "Digitalización de la planta de Zaragoza",
        "focus": "Técnicos de planta jóvenes acompañan a los jefes de turno en la industria 4.0.",
        "general_objective": "Que los jefes de turno usen los paneles de datos de producción.",
        "learning_objectives": ["Leer e interpretar los paneles de producción en tiempo real"],
        "start": -35,
        "end": 170,
        "cadence": Program.Cadence.WEEKLY,
        "capacity": 1,
        "coordinators": ["carmen.vidal"],
        "hr_contacts": [],
        "catalogue_reviewed": True,
    },
]


def seed(demo: Demo) -> None:
    demo.users.update({row[0]: _user(*row) for row in STAFF})
    for spec in PROGRAMS:
        program = _program(spec, demo.users)
        demo.programs[spec["name"]] = program
        demo.link(
            program.name, reverse("program_dashboard", args=[program.pk]), demo.coordinator(program)
        )


def _user(username: str, first: str, last: str, superuser: bool) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.com",
            "role": User.Role.COORDINATOR,
            "language": "es",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _program(spec: dict, users: dict[str, User]) -> Program:
    existing = Program.objects.filter(name=spec["name"]).first()
    if existing:
        return existing
    coordinators = [users[name] for name in spec["coordinators"]]
    actor = coordinators[0]
    program = services.program_create(
        actor=actor,
        name=spec["name"],
        focus=spec["focus"],
        general_objective=spec["general_objective"],
        learning_objectives=spec["learning_objectives"],
        start_date=_days(spec["start"]),
        end_date=_days(spec["end"]),
        meeting_cadence_days=spec["cadence"],
        mentor_capacity=spec["capacity"],
        language="es",
        coordinators=coordinators,
        hr_contacts=[users[name] for name in spec["hr_contacts"]],
    )
    if spec["catalogue_reviewed"]:
        services.skill_catalogue_save(program=program, actor=actor, skills=[], removed=[])
    if spec.get("archived"):
        services.program_archive(program=program, actor=actor)
    return program
