"""Single sign-on through the certified OpenID Connect provider (panva's oidc-provider, from
npm, started on loopback), beside the Authlib provider of tests/accounts/test_sso.py: a
participant and a coordinator log in in chromium; a forged state and an ID token meant for
another application are refused, and nobody is signed in."""

import re

import pytest
import requests
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.test_organisation_e2e import PEOPLE, provider_sign_in
from tests.factories import published_pair
from tests.oidc import oidc_provider, use_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rosa(program):
    """A mentee of a published pair, with no password: she signs in with the company's."""
    pair = published_pair(program, mentee_name="Rosa Mentee")
    rosa = pair.mentee_user
    rosa.email = "rosa.sso@example.com"
    rosa.set_unusable_password()
    rosa.save()
    return rosa


def signed_out(page) -> bool:
    page.goto("/me/")
    return page.url.split("?")[0].endswith("/accounts/login/")


def certified(live_server, settings, **options):
    provider = oidc_provider(
        f"{live_server.url}/accounts/sso/callback/", PEOPLE, certified=True, **options
    )
    issuer = provider.__enter__()
    use_provider(
        settings, issuer, OIDC_COORDINATOR_GROUP="hr-mentoring", OIDC_PROVIDER_NAME="Acme ID"
    )
    return provider


def test_a_participant_and_a_coordinator_log_in_through_the_certified_provider(
    page, live_server, settings, rosa
):
    provider = certified(live_server, settings)
    try:
        provider_sign_in(page, "rosa", "wrong-pass")
        expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")
        page.get_by_label("User name").fill("rosa")
        page.get_by_label("Password").fill("rosa-pass")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Lucía Mentora").first).to_be_visible()  # her pair's start
        assert page.evaluate("document.cookie").count("sessionid") == 0  # HttpOnly

        page.context.clear_cookies()
        provider_sign_in(page, "carmen", "carmen-pass")
        expect(page.get_by_role("heading", name="Programas", exact=True)).to_be_visible()
        carmen = User.objects.get(email="carmen.hr@example.com")
        assert (carmen.role, carmen.last_name, carmen.has_usable_password()) == (
            User.Role.COORDINATOR,
            "Vidal",
            False,
        )
    finally:
        provider.__exit__(None, None, None)


def test_a_forged_state_is_refused_and_the_true_one_still_works(live_server, settings, rosa):
    # The browser's round trip, by hand, so as to stop before the way back: a browser
    # cannot hold a redirect that another redirect started.
    provider = certified(live_server, settings)
    try:
        browser = requests.Session()
        to_provider = browser.get(f"{live_server.url}/accounts/sso/", timeout=10)
        assert to_provider.status_code == 200 and "Company sign-in" in to_provider.text
        answered = browser.post(
            to_provider.url,
            data={"login": "rosa", "password": "rosa-pass"},
            allow_redirects=False,
            timeout=10,
        )
        resumed = browser.get(answered.headers["Location"], allow_redirects=False, timeout=10)
        true_url = resumed.headers["Location"]
        assert true_url.startswith(f"{live_server.url}/accounts/sso/callback/?code=")

        forged = re.sub(r"state=[^&]+", "state=forged-by-someone-else", true_url)
        assert browser.get(forged, timeout=10).status_code == 400
        assert browser.get(f"{live_server.url}/me/", timeout=10).url.startswith(
            f"{live_server.url}/accounts/login/"
        )
        # The provider's code was never used: with its own state it lets Rosa in.
        home = browser.get(true_url, timeout=10)
        assert home.url == f"{live_server.url}/me/" and "Lucía Mentora" in home.text
    finally:
        provider.__exit__(None, None, None)


def test_an_id_token_meant_for_another_application_is_refused(page, live_server, settings, rosa):
    provider = certified(live_server, settings, audience="another-application")
    try:
        provider_sign_in(page, "rosa", "rosa-pass")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.url.startswith(f"{live_server.url}/accounts/sso/callback/")
        assert signed_out(page)
    finally:
        provider.__exit__(None, None, None)
