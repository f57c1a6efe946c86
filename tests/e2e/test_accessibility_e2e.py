"""The demo's pages, as each kind of person sees them, have no serious or critical
accessibility violation (axe-core, WCAG 2.2 AA), on a desktop and on a phone."""

import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import accessibility_problems, log_in


@pytest.mark.parametrize("width", [1280, 390])
def test_the_demo_pages_are_accessible(page, settings, capsys, width):
    settings.DEBUG = True  # the demo is for a development site
    call_command("seed_demo")
    out = capsys.readouterr().out
    page.set_viewport_size({"width": width, "height": 900})
    links = re.findall(r"\(log in as (\S+)\): http://localhost:\d+(\S+)", out)
    problems = accessibility_problems(page, ["/accounts/login/"])
    for username in dict.fromkeys(user for user, _path in links):
        page.context.clear_cookies()
        log_in(page, username, "mentoring-demo")
        paths = [path for user, path in links if user == username and "/admin/" not in path]
        problems += accessibility_problems(page, paths)
    assert problems == []


def test_every_main_page_fits_a_phone_without_sideways_scrolling(page, settings, capsys):
    """At 390 px, no page scrolls sideways: wide tables scroll inside their own box."""
    from django.urls import reverse

    from matching.models import Pair
    from programs.models import Program

    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    page.set_viewport_size({"width": 390, "height": 844})
    links = re.findall(r"\(log in as (\S+)\): http://localhost:\d+(\S+)", out)
    paths: dict[str, list[str]] = {}
    for user, path in links:
        if "/admin/" not in path:
            paths.setdefault(user, []).append(path)
    for program in Program.objects.all():
        coordinator = program.coordinators.order_by("pk").first().username
        pair = Pair.objects.filter(program=program, published_at__isnull=False).first()
        paths.setdefault(coordinator, []).extend(
            [
                reverse("programs:list"),
                reverse("sessions:pairs_overview", args=[program.pk]),
                reverse("evaluation:overview", args=[program.pk]),
                reverse("evaluation:results", args=[program.pk]),
                *(
                    [reverse("evaluation:answers", args=[program.pk, "comments"])]
                    if program.evaluations.exists()
                    else []
                ),
                reverse("evaluation:reports", args=[program.pk]),
                reverse("preparation:overview", args=[program.pk]),
                *([reverse("sessions:workspace", args=[pair.pk])] if pair else []),
            ]
        )
    wide = []
    for username, visits in paths.items():
        page.context.clear_cookies()
        log_in(page, username, "mentoring-demo")
        for path in dict.fromkeys(visits):
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide.append((path, width))
    assert wide == [], wide
