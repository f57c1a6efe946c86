"""Create (or restore) the demo: every app's demo seeder, in phase order.

Idempotent: running it again creates nothing twice and restores the demo passwords.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from programs.demo import DEMO_PASSWORD, STAFF, Demo


class Command(BaseCommand):
    help = "Create (or restore) the demo users, programs and candidates; print logins and links."

    def handle(self, *args, **options):
        demo = Demo()
        # The demo's people have made-up addresses: whatever the email settings, it sends nothing.
        no_email = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with no_email, transaction.atomic():
            for path in settings.DEMO_SEEDERS:
                import_string(path)(demo)
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
        out.write("Links worth opening:")
        for label, path in demo.links:
            out.write(f"  {label}: {site}{path}")
        out.write(f"  Administration: {site}{reverse('admin:index')}")
