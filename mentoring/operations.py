"""What the organisation's operations team watches: /health/ for load balancers and
orchestrators (django-health-check), and /metrics/ for Prometheus (django-prometheus's
request figures, plus the product's own: the outbox and the jobs waiting)."""

import dataclasses
import hmac
import os

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

from evaluation.models import Report
from matching.models import MatchingRun
from notifications.models import Notification
from sessions.models import CalendarPush

from .celery import app


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker takes a connection (Redis, or the embedded default's folder): a web
    process that cannot reach it saves jobs that no worker hears of until it is back."""

    def run(self):
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=3)
        except Exception as error:  # kombu's transports raise many kinds for "unreachable"
            raise ServiceUnavailable("unreachable") from error


class Health(HealthCheckView):
    """Everything a web process needs to serve: the database, the cache, the broker and
    the file storage. 200 when all answer, 503 (not the library's 500: the process is up,
    something it depends on is not) when one does not."""

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        Broker,
        "health_check.checks.Storage",
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


class ProductCollector:
    """The product's own figures, read from the database at each scrape: the emails of the
    outbox by status, and how long the oldest job of each kind has been waiting (a growing
    age means no worker takes them)."""

    def collect(self):
        emails = GaugeMetricFamily(
            "mentoring_outbox_emails", "Emails of the outbox, by status.", labels=["status"]
        )
        counts = dict(Notification.objects.values_list("status").annotate(Count("pk")).order_by())
        for status in Notification.Status.values:
            emails.add_metric([status], counts.get(status, 0))
        yield emails

        now = timezone.now()
        oldest = GaugeMetricFamily(
            "mentoring_job_oldest_waiting_seconds",
            "Age of the oldest job waiting for a worker, by kind (0 when none waits).",
            labels=["job"],
        )
        waiting = {
            "email": Notification.objects.filter(
                status=Notification.Status.PENDING, next_attempt_at__lte=now
            ).aggregate(since=Min("next_attempt_at")),
            "report": Report.objects.filter(status=Report.Status.PENDING).aggregate(
                since=Min("pending_since")
            ),
            "matching_run": MatchingRun.objects.filter(status=MatchingRun.Status.PENDING).aggregate(
                since=Min("pending_since")
            ),
            "calendar_push": CalendarPush.objects.filter(
                status=CalendarPush.Status.PENDING, next_attempt_at__lte=now
            ).aggregate(since=Min("next_attempt_at")),
        }
        for job, row in waiting.items():
            since = row["since"]
            oldest.add_metric([job], (now - since).total_seconds() if since else 0.0)
        yield oldest

        failed = GaugeMetricFamily(
            "mentoring_jobs_failed", "Jobs that failed for good, by kind.", labels=["job"]
        )
        failed.add_metric(["report"], Report.objects.filter(status=Report.Status.FAILED).count())
        failed.add_metric(
            ["matching_run"],
            MatchingRun.objects.filter(status=MatchingRun.Status.FAILED).count(),
        )
        failed.add_metric(
            ["calendar_push"],
            CalendarPush.objects.filter(status=CalendarPush.Status.FAILED).count(),
        )
        yield failed


def _authorised(request) -> bool:
    expected = f"Bearer {settings.METRICS_TOKEN}"
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), expected.encode())


@never_cache
def metrics(request):
    """Prometheus's scrape, with the bearer token METRICS_TOKEN; off (404) without one, so
    nothing about the organisation's programs is public by default."""
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        # Several gunicorn workers: each writes its figures to that folder.
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    product = CollectorRegistry()
    product.register(ProductCollector())
    return HttpResponse(
        generate_latest(processes) + generate_latest(product), content_type=CONTENT_TYPE_LATEST
    )
