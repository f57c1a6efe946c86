"""Create (or restore) the demo: every phase's demo seeder, in phase order.

Idempotent: running it again creates nothing twice and restores the demo passwords.
"""

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

import evaluation.demo
import matching.demo
import preparation.demo
import programs.demo
import sessions.demo
from programs.demo import DEMO_PASSWORD, STAFF, Demo

SEEDERS = (
    programs.demo.seed,
    matching.demo.seed,
    preparation.demo.seed,
    sessions.demo.seed,
    evaluation.demo.seed,
)


class Command(BaseCommand):
    help = "Create (or restore) the demo users, programs and candidates; print logins and links."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load the demo even though DEBUG is off (only on a site nobody else reaches).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                f"seed_demo creates the superuser 'admin' and other accounts with the published "
                f"password '{DEMO_PASSWORD}'. DEBUG is off, so this looks like a real site: "
                "nothing was created. Use createsuperuser instead, or add "
                "--allow-without-debug on a site that nobody else can reach."
            )
        demo = Demo()
        # The demo's history is made now, in this process: its emails are recorded as sent
        # (its people have made-up addresses, so nothing is really sent) and its report is
        # built before the site starts.
        eager = current_app.conf.task_always_eager
        current_app.conf.task_always_eager = True
        no_email = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        try:
            with no_email, transaction.atomic():
                for seed in SEEDERS:
                    seed(demo)
        finally:
            current_app.conf.task_always_eager = eager
        self._print_summary(demo)

    def _print_summary(self, demo: Demo) -> None:
        site = settings.SITE_URL
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data ready."))
        out.write("")
        out.write(f"Log in at {site}{reverse('accounts:login')} with one of these accounts:")
        out.write(f"  {'user name':<34} {'password':<16} who")
        for username, first, last, superuser in STAFF:
            who = "superuser (sees every program)" if superuser else "coordinator (HR)"
            out.write(f"  {username:<34} {DEMO_PASSWORD:<16} {first} {last}, {who}")
        for username, who in demo.participants:
            out.write(f"  {username:<34} {DEMO_PASSWORD:<16} {who} (participant)")
        out.write("")
        out.write("Links worth opening, each with an account that may open it:")
        for label, path, login in demo.links:
            out.write(f"  {label} (log in as {login}): {site}{path}")
        for label, path in demo.public_links:
            out.write(f"  {label} (no login): {site}{path}")
        out.write(f"  Administration (log in as admin): {site}{reverse('admin:index')}")
