"""SCIM 2.0 provisioning: the identity provider creates, updates and deactivates people
with a superuser's SCIM token; deactivated people cannot sign in and follow the HR
directory's leavers path; the coordinators' group gives and takes rights; bad tokens and
malformed payloads get SCIM's JSON errors, never a 500."""

import json

import hypothesis
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from accounts.api_tokens import api_token_create
from accounts.models import ApiToken, ProvisionedGroup, SecurityEvent, User
from directory.models import Person
from matching.leavers import program_leavers
from matching.models import Candidate
from notifications.models import Notification
from tests.factories import CandidateFactory, ProgramFactory, UserFactory, published_pair

pytestmark = pytest.mark.django_db

SCIM_JSON = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def scim_token(superuser):
    return api_token_create(user=superuser, name="Entra ID", days=30, scope="scim")[1]


@pytest.fixture
def scim(scim_token):
    """Requests as the identity provider sends them."""
    client = Client()

    def call(method, path, body=None, token=scim_token):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str) else json.dumps(body)
            kwargs["content_type"] = SCIM_JSON
        return getattr(client, method)(f"/scim/v2/{path}", **kwargs)

    return call


def new_person(scim, user_name="ana.ruiz@example.com", **changes):
    body = {
        "schemas": [USER_SCHEMA],
        "userName": user_name,
        "externalId": "entra-0001",
        "name": {"givenName": "Ana", "familyName": "Ruiz"},
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "preferredLanguage": "en",  # read only: each person chooses theirs
        "active": True,
        "password": "from-the-provider-1",
        **changes,
    }
    return scim("post", "Users", body)


def patch(*operations):
    return {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}


def test_a_person_is_created_found_and_signs_in_with_the_sso_only(scim, superuser):
    response = new_person(scim)
    assert response.status_code == 201 and response["Content-Type"] == SCIM_JSON
    created = response.json()
    person = User.objects.get(username="ana.ruiz@example.com")
    assert created["id"] == person.scim_id and response["Location"].endswith(
        f"/scim/v2/Users/{person.scim_id}"
    )
    assert (person.first_name, person.last_name, person.email, person.language) == (
        "Ana",
        "Ruiz",
        "ana.ruiz@example.com",
        "es",
    )
    assert person.scim_external_id == "entra-0001" and person.role == User.Role.PARTICIPANT
    # The provider's password is not kept: people sign in with the organisation's SSO.
    assert not person.has_usable_password()
    assert created["displayName"] == "Ana Ruiz" and created["active"] is True

    found = scim("get", 'Users?filter=userName eq "ana.ruiz@example.com"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == person.scim_id
    assert scim("get", f"Users/{person.scim_id}").json()["emails"][0]["value"] == person.email
    # Each request is in the security log, as the superuser's token.
    used = SecurityEvent.objects.filter(kind="api_token_used", actor=superuser)
    assert [event.data["method"] for event in used.order_by("id")] == ["POST", "GET", "GET"]


def test_a_deactivated_person_cannot_sign_in_and_follows_the_leavers_path(
    scim, coordinator, program
):
    pair = published_pair(program)
    mentor = pair.mentor_user
    mentor.scim_external_id = "entra-0002"
    mentor.save()
    other_program = ProgramFactory(actor=coordinator, name="Planta de Zaragoza")
    waiting = CandidateFactory(program=other_program, email=mentor.email, status="applied")
    browser = Client()
    browser.force_login(mentor)
    assert browser.get(reverse("participant_home")).status_code == 200

    # Entra ID sends booleans as strings.
    response = scim(
        "patch",
        f"Users/{mentor.scim_id}",
        patch({"op": "Replace", "path": "active", "value": "False"}),
    )
    assert response.status_code == 200 and response.json()["active"] is False

    mentor.refresh_from_db()
    assert not mentor.is_active
    assert not Client().login(username=mentor.username, password="secret-pass-123")
    assert browser.get(reverse("participant_home")).status_code == 302  # signed out
    # The HR directory knows them as a leaver, so the pairs page flags them …
    assert Person.objects.get(email__iexact=mentor.email).active is False
    assert [row["person"] for row in program_leavers(program)] == [pair.mentor]
    # … their pair's coordinators are told once, and they leave the other waiting list.
    told = Notification.objects.filter(kind="matching.leaver_in_pair", about_id=pair.pk)
    assert told.count() == 1 and told.get().email == coordinator.email
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.LEFT
    # Deactivated twice tells no one twice.
    scim("patch", f"Users/{mentor.scim_id}", patch({"op": "replace", "value": {"active": False}}))
    assert told.count() == 1
    assert SecurityEvent.objects.filter(kind="role_changed", username=mentor.username).exists()

    # Back again: active, and no longer a leaver in the directory.
    scim(
        "patch",
        f"Users/{mentor.scim_id}",
        patch({"op": "replace", "path": "active", "value": True}),
    )
    mentor.refresh_from_db()
    assert mentor.is_active and program_leavers(program) == []
    assert Client().login(username=mentor.username, password="secret-pass-123")


def test_a_person_deleted_by_the_provider_is_kept_deactivated_and_no_longer_served(scim, program):
    pair = published_pair(program)
    mentee = pair.mentee_user
    scim_id = mentee.scim_id
    assert scim("delete", f"Users/{scim_id}").status_code == 204
    assert scim("get", f"Users/{scim_id}").status_code == 404
    listed = scim("get", "Users").json()
    assert scim_id not in [resource["id"] for resource in listed["Resources"]]
    mentee.refresh_from_db()
    pair.refresh_from_db()
    assert not mentee.is_active and pair.mentee_user == mentee  # their history stays
    assert [row["person"] for row in program_leavers(program)] == [pair.mentee]


def test_the_coordinators_group_gives_and_takes_rights(scim, superuser, settings):
    settings.SCIM_COORDINATORS_GROUP = "Mentoring coordinators"
    ana = User.objects.get(scim_id=new_person(scim).json()["id"])
    luis = User.objects.get(
        scim_id=new_person(
            scim,
            "luis@example.com",
            externalId="entra-0003",
            emails=[{"value": "luis@example.com"}],
        ).json()["id"]
    )

    response = scim(
        "post",
        "Groups",
        {
            "schemas": [GROUP_SCHEMA],
            "displayName": "Mentoring coordinators",
            "members": [{"value": ana.scim_id}],
        },
    )
    assert response.status_code == 201
    group = response.json()
    assert [member["value"] for member in group["members"]] == [ana.scim_id]
    ana.refresh_from_db()
    assert ana.role == User.Role.COORDINATOR
    assert scim("get", f"Users/{ana.scim_id}").json()["groups"][0]["display"] == (
        "Mentoring coordinators"
    )
    change = SecurityEvent.objects.get(kind="role_changed", username=ana.username)
    assert change.actor == superuser and change.data == {"role": ["participant", "coordinator"]}

    # Okta adds with a list; Entra removes with a filter.
    scim(
        "patch",
        f"Groups/{group['id']}",
        patch({"op": "add", "path": "members", "value": [{"value": luis.scim_id}]}),
    )
    scim(
        "patch",
        f"Groups/{group['id']}",
        patch({"op": "remove", "path": f'members[value eq "{ana.scim_id}"]'}),
    )
    ana.refresh_from_db()
    luis.refresh_from_db()
    assert (ana.role, luis.role) == (User.Role.PARTICIPANT, User.Role.COORDINATOR)

    # Renamed, the group no longer makes coordinators; deleted, nothing is left of it.
    scim(
        "patch",
        f"Groups/{group['id']}",
        patch({"op": "replace", "path": "displayName", "value": "Former coordinators"}),
    )
    luis.refresh_from_db()
    assert luis.role == User.Role.PARTICIPANT
    assert scim("delete", f"Groups/{group['id']}").status_code == 204
    assert scim("get", f"Groups/{group['id']}").status_code == 404


def test_a_superuser_stays_one_whatever_the_groups_say(scim, superuser, settings):
    response = scim(
        "post",
        "Groups",
        {
            "schemas": [GROUP_SCHEMA],
            "displayName": settings.SCIM_COORDINATORS_GROUP,
            "members": [{"value": superuser.scim_id}],
        },
    )
    scim("patch", f"Groups/{response.json()['id']}", patch({"op": "remove", "path": "members"}))
    superuser.refresh_from_db()
    assert superuser.is_superuser and superuser.is_coordinator


@pytest.mark.parametrize(
    "kind", ["none", "api token", "expired", "revoked", "not a superuser any more", "garbage"]
)
def test_only_a_valid_scim_token_of_a_superuser_gets_in(scim, superuser, coordinator, kind):
    token = {
        "none": None,
        "api token": api_token_create(user=coordinator, name="x", days=30)[1],
        "garbage": "rm_not-a-token",
    }.get(kind)
    if token is None and kind != "none":
        made, token = api_token_create(user=superuser, name="x", days=30, scope="scim")
        if kind == "expired":
            ApiToken.objects.filter(pk=made.pk).update(expires_at=made.created_at)
        elif kind == "revoked":
            ApiToken.objects.filter(pk=made.pk).update(revoked_at=made.created_at)
        else:
            User.objects.filter(pk=superuser.pk).update(is_superuser=False)
    response = scim("get", "Users", token=token)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert response.json()["detail"]


def test_a_scim_token_is_not_an_api_token(scim_token):
    assert (
        Client().get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {scim_token}").status_code
        == 401
    )


def test_only_a_superuser_is_offered_the_scim_token(client, coordinator, superuser):
    client.force_login(coordinator)
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert 'name="scope"' not in page
    client.post(reverse("accounts:api_tokens"), {"name": "x", "days": "30", "scope": "scim"})
    assert ApiToken.objects.get(user=coordinator).scope == "api"

    client.force_login(superuser)
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert 'name="scope"' in page and "/scim/v2/" in page
    client.post(reverse("accounts:api_tokens"), {"name": "Entra", "days": "30", "scope": "scim"})
    assert ApiToken.objects.get(user=superuser).scope == "scim"


@pytest.mark.parametrize(
    "method,path,body,status",
    [
        ("post", "Users", "{not json", 400),
        ("post", "Users", {"schemas": [USER_SCHEMA]}, 400),  # no userName
        ("post", "Users", {"schemas": [USER_SCHEMA], "userName": "   "}, 400),
        ("post", "Users", {"userName": "x", "emails": [{"value": "not-an-email"}]}, 400),
        ("post", "Users", {"userName": "x", "active": "perhaps"}, 400),
        ("post", "Users", {"userName": "ANA.RUIZ@example.com"}, 409),  # taken, in any case
        ("post", "Groups", {"displayName": "g", "members": [{"value": "999999"}]}, 400),
        ("post", "Groups", {"members": []}, 400),
        ("patch", "Users/{ana}", {"Operations": []}, 400),
        ("patch", "Users/{ana}", patch({"op": "jump", "path": "active", "value": True}), 400),
        ("patch", "Users/{ana}", patch({"op": "replace", "path": "title", "value": "CTO"}), 400),
        ("patch", "Users/{ana}", patch({"op": "remove", "path": "userName"}), 400),
        ("patch", "Users/{ana}", patch({"op": "replace", "path": "active", "value": 3}), 400),
        ("get", "Users?startIndex=0", None, 400),
        ("get", 'Users?filter=userName zz "x"', None, 400),
        ("get", "Users/nobody", None, 404),
        ("put", "Users/nobody", {"userName": "x"}, 404),
    ],
)
def test_malformed_requests_get_scim_errors_never_a_500(scim, method, path, body, status):
    ana = new_person(scim).json()["id"]
    response = scim(method, path.format(ana=ana), body)
    assert response.status_code == status, response.content
    error = response.json()
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert str(error["status"]) == str(status)


# Names a SCIM client uses, so that generated bodies reach the code that reads them.
NAMES = [
    "schemas",
    "userName",
    "name",
    "givenName",
    "familyName",
    "emails",
    "value",
    "type",
    "primary",
    "active",
    "externalId",
    "displayName",
    "members",
    "password",
    "Operations",
    "op",
    "path",
]
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from(["replace", "add", "remove", "True", "False", "name.givenName", "a@b.co"])
    | st.text(max_size=300),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
OPERATION = st.fixed_dictionaries(
    {"op": st.sampled_from(["add", "replace", "remove", "Replace"]) | JSON},
    optional={
        "path": st.sampled_from(
            ["active", "userName", "name", "name.givenName", "emails", "members", "displayName"]
        )
        | st.sampled_from(['members[value eq "1"]', 'emails[type eq "work"].value'])
        | JSON,
        "value": JSON,
    },
)


@hypothesis.settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    target=st.sampled_from(["post Users", "post Groups", "put Users/{ana}", "put Groups/{g}"])
    | st.sampled_from(["patch Users/{ana}", "patch Groups/{g}"]),
    body=JSON,
    operations=st.lists(OPERATION, max_size=3),
)
def test_no_body_a_client_may_send_gets_a_500(scim, target, body, operations):
    ana = User.objects.filter(username="ana.ruiz@example.com").first()
    ana_id = ana.scim_id if ana else new_person(scim).json()["id"]
    group = scim("post", "Groups", {"displayName": "g"}).json()["id"]
    method, path = target.split(" ")
    if method == "patch" and not isinstance(body, dict):
        body = patch(*operations)
    response = scim(method, path.format(ana=ana_id, g=group), body)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


@pytest.mark.parametrize("people", [2, 6])
def test_the_lists_of_people_and_groups_take_as_many_queries_however_many(
    scim, superuser, django_assert_num_queries, people
):
    group = ProvisionedGroup.objects.create(name="Mentoring coordinators")
    for n in range(people):
        person = UserFactory(username=f"person{n}")
        group.members.add(person)
        ProvisionedGroup.objects.create(name=f"Team {n}").members.add(person)
    # The token and its use (3), the page and its count (2), everyone's groups (1).
    with django_assert_num_queries(6):
        listed = scim("get", "Users").json()
    assert listed["totalResults"] == people + 1  # and the superuser
    assert all(len(user["groups"]) == 2 for user in listed["Resources"][1:])
    with django_assert_num_queries(6):
        groups = scim("get", "Groups").json()
    assert sorted(len(g.get("members", [])) for g in groups["Resources"])[-1] == people
