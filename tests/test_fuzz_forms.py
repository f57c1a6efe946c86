"""Malformed input to every form of the product, posted by its legitimate user: wrong types,
numbers too large for any database, 100,000-character strings, NUL bytes, missing and
tampered formset management forms. Nothing answers 500."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from matching.models import Call, Candidate
from tests.test_access_matrix import OWN, PAIR, PROGRAM, PUBLIC, ROUTES, routes, victim_ids

pytestmark = pytest.mark.django_db

BAD_VALUES = ["abc", "9" * 25, "-1", "x" * 100_000, "a\x00b", ""]
# Fields an action without a page of its own reads.
ACTION_FIELDS = [
    "pair",
    "mentor",
    "notification",
    "recipients",
    "candidates",
    "status",
    "done",
    "locked",
    "reason",
    "rating",
    "comment",
    "text",
    "kind",
    "closes_on",
    "selected",
]
FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"')


def payloads(names: list[str]) -> list[dict]:
    names = [name for name in names if name != "csrfmiddlewaretoken"]
    forms = [dict.fromkeys(names, value) for value in BAD_VALUES]
    # Formsets: management forms missing, or tampered.
    prefixes = {name.split("-")[0] for name in names if name.endswith("-TOTAL_FORMS")}
    for prefix in prefixes:
        forms.append({f"{prefix}-TOTAL_FORMS": "abc", f"{prefix}-INITIAL_FORMS": "-5"})
        forms.append({f"{prefix}-TOTAL_FORMS": "99999999", f"{prefix}-INITIAL_FORMS": "0"})
        forms.append({name: "x" for name in names if "-FORMS" not in name})
    # Several values where one is expected.
    forms.append({name: ["1", "abc", "9" * 25] for name in names})
    return forms


def test_no_form_answers_500_to_malformed_input(settings):
    settings.DEBUG = True  # the demo is for a development site
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ids = victim_ids()
    program, pair = ids["_program"], ids["_pair"]
    people = {
        PROGRAM: program.coordinators.order_by("pk").first(),
        PAIR: pair.mentee_user,
        OWN: pair.mentor_user,
        PUBLIC: None,
    }
    open_call = Call.objects.filter(status=Call.Status.OPEN).first()
    applicant = Candidate.objects.filter(program=open_call.program).first()
    secret = {
        "matching:apply": {"token": open_call.token},
        "matching:privacy": {"token": open_call.token},
        "matching:application": {"token": applicant.access_token},
        "matching:application_edit": {"token": applicant.access_token},
        "matching:application_withdraw": {"token": applicant.access_token},
    }
    failures = []
    skipped = {"accounts:logout", "accounts:password_reset_confirm"}
    for name, pattern in routes():
        if name in skipped:
            continue
        kind = ROUTES[name]
        user = people.get(kind)
        if name in secret:
            kwargs = secret[name]
        else:
            kwargs = {key: ids[key] for key in pattern.pattern.converters}
        url = reverse(name, kwargs=kwargs)
        browser = Client(raise_request_exception=False)
        if isinstance(user, User):
            browser.force_login(user)
        page = browser.get(url)
        html = page.getvalue().decode(errors="replace") if page.status_code == 200 else ""
        names = FIELD.findall(html)
        for data in payloads(names or ACTION_FIELDS):
            response = browser.post(url, data)
            if response.status_code >= 500:
                failures.append((name, sorted(data)[:4], response.status_code))
                break
    assert failures == []
