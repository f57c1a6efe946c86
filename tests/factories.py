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
