"""The REST API: coordinators' tokens (made, shown once, hashed, revoked, each use logged),
their programs only (another coordinator's token gets 404), JSON errors with a message,
pages, a rate limit, and candidates added by the import's own rules."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import UserRateThrottle

from accounts.api_tokens import api_token_create
from accounts.models import ApiToken, SecurityEvent
from matching.models import Candidate
from programs.models import ProgramLogEntry
from sessions.models import Meeting
from tests.evaluation.conftest import evaluation, media  # noqa: F401 (fixtures)
from tests.factories import CandidateFactory, published_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(coordinator):
    return api_token_create(user=coordinator, name="HR system", days=30)[1]


@pytest.fixture
def api(client, token):
    """The test client, sending the coordinator's token."""

    def call(method, path, **kwargs):
        return getattr(client, method)(
            f"/api/v1/{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs
        )

    return call


def test_a_coordinator_makes_a_token_sees_it_once_and_revokes_it(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("accounts:api_tokens"), {"name": "Informes", "days": "90"}, follow=True
    )
    secret = re.search(r'id="new-token" value="([^"]+)"', response.content.decode()).group(1)
    again = coordinator_client.get(reverse("accounts:api_tokens")).content.decode()
    assert secret not in again and "Informes" in again and secret[:10] in again
    stored = ApiToken.objects.get(user=coordinator)
    assert secret not in str(list(ApiToken.objects.values_list()))
    assert stored.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()

    from django.test import Client

    outside = Client()
    assert (
        outside.get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )
    coordinator_client.post(reverse("accounts:api_token_revoke", args=[stored.pk]))
    refused = outside.get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 401
    kinds = list(
        SecurityEvent.objects.filter(actor=coordinator)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["api_token_created", "api_token_used", "api_token_revoked"]
    used = SecurityEvent.objects.get(kind="api_token_used")
    assert used.data["path"] == "/api/v1/programs/" and used.data["method"] == "GET"


def test_a_token_form_with_errors_makes_nothing(coordinator_client, coordinator):
    response = coordinator_client.post(reverse("accounts:api_tokens"), {"name": "", "days": "7"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_participants_have_no_tokens(client, pair):
    client.force_login(pair.mentee_user)
    assert client.get(reverse("accounts:api_tokens")).status_code == 403
    token = api_token_create(user=pair.mentee_user, name="x", days=30)[1]
    assert client.get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_another_coordinators_token_revokes_nothing(client, other_coordinator, token, coordinator):
    mine = ApiToken.objects.get(user=coordinator)
    client.force_login(other_coordinator)
    assert client.post(reverse("accounts:api_token_revoke", args=[mine.pk])).status_code == 404
    assert client.get(reverse("accounts:api_token_revoke", args=[mine.pk])).status_code == 405
    mine.refresh_from_db()
    assert mine.revoked_at is None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer rm_unknown", "Bearer a b", "Basic dXNlcjpwYXNz", "Bearer rm_\u00e9"],
)
def test_without_a_valid_token_the_answer_is_a_json_401(client, header):
    response = client.get("/api/v1/programs/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_expired_token_is_refused(client, coordinator, token):
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(
        "/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 401 and "expired" in response.json()["message"]
    spanish = client.get(
        "/api/v1/programs/", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "caducado" in spanish.json()["message"]


def test_the_coordinators_programs_only_and_another_coordinator_gets_404(
    api, program, pair, other_coordinator
):
    theirs = program.__class__.objects.create(
        name="Otro",
        general_objective="x",
        start_date=program.start_date,
        end_date=program.end_date,
    )
    theirs.coordinators.add(other_coordinator)
    listed = api("get", "programs/").json()
    assert [row["id"] for row in listed["results"]] == [program.pk]
    for path in ("", "candidates/", "pairs/", "meetings/", "results/answers/"):
        response = api("get", f"programs/{theirs.pk}/{path}")
        assert response.status_code == 404, path
        assert response.json()["message"]
    assert api("get", "programs/99999999999999999999999/").status_code == 404
    assert api("get", "nothing-here/").json()["message"]


def test_pairs_and_meetings_with_their_status(api, program, pair, other_pair):
    Meeting.objects.create(pair=pair, starts_at=timezone.now(), status=Meeting.Status.HELD)
    pairs = api("get", f"programs/{program.pk}/pairs/").json()
    assert pairs["count"] == 2
    first = pairs["results"][0]
    assert first["mentor"] == {"full_name": pair.mentor.full_name, "email": pair.mentor.email}
    assert first["status"] == "active" and first["lifecycle"] == "active"
    (meeting,) = api("get", f"programs/{program.pk}/meetings/").json()["results"]
    assert meeting["pair"] == pair.pk and meeting["status"] == "held"
    assert "experiences" not in meeting  # what was said stays in the pair's workspace


def test_lists_come_in_pages_with_a_constant_number_of_queries(
    api, program, django_assert_num_queries
):
    for count in (3, 12):
        while program.pairs.count() < count:
            published_pair(program, f"Mentor {program.pairs.count()}", "Mentee")
        # Token, its use logged (2), the program, the count and the page.
        with django_assert_num_queries(6):
            page = api("get", f"programs/{program.pk}/pairs/", data={"page_size": 5}).json()
    assert page["count"] == 12 and len(page["results"]) == 5 and page["next"]
    assert api("get", f"programs/{program.pk}/pairs/", data={"page": 99}).status_code == 404


def candidate_data(program, **changes):
    data = {
        "full_name": "Marta Ruiz",
        "email": "marta.ruiz@example.com",
        "desired_role": "mentor",
        "current_role": "Analista de datos",
        "department": "Finanzas",
        "years_in_organisation": 2,
        "level": 1,
        "languages": ["es"],
        "availability": ["morning"],
        "strengths": "Datos",
        "areas_to_deepen": "Negociación",
        "first_expectation": "Aprender de la experiencia",
        "self_description": "Curiosa",
        "current_challenges": "Automatizar informes",
        "mentoring_meaning": "Aprender en los dos sentidos",
        "skills": {skill.name: 4 for skill in program.skills.all()},
        "wants_to_learn": [program.skills.first().name],
    }
    data.update(changes)
    return data


def test_an_hr_system_adds_a_candidate_by_the_imports_rules(api, program):
    response = api(
        "post",
        f"programs/{program.pk}/candidates/",
        data=candidate_data(program),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    candidate = Candidate.objects.get(email="marta.ruiz@example.com")
    assert response.json()["id"] == candidate.pk and candidate.source == "import"
    assert candidate.ratings.count() == program.skills.count()
    assert ProgramLogEntry.objects.filter(action="matching.candidates_imported").exists()

    again = api(
        "post",
        f"programs/{program.pk}/candidates/",
        data=candidate_data(program),
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "email" in again.json()["errors"] and again.json()["message"]


def test_bad_candidates_get_their_errors_by_field_and_nothing_is_saved(api, program):
    skills = {skill.name: 4 for skill in program.skills.all()[1:]}
    cases = [
        (candidate_data(program, level=9), "level"),
        (candidate_data(program, skills={**skills, "Cocina": 3}), "skills"),
        (candidate_data(program, skills=skills), f"skill:{program.skills.first().name}"),
        (candidate_data(program, email="no"), "email"),
    ]
    for data, field in cases:
        response = api(
            "post", f"programs/{program.pk}/candidates/", data=data, content_type="application/json"
        )
        assert response.status_code == 400 and field in response.json()["errors"], field
    malformed = api(
        "post", f"programs/{program.pk}/candidates/", data="{", content_type="application/json"
    )
    assert malformed.status_code == 400 and malformed.json()["message"]
    assert not Candidate.objects.filter(email="marta.ruiz@example.com").exists()


def test_results_are_anonymous_tables_and_each_read_is_logged(api, program, pair, evaluation):  # noqa: F811
    response = api("get", f"programs/{program.pk}/results/answers/").json()
    assert response["evaluation"] == "final" and response["table"] == "answers"
    flat = str(response)
    assert pair.mentee_user.email not in flat and pair.mentee.full_name not in flat
    assert len(response["rows"]) == evaluation.responses.count()
    assert api("get", f"programs/{program.pk}/results/nothing/").status_code == 404
    assert ProgramLogEntry.objects.filter(
        action="evaluation.results_exported", data__anonymous=True
    ).exists()


def test_too_many_requests_get_a_json_429(api, program, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min", "anon": "2/min"})
    assert [api("get", "programs/").status_code for _ in range(3)] == [200, 200, 429]
    response = api("get", "programs/")
    assert response.json()["message"] and int(response["Retry-After"]) > 0


def test_a_candidate_of_another_program_is_not_listed(api, program, other_coordinator):
    CandidateFactory(program=program, full_name="Ana Pérez")
    listed = api("get", f"programs/{program.pk}/candidates/").json()
    assert [row["full_name"] for row in listed["results"]] == ["Ana Pérez"]


def test_bad_queries_get_a_json_400_that_names_the_parameter(api, program, evaluation):  # noqa: F811
    for size in ("0", "201", "abc", "null"):
        response = api("get", f"programs/{program.pk}/pairs/", data={"page_size": size})
        assert response.status_code == 400, size
        assert "page_size" in response.json()["errors"], size
    twice = api("get", f"programs/{program.pk}/pairs/?page_size=5&page_size=6")
    assert twice.status_code == 400
    assert api("get", f"programs/{program.pk}/pairs/", data={"page_size": 200}).status_code == 200
    wrong_kind = api("get", f"programs/{program.pk}/results/pairs/", data={"kind": "x"})
    assert wrong_kind.status_code == 400 and "kind" in wrong_kind.json()["errors"]
    # The evaluation asked for, not another in its place.
    midpoint = api("get", f"programs/{program.pk}/results/pairs/", data={"kind": "midpoint"})
    assert midpoint.status_code == 404
    final = api("get", f"programs/{program.pk}/results/pairs/", data={"kind": "final"})
    assert final.json()["evaluation"] == "final"


def test_a_post_to_no_endpoint_gets_the_json_404_not_a_csrf_page(token):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/programs/x/candidates/",
        "{}",
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404 and response.json()["message"]
