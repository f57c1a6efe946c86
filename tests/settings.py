"""The test run: the product's settings, with only what makes tests fast or isolated."""

from mentoring.settings import *  # noqa: F403

# Hashing a password the secure way takes a noticeable share of a test's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Jobs run in the test's process; the job tests that need a real worker on Redis say so.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://localhost/"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Nor does every change draw the kept pages again in the writer (tests/programs/test_kept.py
# switches it on).
KEPT_PAGES_REDRAW = False
# The test client logs in without a request, which django-axes refuses; the lockout tests
# switch it on.
AXES_ENABLED = False

# Each test process keeps its own cache (xdist's processes each have their own database,
# where the same program ids mean different programs); the job tests' worker is a thread.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The calendar tests push to a Radicale server on loopback, over plain http.
CALDAV_LOCAL_SERVERS = True
