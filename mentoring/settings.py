"""Settings for the reverse-mentoring product, read from the environment in one place.

Defaults serve development on the embedded default (SQLite, Celery eager, emails printed to
the console). Production is this same file with other variables: see docs/operating.md.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"

# Secrets the site must read back (a person's app password for their own calendar server)
# are sealed with Fernet (accounts.sealing). FIELD_ENCRYPTION_KEYS lists Fernet keys, the
# newest first: the first seals, every one opens, so a key is rotated by putting a new one
# in front. Unset, one key is derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, used in links inside emails sent by background jobs,
# where there is no request to build an absolute URL from. It follows PORT when unset.
SITE_URL = env_str("SITE_URL", f"http://localhost:{env_int('PORT', 8000)}").rstrip("/")

# Files the site writes for itself on the embedded default (the broker's queue, beat's
# schedule); never served.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # django.contrib.admin, behind the second step
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "health_check",
    "django_prometheus",
    "rest_framework",
    "drf_spectacular",
    # The product, from the ground up: each app imports only those above it in this list
    # (an import-linter contract in the test run keeps it so).
    "notifications",
    "accounts",
    "directory",
    "programs",
    "matching",
    "preparation",
    "sessions.apps.MeetingsConfig",
    "evaluation",
    "mentoring",  # the composition of the phases
]

MIDDLEWARE = [
    # Request counts and latencies by view for Prometheus (mentoring.operations): first and
    # last, so that they time everything in between.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default is shared by the web server, the worker and beat: write-ahead
    # logging lets them read while one writes, and a write waits its turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the table of pairs' query (a dozen subqueries a pair) costs more
    # than PostgreSQL's JIT threshold at a few hundred pairs, and compiling it took 45 ms of
    # its 107 ms at 1,000 pairs. Pages run short queries, which JIT only slows down.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Wrong passwords (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, that
# account waits LOGIN_LOCKOUT_MINUTES; a device (address and browser: a whole office may
# share them) waits only after LOGIN_DEVICE_FAILURE_LIMIT failures, across many accounts
# (accounts.lockout). A coordinator can lift an account's lock. Each failure is kept, with
# its time and address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.sso.PasswordBackend",
    "accounts.sso.Backend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]  # in this order
AXES_HANDLER = "accounts.lockout.AccountFirstHandler"
LOGIN_DEVICE_FAILURE_LIMIT = env_int("LOGIN_DEVICE_FAILURE_LIMIT", 30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Spanish first (the source guide's language), English available.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# English dates with the month's name, never the US "12/04/2026" (mentoring/formats/en).
FORMAT_MODULE_PATH = ["mentoring.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Madrid")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads, reports and worksheets go through Django's storage API: a folder by default, or
# an S3-compatible object store (AWS S3, MinIO, Ceph…) when a bucket is named, so that web
# processes and workers on different machines share nothing but PostgreSQL, Redis and the
# store. Files are never public: every download goes through a view that checks who asks.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Another provider than AWS (MinIO, a local test server): its address.
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            # Keys from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the
            # machine's role, as boto3 finds them.
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The cache counts requests for the rate limits (password resets, applications) and keeps
# the figures pages computed from a program's data (programs.freshness): Redis when
# configured, so that every web process and worker shares it; on the embedded default, a
# folder, shared by the web process and the worker beside it (a worker's writes must reach
# the pages' figures).
# django-redis, because an unreachable Redis must be a cache miss (logged), not an error
# page: the pages then compute their figures, the rate limits let requests through.
_cache = env_str("CACHE_URL") or env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _cache,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
        if _cache
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# django-ratelimit refuses a folder, which does not increment atomically: good enough for
# the embedded default's one web process.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Django's form widgets are drawn with Jinja2 (see the module).
FORM_RENDERER = "mentoring.forms_renderer.Renderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"

# Two-factor authentication for coordinators who log in with a password: a code from any
# authenticator app (TOTP, django-otp), with recovery codes. With TWO_FACTOR_REQUIRED, a
# coordinator without it is asked to set it up before any coordinator page.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)

# Single sign-on with the company's OpenID Connect provider (Entra ID, Google Workspace,
# Okta…), through mozilla-django-oidc: on when a client id is set. The provider's endpoints
# come from its discovery document; the ID token's signature is checked against its keys,
# with state, nonce and PKCE. People are matched by verified email; with
# OIDC_COORDINATOR_GROUP set, that group in the OIDC_GROUPS_CLAIM claim makes a coordinator
# (and its absence a participant), otherwise roles stay assigned in the product.
OIDC_DISCOVERY_URL = env_str("OIDC_DISCOVERY_URL")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME")  # on the button: "Log in with …"
OIDC_EMAIL_CLAIM = env_str("OIDC_EMAIL_CLAIM", "email")
OIDC_REQUIRE_VERIFIED_EMAIL = env_bool("OIDC_REQUIRE_VERIFIED_EMAIL", True)
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_COORDINATOR_GROUP = env_str("OIDC_COORDINATOR_GROUP")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
if OIDC_RP_CLIENT_ID and not OIDC_DISCOVERY_URL:
    raise ImproperlyConfigured(
        "OIDC_CLIENT_ID needs OIDC_DISCOVERY_URL (the provider's discovery document)."
    )
# Password login for everyone (true), or for superusers only once SSO is on (false).
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Reverse mentoring")
RECOVERY_CODES = 10
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL (smtp://user:password@host:587/?tls=True, console://, ...).
_email = dj_email_url.parse(env_str("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
# A mail server that hangs holds a worker no longer than this (seconds).
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or env_int("EMAIL_TIMEOUT", 10)
if "EMAIL_FILE_PATH" in _email:  # file:///path/to/folder
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Reverse Mentoring <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. Production sets a broker (Redis); the embedded default is a broker that needs no
# server, a folder of messages, which `make run` serves with a real worker and beat.
# Every job is a database row first; the message only wakes a worker (see docs/operating.md, "What
# survives what"), so delivery is "at least once" and every task is idempotent.
CELERY_BROKER_URL = (
    env_str("CELERY_BROKER_URL") or env_str("REDIS_URL") or "filesystem://localhost/"
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "messages"),
        "data_folder_out": str(_queue / "messages"),
        "control_folder": str(_queue / "control"),
    }
else:
    # A message not acknowledged within this time is delivered again: longer than the
    # longest task (CELERY_TASK_TIME_LIMIT), short enough that a killed worker's messages
    # come back soon (the sweepers do not wait for them anyway).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900, "socket_connect_timeout": 3}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Tasks run in the calling process only where that is asked for (the tests).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# One message at a time per process: a long report never holds emails behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# PDF rendering is memory-hungry: a worker process is replaced once it grew past this (KB).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 300_000)
# No task runs for ever: past the soft limit it stops with an error it records.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# How long a worker's claim on a job (a report, a matching proposal) holds unless renewed:
# more than the time limit, so a claim that expired belongs to a worker that is gone (the
# sweeper takes it back).
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 360)
# Long jobs (reports, matching proposals) have their own queue, "reports", so a mail outage
# never makes them wait (and the other way round). A worker started without -Q consumes
# both; production may run one per queue.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("reports"))
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "evaluation.tasks.report_build": {"queue": "reports"},
    "matching.tasks.matching_run": {"queue": "reports"},
    "programs.tasks.pages_redraw": {"queue": "reports"},
}
# After a change commits, a job draws the program's kept pages again for their next reader
# (programs.redraw); where tasks run in the calling process (the tests), the writer would.
KEPT_PAGES_REDRAW = env_bool("KEPT_PAGES_REDRAW", not CELERY_TASK_ALWAYS_EAGER)
# Beat runs small scans that find in the database what is due and send it once, and the
# sweepers that take back the claims of dead workers and re-enqueue what was lost.
_REMINDERS_EVERY = env_int("REMINDERS_EVERY_SECONDS", 600)
_SWEEP_EVERY = env_int("SWEEP_EVERY_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "reminders": {"task": "sessions.tasks.reminders_scan", "schedule": _REMINDERS_EVERY},
    "questionnaire-reminders": {
        "task": "evaluation.tasks.reminders_scan",
        "schedule": _REMINDERS_EVERY,
    },
    "outbox-sweep": {"task": "notifications.tasks.outbox_sweep", "schedule": _SWEEP_EVERY},
    "reports-sweep": {"task": "evaluation.tasks.reports_sweep", "schedule": _SWEEP_EVERY},
    "calendar-sweep": {"task": "sessions.tasks.calendar_pushes_sweep", "schedule": _SWEEP_EVERY},
    "matching-sweep": {"task": "matching.tasks.matching_runs_sweep", "schedule": _SWEEP_EVERY},
    "mentor-requests": {
        "task": "matching.tasks.mentor_requests_expire",
        "schedule": _REMINDERS_EVERY,
    },
}

# People may have their meetings pushed to their own CalDAV server (sessions.calendars).
# The site refuses plain http and servers of a private network (the person would make the
# site call inside it), unless this allows both: development and tests only.
CALDAV_LOCAL_SERVERS = env_bool("CALDAV_LOCAL_SERVERS", False)

# Security. Production (DEBUG off) is served over HTTPS; SECURE_HTTPS=false is only for
# trying the production stack locally without a TLS proxy.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles and images from this site only, no
# inline script, handler or style (static/js/app.js binds the handlers). Bootstrap draws
# some controls with data: images. The admin is Django's own and keeps its inline bits.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Logs go to the console (the container's output). LOG_FORMAT=json writes one JSON object
# per line (python-json-logger), for a log collector; Celery then leaves Django's logging
# as it is instead of putting its own format on the root logger.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per task run belongs in a worker's log, not in the web process's.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# The REST API (mentoring.api, docs/integrations.md): coordinators' bearer tokens only (no
# session, so no CSRF), JSON in and out, 50 per page, and a rate per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["mentoring.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "mentoring.api.responses.Pages",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_RATE", "1000/hour"),
        "anon": env_str("API_ANONYMOUS_RATE", "60/hour"),
    },
    "EXCEPTION_HANDLER": "mentoring.api.responses.errors",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reverse mentoring API",
    "DESCRIPTION": "Programs, candidates, pairs, meetings and anonymised results of the "
    "programs the token's coordinator runs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProgramStatusEnum": "programs.models.Program.Status",
        "CandidateStatusEnum": "matching.models.Candidate.Status",
        "PairStatusEnum": "matching.models.Pair.Status",
        "MeetingStatusEnum": "sessions.models.Meeting.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mentoring.api.schema.error_responses",
    ],
}

# Operations (mentoring.operations): /health/ answers load balancers and orchestrators;
# /metrics/ answers Prometheus with this bearer token, and is off (404) without one.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Probes and scrapes come over plain http from inside the cluster: no redirect to https.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics/$"]

# SCIM 2.0 provisioning (mentoring.scim, docs/integrations.md): the identity provider
# creates, updates and deactivates people with a superuser's SCIM token; members of this
# group are coordinators.
SCIM_COORDINATORS_GROUP = env_str("SCIM_COORDINATORS_GROUP", "Mentoring coordinators")
SCIM_SERVICE_PROVIDER = {
    "NETLOC": urlsplit(SITE_URL).netloc,
    "SCHEME": urlsplit(SITE_URL).scheme,
    "BASE_LOCATION_GETTER": "mentoring.scim.provisioning.base_location",
    "AUTH_CHECK_MIDDLEWARE": "mentoring.scim.provisioning.ScimTokenCheck",
    "USER_ADAPTER": "mentoring.scim.provisioning.ScimUser",
    "GROUP_ADAPTER": "mentoring.scim.provisioning.ScimGroup",
    "GROUP_MODEL": "accounts.models.ProvisionedGroup",
    "GROUP_FILTER_PARSER": "mentoring.scim.filters.GroupFilter",
    "SERVICE_PROVIDER_CONFIG_MODEL": "mentoring.scim.provisioning.ServiceProviderConfig",
    "SCHEMAS_GETTER": "mentoring.scim.provisioning.schemas",
    "GET_EXTRA_MODEL_EXCLUDE_KWARGS_GETTER": "mentoring.scim.provisioning.hidden",
    "GET_QUERYSET_POST_PROCESSOR_GETTER": "mentoring.scim.provisioning.prefetched",
    "AUTHENTICATION_SCHEMES": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A SCIM token made by a superuser on the API tokens page.",
            "primary": True,
        }
    ],
    "WWW_AUTHENTICATE_HEADER": 'Bearer realm="scim"',
}
