import pytest
from django.core.management import call_command

from accounts.models import User
from programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def development_site(settings):
    """The demo is for a development site (pytest-django turns DEBUG off by default)."""
    settings.DEBUG = True


def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Program.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Program.objects.count()) == counts

    assert "laura.martin" in first and "mentoring-demo" in first
    laura = User.objects.get(username="laura.martin")
    assert laura.check_password("mentoring-demo")
    program = Program.objects.get(name="Transformación digital del área comercial")
    assert f"/programs/{program.pk}/" in first
    # Each participant login says what they are in the pairs: some are both.
    from matching.models import Pair

    for line in first.splitlines():
        if line.strip().endswith("(participant)"):
            user = User.objects.get(username=line.split()[0])
            mentor = Pair.objects.filter(mentor_user=user).exists()
            mentee = Pair.objects.filter(mentee_user=user).exists()
            expected = {(True, True): "mentor and mentee", (True, False): "mentor"}.get(
                (mentor, mentee), "mentee"
            )
            assert line.strip().endswith(f", {expected} (participant)"), line
    assert ", mentor and mentee (participant)" in first


def test_seed_demo_has_programs_in_different_phases():
    from mentoring.phases import program_phases

    call_command("seed_demo")
    states = {
        program.name: [phase.state for phase in program_phases(program)][0]
        for program in Program.objects.all()
    }
    assert states["Transformación digital del área comercial"] == "done"
    assert states["Liderazgo e innovación 2027"] == "current"
    assert Program.objects.filter(status=Program.Status.ARCHIVED).exists()
    assert Program.objects.exclude(coordinators__username="laura.martin").exists()


def test_seed_demo_has_an_open_call_with_forty_candidates(capsys):
    from matching.models import Call

    call_command("seed_demo")
    out = capsys.readouterr().out
    call = Call.objects.get(status=Call.Status.OPEN)
    assert call.accepts_applications()
    assert call.program.candidates.count() >= 40
    assert f"/apply/{call.token}/" in out
    statuses = set(call.program.candidates.values_list("status", flat=True))
    assert {"applied", "shortlisted", "accepted", "declined", "withdrawn"} <= statuses
    # Every demo candidate would pass the questionnaire's own email check.
    from django.core.validators import validate_email

    for email in call.program.candidates.values_list("email", flat=True):
        validate_email(email)


def test_seed_demo_has_a_published_program_and_one_ready_to_match(client):
    from matching.models import Candidate, Pair

    call_command("seed_demo")
    published = Pair.objects.filter(published_at__isnull=False)
    assert published.exists()
    pair = published.select_related("mentor_user").order_by("pk").first()
    ready = Program.objects.get(name="Transformación digital del área comercial")
    accepted = ready.candidates.filter(status=Candidate.Status.ACCEPTED)
    assert accepted.exclude(desired_role="mentee").count() >= 5
    assert accepted.exclude(desired_role="mentor").count() >= 5
    assert not ready.pairs.exists()
    # A published participant can log in with the printed password and sees their pair.
    assert client.login(username=pair.mentor_user.username, password="mentoring-demo")
    assert pair.mentee.full_name in client.get("/", follow=True).content.decode()


def test_seed_demo_shows_the_preparation(django_capture_on_commit_callbacks):
    from notifications.models import Notification
    from preparation.models import Goal

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    call_command("seed_demo")
    assert Notification.objects.filter(status="sent").exists()
    zaragoza = Goal.objects.filter(
        selected=True, pair__program__name="Digitalización de la planta de Zaragoza"
    )
    assert zaragoza.count() == 2
    assert all(goal.phases.count() == 3 for goal in Goal.objects.filter(selected=True))


def test_seed_demo_has_an_evaluated_program_with_a_ready_report(
    django_capture_on_commit_callbacks, settings, tmp_path
):
    from evaluation.models import Report
    from mentoring.phases import program_phases

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")  # again: nothing twice
    program = Program.objects.get(name="Competencias digitales 2026 · Administración")
    report = Report.objects.get(program=program, pair=None)
    assert report.status == Report.Status.READY, report.error
    assert report.file.read().startswith(b"%PDF")
    assert [phase.state for phase in program_phases(program)] == ["done"] * 5
    final = program.evaluations.get()
    assert final.responses.filter(submitted_at__isnull=False).count() >= final.responses.count() - 2
    # The evidence: a waiting group that answered, set against the paired mentees with an
    # interval, and each learning objective's attainment.
    from evaluation.results import results_of

    results = results_of(final)
    assert results.comparison.invited >= 6 and results.comparison.answered == 5
    assert [row for row in results.comparison.rows if row.evidence.low is not None]
    assert all(row.met and row.competences for row in results.objectives)
    assert [row.goals > 0 for row in results.objectives] == [True, True, False]


def test_seed_demo_has_pairs_in_every_health_state_and_a_cohort_that_changed():
    from sessions.selectors import pair_health, pairs_overview

    call_command("seed_demo")
    program = Program.objects.get(name="Digitalización de la planta de Zaragoza")
    states = {pair_health(row, program) for row in pairs_overview(program)}
    assert states == {"on_track", "at_risk", "inactive", "ended"}
    waiting = program.candidates.get(full_name="Julia Ortega Ruiz")
    assert waiting.status == "accepted" and not program.pairs.filter(mentee=waiting).exists()


def test_every_printed_link_opens_for_the_login_printed_beside_it(capsys, client, settings):
    import re

    settings.SITE_URL = "http://demo.test"
    call_command("seed_demo")
    out = capsys.readouterr().out
    links = re.findall(r"\(log in as (\S+)\): http://demo\.test(\S+)", out)
    public = re.findall(r"\(no login\): http://demo\.test(\S+)", out)
    assert len(links) >= 15 and public
    for username, path in links:
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200, (username, path)
    client.logout()
    for path in public:
        assert client.get(path).status_code == 200, path


def test_seed_demo_refuses_a_site_without_debug_unless_told(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password 'mentoring-demo'"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()
    call_command("seed_demo", "--allow-without-debug")
    assert User.objects.get(username="admin").is_superuser


def test_every_demo_page_needs_nothing_inline_and_sends_the_security_headers(capsys, client):
    """The Content-Security-Policy forbids inline scripts, handlers and styles: no page of
    the demo has any, and each answers with the policy and the Permissions-Policy."""
    import re

    call_command("seed_demo")
    out = capsys.readouterr().out
    links = re.findall(r"\(log in as (\S+)\): http://localhost:\d+(\S+)", out)
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+=|\sstyle=", re.IGNORECASE)
    for username, path in links:
        if path.startswith("/admin/"):
            continue
        client.force_login(User.objects.get(username=username))
        response = client.get(path)
        html = response.content.decode()
        assert not inline.search(html), (path, inline.search(html).group(0))
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]


def test_the_demo_is_consistent():
    """Names agree with their job titles, meetings happen in working hours, applications
    came in before the deadline, and "held / expected" adds up."""
    from django.utils import timezone

    from matching.demo import FIRST_NAMES, MENTEE_ROLES, MENTOR_ROLES
    from matching.models import Candidate
    from sessions.models import Meeting
    from sessions.selectors import meetings_expected, pairs_overview

    call_command("seed_demo")
    gender = dict(FIRST_NAMES)
    for_women = {female for female, _male in MENTOR_ROLES + MENTEE_ROLES}
    for_men = {male for _female, male in MENTOR_ROLES + MENTEE_ROLES}
    for candidate in Candidate.objects.filter(full_name__contains=" "):
        first = candidate.full_name.split()[0]
        if gender.get(first) == "f":
            assert candidate.current_role in for_women, candidate
        elif gender.get(first) == "m":
            assert candidate.current_role in for_men, candidate
    for meeting in Meeting.objects.all():
        local = timezone.localtime(meeting.starts_at)
        assert 8 <= local.hour < 19 and local.weekday() < 5, meeting.starts_at
    for candidate in Candidate.objects.select_related("program__call"):
        assert candidate.application_date <= candidate.program.call.deadline
    program = Program.objects.get(name="Digitalización de la planta de Zaragoza")
    for row in pairs_overview(program):
        if row.status == "active":
            assert 1 <= row.held_count <= meetings_expected(row, program) + 1
