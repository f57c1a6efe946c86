"""Single sign-on against a real OpenID Connect provider on loopback (tests/oidc_provider.py,
Authlib's server side): the code flow with state, nonce, PKCE and a signed ID token, as
mozilla-django-oidc runs it, with no mock of the client library."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.urls import reverse

from accounts.models import SecurityEvent, User
from tests.factories import CoordinatorFactory, UserFactory, published_pair
from tests.oidc import oidc_provider, use_provider

CALLBACK = "http://testserver/accounts/sso/callback/"
PEOPLE = {
    "rosa": {"password": "rosa-pass", "email": "ROSA.MENTEE@example.com", "given_name": "Rosa"},
    "laura": {
        "password": "laura-pass",
        "email": "laura.hr@example.com",
        "given_name": "Laura",
        "family_name": "Martín",
        "groups": ["hr-mentoring"],
    },
    "nobody": {"password": "nobody-pass", "email": "nobody@example.com"},
    "unverified": {
        "password": "x-pass",
        "email": "unverified@example.com",
        "email_verified": False,
    },
}


@pytest.fixture(scope="module")
def issuer():
    with oidc_provider(CALLBACK, PEOPLE) as url:
        yield url


@pytest.fixture
def provider(settings, issuer):
    use_provider(settings, issuer, OIDC_COORDINATOR_GROUP="hr-mentoring")
    return issuer


def sign_in(client, login: str, password: str, next_url: str = ""):
    """The browser's round trip: to the provider, its login form, back with a code."""
    start = client.get(reverse("accounts:sso_login") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    query = parse_qs(urlparse(start.url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    back = requests.post(
        start.url, data={"login": login, "password": password}, allow_redirects=False, timeout=10
    )
    assert back.status_code == 302, back.text
    assert back.headers["Location"].startswith(CALLBACK)
    return client.get(back.headers["Location"].removeprefix("http://testserver"), follow=True)


@pytest.mark.django_db
def test_a_participant_of_a_published_pair_signs_in_without_a_password(client, provider, program):
    pair = published_pair(program, mentee_name="Rosa Mentee")
    rosa = pair.mentee_user
    rosa.email = "rosa.mentee@example.com"
    rosa.set_unusable_password()  # as publishing the pairs leaves it
    rosa.save()
    page = sign_in(client, "rosa", "rosa-pass")
    assert page.wsgi_request.user.pk == rosa.pk
    assert page.status_code == 200 and "Lucía Mentora" in page.content.decode()  # her mentor


@pytest.mark.django_db
def test_the_coordinators_group_makes_a_coordinator_who_is_not_asked_a_second_code(
    client, provider, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    page = sign_in(client, "laura", "laura-pass", next_url=reverse("programs:list"))
    laura = User.objects.get(email="laura.hr@example.com")
    assert (laura.role, laura.first_name, laura.has_usable_password()) == (
        User.Role.COORDINATOR,
        "Laura",
        False,
    )
    assert page.redirect_chain[-1][0] == reverse("programs:list")
    assert page.status_code == 200


@pytest.mark.django_db
def test_leaving_the_group_takes_coordinator_rights_away(client, provider):
    former = CoordinatorFactory(username="rosa", email="rosa.mentee@example.com")
    sign_in(client, "rosa", "rosa-pass")
    former.refresh_from_db()
    assert former.role == User.Role.PARTICIPANT
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ROLE_CHANGED)
    assert (event.username, event.actor, event.data) == (
        "rosa",
        None,
        {"role": ["coordinator", "participant"]},
    )


@pytest.mark.django_db
def test_a_coordinator_whose_email_is_someone_elses_user_name_still_gets_an_account(
    client, provider
):
    UserFactory(username="laura.hr@example.com", email="other@example.com")
    sign_in(client, "laura", "laura-pass")
    laura = User.objects.get(email="laura.hr@example.com")
    assert laura.username.startswith("laura.hr@example.com-")
    assert laura.role == User.Role.COORDINATOR


@pytest.mark.django_db
def test_without_the_group_setting_roles_stay_in_the_product(client, settings, issuer):
    use_provider(settings, issuer, OIDC_COORDINATOR_GROUP="")
    coordinator = CoordinatorFactory(username="rosa", email="rosa.mentee@example.com")
    sign_in(client, "rosa", "rosa-pass")
    coordinator.refresh_from_db()
    assert coordinator.role == User.Role.COORDINATOR
    sign_in(client, "laura", "laura-pass")  # in the group, but groups do not count here
    assert not User.objects.filter(email="laura.hr@example.com").exists()


@pytest.mark.django_db
def test_a_deactivated_coordinator_stays_out_though_the_group_says_coordinator(client, provider):
    # Deactivated (by a coordinator, or by the identity provider over SCIM): the group's
    # claim makes no new account for the same address.
    CoordinatorFactory(username="laura", email="laura.hr@example.com", is_active=False)
    page = sign_in(client, "laura", "laura-pass")
    assert not page.wsgi_request.user.is_authenticated
    assert list(User.objects.filter(email__iexact="laura.hr@example.com")) == [
        User.objects.get(username="laura")
    ]


@pytest.mark.django_db
def test_nobody_gets_in_without_an_account_or_with_an_unverified_email(client, provider):
    UserFactory(username="unverified", email="unverified@example.com")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for login, password in (("nobody", "nobody-pass"), ("unverified", "x-pass")):
        page = sign_in(client, login, password)
        assert not page.wsgi_request.user.is_authenticated
        assert page.redirect_chain[-1][0] == "/accounts/login/"
        assert "Single sign-on did not let you in." in page.content.decode()
    assert not User.objects.filter(email="nobody@example.com").exists()


@pytest.mark.django_db
def test_a_forged_state_is_refused(client, provider):
    client.get(reverse("accounts:sso_login"))
    response = client.get(reverse("accounts:sso_callback"), {"code": "stolen", "state": "forged"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_id_token_from_another_issuer_is_refused(client, provider, settings, program):
    # The provider's tokens name it as their issuer; a site told to expect another refuses
    # them (mozilla-django-oidc checks neither issuer nor audience: accounts.sso does).
    pair = published_pair(program, mentee_name="Rosa Mentee")
    pair.mentee_user.email = "rosa.mentee@example.com"
    pair.mentee_user.save()
    settings.OIDC_OP_ISSUER = "https://login.elsewhere.example.com"
    response = sign_in(client, "rosa", "rosa-pass")
    assert response.status_code == 400 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_passwords_can_be_switched_off_for_all_but_superusers(client, provider, settings):
    settings.PASSWORD_LOGIN = False
    UserFactory(username="pablo", password="secret-pass-123")
    UserFactory(username="root", password="secret-pass-123", is_superuser=True, is_staff=True)
    login = reverse("accounts:login")
    refused = client.post(login, {"username": "pablo", "password": "secret-pass-123"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert refused.context["form"].errors.as_data()["__all__"][0].code == "password_login_off"
    assert (
        client.post(login, {"username": "root", "password": "secret-pass-123"}).status_code == 302
    )


@pytest.mark.django_db
def test_without_sso_configured_its_pages_do_not_exist(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("accounts:sso_login")).status_code == 404
    assert "sso" not in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_gives_a_page_and_leaves_passwords_working(
    client, settings
):
    from accounts import sso

    sso._discovery.cache_clear()
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = "mentoring"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("accounts:sso_login"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("accounts:login")
    assert "sign-in service cannot be reached" in page.content.decode()
    UserFactory(username="pablo")
    login = client.post(
        reverse("accounts:login"), {"username": "pablo", "password": "secret-pass-123"}
    )
    assert login.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_provider_that_stops_during_the_round_trip_gives_a_page(client, settings):
    with oidc_provider(CALLBACK, PEOPLE) as url:
        use_provider(settings, url)
        start = client.get(reverse("accounts:sso_login"))
        back = requests.post(
            start.url,
            data={"login": "rosa", "password": "rosa-pass"},
            allow_redirects=False,
            timeout=10,
        )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(back.headers["Location"].removeprefix("http://testserver"), follow=True)
    assert page.status_code == 200
    assert "sign-in service cannot be reached" in page.content.decode()
    assert "_auth_user_id" not in client.session
