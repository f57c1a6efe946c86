"""Personas shared by the whole suite: who is asking matters on every page."""

import pytest

from tests.factories import CoordinatorFactory, ProgramFactory, UserFactory


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(username="laura", first_name="Laura", last_name="Martín")


@pytest.fixture
def program(coordinator):
    return ProgramFactory(actor=coordinator, name="Transformación digital")


@pytest.fixture
def other_coordinator(db):
    """HR staff who coordinate another program and must not see this one."""
    other = CoordinatorFactory(username="carmen")
    ProgramFactory(actor=other, name="Planta de Zaragoza")
    return other


@pytest.fixture
def participant(db):
    return UserFactory(username="pablo")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
