import datetime

import factory
from django.utils import timezone

from accounts.models import User
from programs import services
from programs.models import Program


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="es_ES")
    last_name = factory.Faker("last_name", locale="es_ES")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    role = User.Role.PARTICIPANT
    password = factory.django.Password("secret-pass-123")


class CoordinatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"coordinator{n}")
    role = User.Role.COORDINATOR


class ProgramFactory(factory.Factory):
    """Programs are built through the service, as a coordinator would create them."""

    class Meta:
        model = Program

    actor = factory.SubFactory(CoordinatorFactory)
    name = factory.Sequence(lambda n: f"Programa de mentoring inverso {n}")
    focus = "Competencias digitales para el equipo comercial."
    general_objective = "Reducir la brecha tecnológica entre generaciones."
    learning_objectives = factory.LazyFunction(
        lambda: ["Usar el CRM con soltura", "Presentar datos con hojas de cálculo"]
    )
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(lambda p: p.start_date + datetime.timedelta(weeks=24))
    meeting_cadence_days = Program.Cadence.FORTNIGHTLY
    mentor_capacity = 1
    language = "es"
    coordinators = ()
    hr_contacts = ()

    @classmethod
    def _create(cls, model_class, actor, **kwargs):
        return services.program_create(actor=actor, **kwargs)


def call_open(program: Program, **changes):
    """The program's call, opened (deadline in two weeks unless changed)."""
    from matching.models import Call
    from matching.selectors import call_for_program

    call = call_for_program(program)
    for name, value in {"status": Call.Status.OPEN, **changes}.items():
        setattr(call, name, value)
    call.save()
    return call


class CandidateFactory(factory.django.DjangoModelFactory):
    """A candidate with a language and a rating for every skill of the program's catalogue."""

    class Meta:
        model = "matching.Candidate"
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    full_name = factory.Faker("name", locale="es_ES")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    desired_role = "mentee"
    current_role = "Jefa de ventas"
    strengths = "Conozco bien a los clientes."
    areas_to_deepen = "Analítica de datos."
    first_expectation = "Ganar soltura con Excel."
    self_description = "Constante y curiosa."
    current_challenges = "Los informes me llevan mucho tiempo."
    mentoring_meaning = "Aprender de otra generación."
    department = "Comercial"
    years_in_organisation = 15
    level = 4
    availability = factory.LazyFunction(lambda: ["morning"])
    consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def languages(candidate, create, extracted, **kwargs):
        from matching.models import CandidateLanguage

        if not create:
            return
        CandidateLanguage.objects.bulk_create(
            CandidateLanguage(candidate=candidate, code=code) for code in (extracted or ["es"])
        )

    @factory.post_generation
    def ratings(candidate, create, extracted, **kwargs):
        """ratings={"Seguridad": (4, True)} sets those skills; every other skill gets 2."""
        from matching.models import SkillRating

        if not create:
            return
        extracted = extracted or {}
        SkillRating.objects.bulk_create(
            SkillRating(
                candidate=candidate,
                skill=skill,
                level=extracted.get(skill.name, (2, False))[0],
                wants_to_learn=extracted.get(skill.name, (2, False))[1],
            )
            for skill in candidate.program.skills.all()
        )


def published_pair(program, mentor_name="Lucía Mentora", mentee_name="Rosa Mentee", **users):
    """A published pair with its two participant accounts (password secret-pass-123)."""
    from matching.models import Pair

    mentor = CandidateFactory(
        program=program, full_name=mentor_name, desired_role="mentor", status="accepted"
    )
    mentee = CandidateFactory(
        program=program, full_name=mentee_name, desired_role="mentee", status="accepted"
    )
    mentor_user = users.get("mentor_user") or UserFactory(
        username=mentor.email, email=mentor.email, first_name=mentor_name.split()[0]
    )
    mentee_user = users.get("mentee_user") or UserFactory(
        username=mentee.email, email=mentee.email, first_name=mentee_name.split()[0]
    )
    return Pair.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        score=80.0,
        published_at=timezone.now(),
        locked=True,
        mentor_user=mentor_user,
        mentee_user=mentee_user,
    )


def logged_in(user):
    """A browser of the test client, logged in as this person."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
