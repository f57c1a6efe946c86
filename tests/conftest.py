"""Personas shared by the whole suite: who is asking matters on every page."""

import os

import pytest

from tests.factories import CoordinatorFactory, ProgramFactory, UserFactory

# The suite runs in parallel (pytest-xdist, one process per core, a test database each).
# Tests that share something outside their database (the Redis broker of a real worker,
# the embedded default's files, a process started with the project's defaults) or that
# time a real worker are marked "outside": `make test` runs them afterwards, one after
# another, alone on the machine, so a busy neighbour never makes their deadlines.
OUTSIDE = {
    "test_benchmarks.py",
    "test_broker_faults.py",
    "test_embedded_stack.py",
    "test_mail_server_faults.py",
    "test_object_storage.py",
    "test_report_faults.py",
    "test_settings.py",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "celery_worker_on_redis" in item.fixturenames or item.path.name in OUTSIDE:
            item.add_marker(pytest.mark.outside)


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


@pytest.fixture
def celery_worker_on_redis():
    """A real Celery worker, in a thread of this process, consuming from Redis.

    Tasks then travel through the broker as in production; emails still land in the test
    outbox because the worker shares this process. CI points CELERY_TEST_BROKER_URL at its
    Redis; by default the machine's Redis on 127.0.0.1 is used.
    """
    import redis
    from celery.contrib.testing.worker import start_worker

    from mentoring.celery import app

    url = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(
            f"The job tests need Redis at {url} ({error}); start it or set CELERY_TEST_BROKER_URL"
        )
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    _celery_connections_reset(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(previous)
        _celery_connections_reset(app)


def _celery_connections_reset(app):
    # Celery caches its broker connections and producers: drop them so the broker URL just
    # set is the one used (an eager task may already have opened a pool on the default).
    from kombu import pools

    pools.reset()  # closes kombu's shared producer pools and forgets them
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def call(program):
    from tests.factories import call_open

    return call_open(program)


@pytest.fixture
def pair(program):
    from tests.factories import published_pair

    return published_pair(program)


@pytest.fixture
def other_pair(program):
    from tests.factories import published_pair

    return published_pair(program, "Hugo Mentor", "Pedro Mentee")


@pytest.fixture(autouse=True)
def rate_limits_forgotten():
    """Each test starts with nobody over a rate limit (they are counted in the cache), and
    with no row remembered as some program's: a rolled-back test gives its ids again to
    other rows on SQLite (see programs.freshness._program_of_parent)."""
    from django.core.cache import cache

    from programs.freshness import _program_of_parent

    cache.clear()
    _program_of_parent.cache_clear()
    yield
