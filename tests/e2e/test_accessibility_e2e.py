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
