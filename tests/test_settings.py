"""Settings come from the environment; production mode passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-of-plenty-of-characters-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "mentoring.example.com",
    "DATABASE_URL": "sqlite:////tmp/mentoring-deploy-check.sqlite3",
}
# Variables of the machine or of other tests that must not leak into the checked process.
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def setting(name: str, **env: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="mentoring.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_mode_passes_check_deploy():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_fails_loudly():
    result = run(["manage.py", "check"], DEBUG="maybe")
    assert "DEBUG must be a boolean" in result.stderr


def test_embedded_default_is_sqlite_and_a_broker_without_a_server(tmp_path):
    assert setting("DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
    assert setting("CELERY_TASK_ALWAYS_EAGER") == "False"  # a real worker, as in production
    assert setting("CELERY_BROKER_URL").startswith("filesystem://")
    folder = setting("CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']", VAR_DIR=str(tmp_path))
    assert folder == str(tmp_path / "broker" / "messages")


def test_the_site_url_follows_the_port():
    assert setting("SITE_URL", PORT="8123") == "http://localhost:8123"
    assert setting("SITE_URL", PORT="8123", SITE_URL="https://m.example/") == "https://m.example"


def test_email_to_files(tmp_path):
    env = {"EMAIL_URL": f"file:///{tmp_path}"}  # like sqlite:////: the path after the third slash
    assert setting("EMAIL_BACKEND", **env) == "django.core.mail.backends.filebased.EmailBackend"
    assert setting("EMAIL_FILE_PATH", **env) == str(tmp_path)


def test_database_and_broker_come_from_the_environment():
    env = {
        "DATABASE_URL": "postgres://app:pw@db.internal:5432/mentoring",
        "REDIS_URL": "redis://cache.internal:6379/0",
    }
    assert setting("DATABASES['default']['ENGINE']", **env) == "django.db.backends.postgresql"
    assert setting("DATABASES['default']['HOST']", **env) == "db.internal"
    assert setting("CELERY_BROKER_URL", **env) == "redis://cache.internal:6379/0"
    assert setting("CELERY_TASK_ALWAYS_EAGER", **env) == "False"


def test_email_comes_from_email_url():
    env = {"EMAIL_URL": "smtp://mailer:pw@smtp.example.com:587/?tls=True"}
    assert setting("EMAIL_HOST", **env) == "smtp.example.com"
    assert setting("EMAIL_PORT", **env) == "587"
    assert setting("EMAIL_USE_TLS", **env) == "True"


def test_celery_app_discovers_tasks_from_settings():
    from mentoring.celery import app

    assert app.conf.task_always_eager is True
    assert app.main == "mentoring"
