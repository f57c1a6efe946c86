"""The demo of phase 2: an open call with a realistic crowd of candidates."""

import datetime
import random
import unicodedata

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory import rows as directory_rows
from directory import services as directory_services
from directory.models import Person
from programs.demo import DEMO_PASSWORD, Demo
from programs.models import Program, Skill

from . import selectors
from .intake import services
from .models import (
    Candidate,
    CandidateLanguage,
    CandidateStatusChange,
    Pair,
    SkillRating,
    new_token,
)
from .pairing import services as services_pairs

# Program name -> days until the deadline (negative: closed), candidates, publish the pairs.
CALLS = {
    "Transformación digital del área comercial": (10, 44, False),
    "Digitalización de la planta de Zaragoza": (-45, 16, True),
    "Competencias digitales 2026 · Administración": (-210, 12, True),
}

# (first name, "f" or "m"): job titles and answers agree with the person.
FIRST_NAMES = [
    ("Lucía", "f"),
    ("Hugo", "m"),
    ("Martina", "f"),
    ("Mateo", "m"),
    ("Sofía", "f"),
    ("Leo", "m"),
    ("Julia", "f"),
    ("Daniel", "m"),
    ("Paula", "f"),
    ("Pablo", "m"),
    ("Valeria", "f"),
    ("Álvaro", "m"),
    ("Carmen", "f"),
    ("Manuel", "m"),
    ("Elena", "f"),
    ("Javier", "m"),
    ("Irene", "f"),
    ("Adrián", "m"),
    ("Noa", "f"),
    ("Sergio", "m"),
    ("Alba", "f"),
    ("Diego", "m"),
    ("Claudia", "f"),
    ("Marcos", "m"),
    ("Sara", "f"),
    ("Jorge", "m"),
    ("Marta", "f"),
    ("Raúl", "m"),
    ("Nerea", "f"),
    ("Iván", "m"),
]
LAST_NAMES = [
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
]
DEPARTMENTS = [
    "Comercial",
    "Marketing",
    "Finanzas",
    "Operaciones",
    "Atención al cliente",
    "Logística",
    "Tecnología",
]
# (for a woman, for a man)
MENTOR_ROLES = [
    ("Analista de datos júnior", "Analista de datos júnior"),
    ("Técnica de marketing digital", "Técnico de marketing digital"),
    ("Desarrolladora web", "Desarrollador web"),
    ("Community manager", "Community manager"),
    ("Becaria de transformación digital", "Becario de transformación digital"),
    ("Técnica de soporte", "Técnico de soporte"),
]
MENTEE_ROLES = [
    ("Jefa de ventas zona norte", "Jefe de ventas zona norte"),
    ("Directora comercial", "Director comercial"),
    ("Responsable de cuentas clave", "Responsable de cuentas clave"),
    ("Jefa de administración", "Jefe de administración"),
    ("Responsable de almacén", "Responsable de almacén"),
    ("Directora financiera", "Director financiero"),
]
ANSWERS = {
    "strengths": [
        "Escucho con atención y me adapto rápido a las herramientas nuevas.",
        "Conozco a fondo a nuestros clientes y el sector.",
        "Me organizo bien y me gusta explicar las cosas paso a paso.",
        "Tengo mucha experiencia negociando y liderando equipos.",
    ],
    "areas_to_deepen": [
        "Analítica de datos y cuadros de mando.",
        "Liderazgo y comunicación con perfiles sénior.",
        "Uso profesional de LinkedIn y redes sociales.",
        "Herramientas de IA para el trabajo diario.",
    ],
    "first_expectation": [
        "Ganar confianza con las herramientas digitales del día a día.",
        "Entender cómo trabajan las generaciones más jóvenes.",
        "Compartir lo que sé y aprender cómo se decide en la dirección.",
        "Ampliar mi red dentro de la empresa.",
    ],
    "self_description": [
        "Curiosidad, constancia y sentido del humor.",
        "Voy a lo práctico, hablo claro y pienso siempre en el cliente.",
        "Paciencia y ganas de resolver.",
        "Me exijo mucho y tengo ganas de aprender.",
    ],
    "current_challenges": [
        "Preparar los informes mensuales me lleva demasiado tiempo.",
        "Los clientes nos buscan en canales digitales que no domino.",
        "Me cuesta hacerme escuchar en reuniones con directivos.",
        "Coordinar un equipo que trabaja en remoto.",
    ],
    "mentoring_meaning": [
        "Aprender de alguien que ve las cosas desde otro lugar.",
        "Un espacio de confianza para crecer los dos.",
        "Una forma de devolver lo que otros me enseñaron.",
    ],
}
STATUSES = (
    [Candidate.Status.APPLIED] * 3
    + [Candidate.Status.ACCEPTED] * 4
    + [
        Candidate.Status.SHORTLISTED,
        Candidate.Status.DECLINED,
    ]
)


def seed(demo: Demo) -> None:
    for name, (deadline_days, count, publish) in CALLS.items():
        program = demo.programs[name]
        actor = program.coordinators.order_by("pk").first()
        call = selectors.call_for_program(program)
        if call.opened_at is None:
            call.deadline = timezone.localdate() + datetime.timedelta(days=deadline_days)
            call.save()
            services.call_open(call=call, actor=actor)
            if deadline_days < 0:
                services.call_close(call=call, actor=actor)
        if not program.candidates.exists():
            _candidates_create(
                program, count, everyone_accepted=publish, deadline_days=deadline_days
            )
        if publish and not program.pairs.exists():
            services_pairs.pairs_propose(program=program, actor=actor)
            services_pairs.pairs_publish(program=program, actor=actor)
            if program.start_date < timezone.localdate():  # published the day before it began
                program.pairs.update(
                    published_at=timezone.make_aware(
                        datetime.datetime.combine(
                            program.start_date - datetime.timedelta(days=1), datetime.time(9)
                        )
                    )
                )
            if deadline_days > -60:  # the program under way: its cohort already changed
                _cohort_changes(program, actor)
        if call.status == call.Status.OPEN:
            demo.public_links.append(
                (
                    f"Public application form of “{program.name}”",
                    reverse("matching:apply", args=[call.token]),
                )
            )
        demo.link(
            f"Candidates of “{program.name}”",
            reverse("matching:candidates", args=[program.pk]),
            actor,
        )
        demo.link(
            f"Pairing of “{program.name}”", reverse("matching:pairs", args=[program.pk]), actor
        )
        if publish:
            for pair in program.pairs.select_related("mentor_user", "mentee_user").order_by("pk")[
                :1
            ]:
                for user in (pair.mentor_user, pair.mentee_user):
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                    demo.participants.append(
                        (user.username, f"{user.get_full_name()}, {_roles(user)}")
                    )
    _directory_seed()
    staff = next(iter(demo.programs.values())).coordinators.order_by("pk").first()
    demo.link("HR directory", reverse("directory:people"), staff)


def _directory_seed() -> None:
    """The organisation as the HR system would list it, made from the demo's candidates
    after their pairs were formed (so the demo's pairs stay as they are): a general
    director, the six directors the candidates name as managers, and everyone else."""
    if Person.objects.exists():
        return
    today = timezone.localdate()
    rows = [["D0", "Dirección General", "direccion.general@example.com", "", "Dirección"]]
    rows += [
        [f"D{n}", f"Dirección {n}", f"direccion.{n}@example.com", "D0", "Dirección"]
        for n in range(1, 7)
    ]
    seen = {row[2] for row in rows}
    for number, candidate in enumerate(Candidate.objects.order_by("pk"), start=1):
        if candidate.email.lower() in seen or not candidate.manager_email.startswith("direccion."):
            continue
        seen.add(candidate.email.lower())
        manager = "D" + candidate.manager_email.split(".")[1].split("@")[0]
        hired = today.replace(year=today.year - candidate.years_in_organisation, day=1)
        rows.append(
            [
                f"E{number:04d}",
                candidate.full_name,
                candidate.email,
                manager,
                candidate.department,
                candidate.current_role[:150],
                str(candidate.level * 2),
                hired.isoformat(),
                "Zaragoza" if number % 3 == 0 else "Madrid",
                "es",
            ]
        )
    # People who have not applied, for the invitations from the directory.
    rows += [
        [
            f"N{n:03d}",
            name,
            _ascii(f"{name.replace(' ', '.')}@example.com"),
            "D2",
            "Ventas",
            "Comercial",
            str(grade),
            today.replace(year=today.year - years, day=1).isoformat(),
            "Madrid",
            "es",
        ]
        for n, (name, grade, years) in enumerate(
            [
                ("Alicia Romero", 8, 22),
                ("Tomás Herrera", 9, 27),
                ("Nuria Campos", 7, 15),
                ("Raúl Ortega", 3, 2),
                ("Sofía Prieto", 2, 1),
            ],
            start=1,
        )
    ]
    table = [directory_rows.COLUMNS, *[row + [""] * (10 - len(row)) for row in rows]]
    preview, errors = directory_services.directory_preview(
        file_name="rrhh-demo.csv", table=table, actor=None
    )
    if errors:
        raise ValueError(f"The demo's directory has errors: {errors[:3]}")
    directory_services.directory_apply(preview=preview)


def _cohort_changes(program: Program, actor) -> None:
    """A program that runs for months: one pair ended when its mentee changed jobs, and a
    late applicant waits for a pair (the matching page proposes one for both)."""
    pair = program.pairs.order_by("-pk").first()
    services_pairs.pair_status_change(
        pair=pair,
        action="end",
        actor=actor,
        reason=Pair.EndReason.LEFT,
        note="Ha cambiado de empresa.",
    )
    late = program.candidates.filter(desired_role=Candidate.Role.MENTEE).order_by("-pk").first()
    late.pk = None
    late.full_name, late.email = "Julia Ortega Ruiz", "julia.ortega@example.com"
    late.current_role = "Jefa de administración"
    late.access_token = new_token()
    late.save()
    for rating in SkillRating.objects.filter(candidate_id=pair.mentee_id):
        SkillRating.objects.create(
            candidate=late,
            skill_id=rating.skill_id,
            level=rating.level,
            wants_to_learn=rating.wants_to_learn,
        )
    for code in CandidateLanguage.objects.filter(candidate_id=pair.mentee_id).values_list(
        "code", flat=True
    ):
        CandidateLanguage.objects.create(candidate=late, code=code)
    CandidateStatusChange.objects.create(
        candidate=late, from_status="", to_status=Candidate.Status.ACCEPTED, actor=actor
    )


@transaction.atomic
def _candidates_create(
    program: Program, count: int, everyone_accepted: bool, deadline_days: int
) -> None:
    rng = random.Random(program.name)
    skills = list(program.skills.all())
    for index in range(count):
        role = [Candidate.Role.MENTOR, Candidate.Role.MENTEE, Candidate.Role.BOTH][
            index % 3 if index % 7 else 2
        ]
        mentor = role == Candidate.Role.MENTOR or (role == Candidate.Role.BOTH and index % 2 == 0)
        (first, gender), last = (
            rng.choice(FIRST_NAMES),
            f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
        )
        if everyone_accepted:
            status = Candidate.Status.ACCEPTED
        elif index == count - 1:
            status = Candidate.Status.WITHDRAWN
        else:
            status = rng.choice(STATUSES)
        candidate = Candidate.objects.create(
            program=program,
            status=status,
            full_name=f"{first} {last}",
            email=_ascii(f"{first}.{last.split()[0]}.{index}@example.com"),
            linkedin_url=f"https://www.linkedin.com/in/{first.lower()}-{index}",
            desired_role=role,
            current_role=rng.choice(MENTOR_ROLES if mentor else MENTEE_ROLES)[gender == "m"],
            department=rng.choice(DEPARTMENTS),
            manager_email=f"direccion.{rng.randint(1, 6)}@example.com",
            years_in_organisation=rng.randint(0, 4) if mentor else rng.randint(10, 30),
            level=rng.choice([1, 2]) if mentor else rng.choice([4, 5, 6]),
            availability=rng.sample([c.value for c in Candidate.Availability], k=rng.randint(1, 3)),
            consent_at=timezone.now(),
            # Applications come in before the deadline, when it has passed.
            application_date=timezone.localdate()
            + datetime.timedelta(days=min(deadline_days, 0) - rng.randint(0, 12)),
            **{field: rng.choice(options) for field, options in ANSWERS.items()},
        )
        CandidateLanguage.objects.bulk_create(
            CandidateLanguage(candidate=candidate, code=code)
            for code in {"es", *rng.sample(["en", "ca", "fr"], k=rng.randint(0, 2))}
        )
        SkillRating.objects.bulk_create(
            SkillRating(
                candidate=candidate,
                skill=skill,
                level=_level(rng, mentor, skill),
                wants_to_learn=(not mentor or role == Candidate.Role.BOTH) and rng.random() < 0.4,
            )
            for skill in skills
        )
        CandidateStatusChange.objects.create(
            candidate=candidate, to_status=Candidate.Status.APPLIED
        )
        if status != Candidate.Status.APPLIED:
            CandidateStatusChange.objects.create(
                candidate=candidate,
                from_status=Candidate.Status.APPLIED,
                to_status=status,
                actor=None
                if status == Candidate.Status.WITHDRAWN
                else program.coordinators.first(),
            )


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _level(rng: random.Random, mentor: bool, skill: Skill) -> int:
    if mentor:
        return (
            rng.choice([3, 4, 4, 5, 5])
            if skill.kind == Skill.Kind.TOOL
            else rng.choice([2, 3, 4, 5])
        )
    return rng.choice([1, 1, 2, 2, 3])


def _roles(user) -> str:
    """What someone is in the demo's published pairs: someone may be both."""
    published = Pair.objects.filter(published_at__isnull=False)
    roles = [
        role
        for role, pairs in (
            ("mentor", published.filter(mentor_user=user)),
            ("mentee", published.filter(mentee_user=user)),
        )
        if pairs.exists()
    ]
    return " and ".join(roles)
