"""Bad input answers 400 or the form again with its errors, never 500: ids that are not
numbers or too large for any database, tampered formsets, NUL bytes, huge values."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import published_pair

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


@pytest.fixture
def coordinator_browser(coordinator):
    browser = Client(raise_request_exception=False)
    browser.force_login(coordinator)
    return browser


def cases(program, pair):
    mentee = pair.mentee
    return [
        ("evaluation:report_request", [program.pk], {"pair": "abc"}, 400),
        ("evaluation:report_request", [program.pk], {"pair": HUGE}, 400),
        ("matching:alternatives", [program.pk, mentee.pk], {"mentor": "abc"}, 400),
        ("programs:edit", [program.pk], {"name": "x", "coordinators": [HUGE]}, 200),
        ("programs:edit", [program.pk], {"name": "a\x00b", "hr_contacts": ["abc"]}, 200),
        ("programs:skills", [program.pk], {"skills-TOTAL_FORMS": "abc"}, 200),
        ("programs:skills", [program.pk], {"skills-TOTAL_FORMS": "99999999"}, 200),
        ("programs:skills", [program.pk], {}, 200),
        ("preparation:welcome_send", [program.pk], {"recipients": [HUGE]}, 400),
        ("programs:emails_retry", [program.pk], {"notification": ["abc"]}, 400),
        ("matching:bulk_status", [program.pk], {"candidates": [HUGE], "status": "x"}, 302),
    ]


def test_malformed_posts_never_answer_500(coordinator_browser, program):
    pair = published_pair(program)
    for name, args, data, expected in cases(program, pair):
        response = coordinator_browser.post(reverse(name, args=args), data)
        assert response.status_code == expected, (name, data, response.status_code)


def test_a_bad_request_answers_the_sites_own_page(coordinator_browser, program):
    published_pair(program)
    response = coordinator_browser.post(
        reverse("evaluation:report_request", args=[program.pk]), {"pair": "abc"}
    )
    assert response.status_code == 400
    assert "No hemos podido entender la petición" in response.content.decode()
