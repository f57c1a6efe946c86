"""Every route of the site, with real ids of the demo, asked by people who must not reach
what it shows: an anonymous visitor, a coordinator of another program, a participant of
another pair. By GET and by POST (with a valid CSRF token of the asker's session), each
answer is a redirect to the login page, 403, 404 or 405, and nothing in the database
changes. A route without an expectation here fails the test."""

import datetime
import hashlib
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.api_tokens import api_token_create
from accounts.models import ApiToken, SecurityEvent, User
from evaluation.models import Report, Response
from matching.models import MentorRequest, Pair, PairBan
from preparation.models import GoalPhase
from programs.models import Message, Program
from sessions.models import Concern, Meeting, Task

# What each route is about: the people who may use it are that thing's own.
PROGRAM = "a program's page, for its coordinators"
PAIR = "a pair's page, for its members and the program's coordinators"
OWN = "the asker's own pages, which show nobody else"
PUBLIC = "public pages"
SECRET = "public pages behind a secret link (asked with a wrong one)"
# The HR directory is the organisation's, for every coordinator: other programs' included.
ORGANISATION = "the organisation's pages, for every coordinator"
# Asked with the asker's own API token (none for the anonymous visitor): 401 or 404.
API = "the API, for the tokens of a program's coordinators"
# Asked with the asker's own API token: only a superuser's SCIM token gets in (401).
SCIM = "SCIM provisioning, for a superuser's SCIM token"

ROUTES = {
    "home": OWN,
    "participant_home": OWN,
    "program_dashboard": PROGRAM,
    "program_duplicate": PROGRAM,
    # The locks of the people of the asker's own programs only.
    "lockouts": OWN,
    "lockout_lift": OWN,
    "accounts:login": PUBLIC,
    # Operations (tests/test_operations.py): health for load balancers, metrics with a token.
    "health": PUBLIC,
    "metrics": SECRET,
    "accounts:logout": OWN,
    # Single sign-on: to the provider and back (tests/accounts/test_sso.py).
    "accounts:sso_login": PUBLIC,
    "accounts:sso_callback": PUBLIC,
    "accounts:language": PUBLIC,
    "accounts:preferences": OWN,
    # The asker's own second step (tests/accounts/test_two_factor.py).
    "accounts:two_factor_verify": OWN,
    "accounts:two_factor_setup": OWN,
    "accounts:recovery_codes": OWN,
    "accounts:two_factor_off": OWN,
    "accounts:password_change": OWN,
    "accounts:password_change_done": OWN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    # With a wrong link it answers a page that says so, and shows nobody.
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "programs:list": OWN,
    "programs:create": OWN,
    **{
        f"programs:{name}": PROGRAM
        for name in (
            "edit",
            "skills",
            "archive",
            "restore",
            "emails",
            "emails_retry",
            "messages",
            "journey_text",
            "journey",
            "objectives",
            "message_new",
            "message",
        )
    },
    **{
        f"matching:{name}": PROGRAM
        for name in (
            "call",
            "call_open",
            "call_close",
            "invite",
            "candidates",
            "bulk_status",
            "import",
            "export",
            "template",
            "candidate",
            "candidate_status",
            "candidate_data",
            "candidate_erase",
            "pairs",
            "criteria",
            "run",
            "publish",
            "pairs_export",
            "pair_lock",
            "pair_forbid",
            "pair_status",
            "ban_lift",
            "alternatives",
            "mentees_invite",
            "request_extend",
        )
    },
    **{
        f"matching:{name}": SECRET
        for name in (
            "apply",
            "privacy",
            "application",
            "application_edit",
            "application_withdraw",
            "application_mentors",
            "application_requests",
        )
    },
    **{
        f"preparation:{name}": PROGRAM
        for name in ("welcome", "welcome_send", "welcome_message", "overview", "guide")
    },
    "preparation:training": PROGRAM,
    "preparation:training_module": PROGRAM,
    **{
        f"preparation:{name}": PAIR
        for name in ("worksheet", "worksheet_pdf", "brainstorm", "prioritise", "goal")
    },
    "sessions:pairs_overview": PROGRAM,
    # The asker's own calendars (tests/sessions/test_calendars.py).
    "sessions:calendar": OWN,
    "sessions:calendar_feed_set": OWN,
    "sessions:calendar_server_disconnect": OWN,
    "sessions:calendar_feed": SECRET,
    "sessions:concerns": PROGRAM,
    "sessions:concern_detail": PROGRAM,
    "sessions:check_in": PROGRAM,
    **{
        f"sessions:{name}": PAIR
        for name in (
            "workspace",
            "agreement",
            "agreement_confirm",
            "meeting_new",
            "meeting_reschedule",
            "meeting_cancel",
            "meeting_log",
            "meeting_ics",
            "pulse",
            "task_new",
            "task_done",
            "task_file",
            "phase_tick",
            "concern",
            "concern_thread",
        )
    },
    **{
        f"evaluation:{name}": PROGRAM
        for name in (
            "overview",
            "launch",
            "interview",
            "results",
            "answers",
            "comment_select",
            "reports",
            "report_request",
            "report_download",
            "results_export",
        )
    },
    "evaluation:questionnaire": PAIR,
    "evaluation:comparison": SECRET,  # a person left waiting rates their skills
    **{
        f"directory:{name}": ORGANISATION
        for name in (
            "people",
            "import",
            "template",
            "import_preview",
            "import_apply",
            "import_discard",
        )
    },
    # The programs the asker runs, side by side: nobody else's (tests/evaluation).
    "evaluation:compare": OWN,  # one participant's own questionnaire
    # The asker's own API tokens (tests/test_api.py).
    "accounts:api_tokens": OWN,
    "accounts:api_token_revoke": OWN,
    # The API's description, and its JSON 404 for any other address.
    "api:schema": PUBLIC,
    "api:not_found": PUBLIC,
    **{
        f"api:{name}": API
        for name in (
            "program-list",
            "program-detail",
            "candidates",
            "pairs",
            "meetings",
            "results",
        )
    },
    # SCIM provisioning (tests/test_scim.py), and its SCIM 404 for any other address.
    **{
        f"scim:{name}": SCIM
        for name in (
            "root",
            "search",
            "users-search",
            "users",
            "groups-search",
            "groups",
            "me",
            "service-provider-config",
            "resource-types",
            "schemas",
            "bulk",
        )
    },
    "scim:not_found": PUBLIC,
}


def routes():
    """(name, pattern) of every route but Django's admin."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    return list(walk(get_resolver().url_patterns))


def database_fingerprint() -> str:
    """Every row of the product's tables, hashed: any change shows."""
    digest = hashlib.sha256()
    for label in (
        "accounts",
        "directory",
        "programs",
        "matching",
        "preparation",
        "meetings",
        "evaluation",
    ):
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk")
            if model is SecurityEvent:  # each use of a token is logged, by design
                rows = rows.exclude(kind=SecurityEvent.Kind.API_TOKEN_USED)
            if model is ApiToken:
                rows = rows.defer("last_used_at")
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_used_at"]
            for row in rows.values_list(*fields):
                digest.update(repr(row).encode())
    from notifications.models import Notification

    digest.update(repr(list(Notification.objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def victim_ids() -> dict:
    """Ids of one program's things (the evaluated program of the demo, with one pair's
    meetings, tasks, goals, questionnaire and report)."""
    program = Program.objects.get(name__startswith="Competencias")
    pair = Pair.objects.filter(program=program, published_at__isnull=False).order_by("pk")[0]
    meeting = Meeting.objects.filter(pair=pair).first() or Meeting.objects.create(
        pair=pair, starts_at="2030-01-01T10:00:00Z"
    )
    task = Task.objects.filter(pair=pair).first() or Task.objects.create(pair=pair, title="x")
    phase = GoalPhase.objects.filter(goal__pair=pair).first()
    concern = Concern.objects.filter(pair=pair, raised_by=pair.mentee_user).first()
    concern = concern or Concern.objects.create(pair=pair, raised_by=pair.mentee_user, text="x")
    message = Message.objects.filter(program=program).first() or Message.objects.create(
        program=program,
        audience="matching.everyone",
        audience_label="x",
        subject="x",
        body="x",
        sent_at=timezone.now(),
        token=uuid.uuid4(),
    )
    ban = PairBan.objects.filter(program=program).first() or PairBan.objects.create(
        program=program, mentor=pair.mentor, mentee=pair.mentee
    )
    asked = MentorRequest.objects.filter(program=program).first() or MentorRequest.objects.create(
        program=program,
        mentor=pair.mentor,
        mentee=pair.mentee,
        answer_by=timezone.now() + datetime.timedelta(days=5),
    )
    return {
        "pk": program.pk,
        "program_id": program.pk,
        "pair_pk": pair.pk,
        "candidate_pk": pair.mentee_id,
        "meeting_pk": meeting.pk,
        "task_pk": task.pk,
        "phase_pk": phase.pk,
        "goal_pk": phase.goal_id,
        "user_pk": pair.mentee_user_id,
        "response_pk": Response.objects.filter(respondent=pair.mentee_user).first().pk,
        "report_pk": Report.objects.get(program=program, pair=None).pk,
        "file_format": "csv",
        "audience": "mentee",
        "language": "es",
        "key": "introduction",
        "action": "end",
        "ban_pk": ban.pk,
        "request_pk": asked.pk,
        "concern_pk": concern.pk,
        "message_pk": message.pk,
        "owner": "mentee",
        "question": "comments",
        "table": "answers",
        "token": uuid.uuid4().hex,
        "uidb64": "MQ",
        "_program": program,
        "_pair": pair,
    }


def askers(program, pair) -> dict[str, User | None]:
    other_coordinator = User.objects.filter(role="coordinator", is_superuser=False).exclude(
        coordinated_programs=program
    )[0]
    other_pair = (
        Pair.objects.filter(published_at__isnull=False)
        .exclude(pk=pair.pk)
        .exclude(mentor_user__in=[pair.mentor_user_id, pair.mentee_user_id])
        .exclude(mentee_user__in=[pair.mentor_user_id, pair.mentee_user_id])
        .order_by("pk")[0]
    )
    return {
        "anonymous": None,
        "another program's coordinator": other_coordinator,
        "another pair's participant": other_pair.mentor_user,
    }


@pytest.mark.django_db
def test_every_route_has_an_expectation():
    assert {name for name, _pattern in routes()} == set(ROUTES)


@pytest.mark.django_db
def test_outsiders_reach_nothing_and_change_nothing(settings):
    settings.DEBUG = True  # the demo is for a development site
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ids = victim_ids()
    login = reverse("accounts:login")
    browsers = {}
    for who, user in askers(ids["_program"], ids["_pair"]).items():
        browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if user is not None:
            browser.force_login(user)
        browser.get(reverse("accounts:password_reset"))  # the asker's own CSRF token
        bearer = {}
        if user is not None:
            _token, secret = api_token_create(user=user, name="matrix", days=30)
            bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        browsers[who] = (browser, browser.cookies["csrftoken"].value, bearer)
    before = database_fingerprint()
    refused = []
    for who, (browser, token, bearer) in browsers.items():
        for name, pattern in routes():
            if ROUTES[name] in (OWN, PUBLIC):
                continue
            if ROUTES[name] == ORGANISATION and who == "another program's coordinator":
                continue
            url = reverse(name, kwargs={k: ids[k] for k in pattern.pattern.converters})
            if ROUTES[name] == SCIM:
                for method in ("get", "post", "patch", "delete"):
                    body = {} if method == "get" else {"data": "{}"}
                    response = getattr(browser, method)(
                        url, content_type="application/scim+json", **body, **bearer
                    )
                    if response.status_code != 401:
                        refused.append((who, method, name, response.status_code))
                continue
            if ROUTES[name] == API:
                for method in ("get", "post"):
                    if method == "get":
                        response = browser.get(url, **bearer)
                    else:
                        response = browser.post(url, {}, "application/json", **bearer)
                    status = response.status_code
                    if status == 200 and name == "api:program-list":
                        # Another coordinator's list of programs: their own, not this one.
                        listed = [program["id"] for program in response.json()["results"]]
                        status = 404 if ids["pk"] not in listed else status
                    # No token or a participant's: 401; a coordinator of another program's.
                    if status not in {401, 404, 405} or (
                        status == 401 and who == "another program's coordinator"
                    ):
                        refused.append((who, method, name, status))
                continue
            for method in ("get", "post"):
                data = {"csrfmiddlewaretoken": token, "done": "1", "locked": "1"}
                response = getattr(browser, method)(url, data if method == "post" else None)
                allowed = {403, 404, 405}
                if who == "anonymous" and ROUTES[name] != SECRET:
                    allowed = {302, 405}
                if response.status_code not in allowed or (
                    response.status_code == 302 and not response.url.startswith(login)
                ):
                    refused.append((who, method, name, response.status_code))
    assert refused == []
    assert database_fingerprint() == before
