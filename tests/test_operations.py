"""What the operations team watches: /health/ (each dependency, 503 when one is down),
/metrics/ (Prometheus's text format, behind a bearer token, with the outbox and the jobs
waiting), JSON logs, and the Kubernetes manifests checked against Kubernetes' own schemas."""

import datetime
import json
import os
import pathlib
import subprocess
import sys

import kubernetes_validate
import pytest
import yaml
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from evaluation.models import Report
from mentoring.celery import app
from notifications.models import Notification

pytestmark = pytest.mark.django_db
ROOT = pathlib.Path(__file__).resolve().parent.parent


def health(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_health_answers_each_dependency(client):
    status, checks = health(client)
    assert status == 200
    assert checks == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "Broker()": "OK",
        "Storage(alias='default')": "OK",
    }


def test_an_unreachable_broker_makes_health_503_and_says_which(client, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    status, checks = health(client)
    assert status == 503
    assert checks["Broker()"] != "OK" and checks["Database(alias='default')"] == "OK"


def test_an_unreachable_cache_makes_health_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/1",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }
    status, checks = health(client)
    assert status == 503 and checks["Cache(alias='default')"] != "OK"


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def samples(body: str) -> dict:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def test_metrics_need_the_token_and_are_off_without_one(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics/").status_code == 404
    settings.METRICS_TOKEN = "scrape-token"
    assert client.get("/metrics/").status_code == 401
    wrong = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-tokeN")
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-token").status_code == 200


def test_metrics_count_the_outbox_and_age_the_waiting_jobs(client, settings, program):
    settings.METRICS_TOKEN = "scrape-token"
    now = timezone.now()
    for status, count in (("pending", 3), ("failed", 2), ("sent", 1)):
        for number in range(count):
            Notification.objects.create(
                kind="x",
                email=f"{status}{number}@example.com",
                language="es",
                key=f"{status}{number}",
                status=status,
                next_attempt_at=now - datetime.timedelta(minutes=10),
            )
    Report.objects.create(
        program=program,
        status="pending",
        requested_at=now,
        pending_since=now - datetime.timedelta(minutes=5),
    )
    client.get("/accounts/login/")
    body = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-token").content.decode()
    figures = samples(body)
    emails = {
        status: figures[("mentoring_outbox_emails", (("status", status),))]
        for status in ("pending", "sending", "sent", "failed")
    }
    assert emails == {"pending": 3, "sending": 0, "sent": 1, "failed": 2}
    age = figures[("mentoring_job_oldest_waiting_seconds", (("job", "email"),))]
    assert 600 <= age < 700
    report_age = figures[("mentoring_job_oldest_waiting_seconds", (("job", "report"),))]
    assert 300 <= report_age < 400
    assert figures[("mentoring_job_oldest_waiting_seconds", (("job", "matching_run"),))] == 0
    # django-prometheus's figures of the requests, by view.
    assert any(
        name == "django_http_requests_total_by_view_transport_method_total"
        and dict(labels).get("view") == "accounts:login"
        for name, labels in figures
    )


def log_line(**environment) -> subprocess.CompletedProcess:
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('sessions.calendars').warning('Calendar push %s failed', 7)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring.settings", **environment},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_logs_are_one_json_object_per_line_when_asked():
    result = log_line(LOG_FORMAT="json")
    (line,) = [line for line in result.stderr.splitlines() if "Calendar push" in line]
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["logger"] == "sessions.calendars"
    assert record["message"] == "Calendar push 7 failed" and record["time"]
    plain = log_line(LOG_FORMAT="text")
    assert "Calendar push 7 failed" in plain.stderr and "{" not in plain.stderr
    wrong = log_line(LOG_FORMAT="xml")
    assert wrong.returncode != 0 and "LOG_FORMAT must be text or json" in wrong.stderr


MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))


def documents():
    for path in MANIFESTS:
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                yield path.name, document


def test_the_kubernetes_manifests_are_valid_for_kubernetes():
    kinds = set()
    for name, document in documents():
        # Strict: a misspelt or misplaced field fails, as kubectl's server-side check would.
        try:
            kubernetes_validate.validate(document, "1.37.0", strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{name}: {error.message}")
        kinds.add(document["kind"])
    assert MANIFESTS and {"Deployment", "Service", "Job", "ConfigMap", "Ingress"} <= kinds


def test_the_manifests_probe_health_and_set_only_settings_that_exist():
    settings_text = (ROOT / "mentoring" / "settings.py").read_text()
    deployments = {d["metadata"]["name"]: d for _n, d in documents() if d["kind"] == "Deployment"}
    web = deployments["web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["readinessProbe"]["httpGet"]["path"] == "/health/"
    assert web["livenessProbe"]["httpGet"]["path"] == "/health/"
    assert deployments["beat"]["spec"]["replicas"] == 1
    (config,) = [d for _n, d in documents() if d["kind"] == "ConfigMap"]
    for variable in config["data"]:
        assert f'"{variable}"' in settings_text, variable
