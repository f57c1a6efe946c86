"""The matching page: propose, lock, forbid, set by hand, re-run, publish, export."""

import subprocess

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from matching.models import Pair, PairBan
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def run(client, program):
    """Ask for a proposal and let the worker compute it, as a real commit would (eager)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("matching:run", args=[program.pk]))
    return client.get(reverse("matching:pairs", args=[program.pk]))


def pairs_of(program):
    return {
        (p.mentor.full_name, p.mentee.full_name)
        for p in program.pairs.select_related("mentor", "mentee")
    }


def test_outsiders_cannot_see_or_run_the_matching(
    client, program, other_coordinator, participant, people
):
    urls = [
        reverse("matching:pairs", args=[program.pk]),
        reverse("matching:publish", args=[program.pk]),
    ]
    for who, status in [(other_coordinator, 404), (participant, 403)]:
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == status
        assert client.post(reverse("matching:run", args=[program.pk])).status_code == status
    assert not Pair.objects.exists()


def test_the_proposal_pairs_the_accepted_candidates_and_explains(
    coordinator_client, program, people
):
    response = run(coordinator_client, program)
    assert "Propuesta lista: 2 parejas" in response.getvalue().decode()
    pairs = list(program.pairs.select_related("mentor", "mentee"))
    assert len(pairs) == 2  # capacity 1: one mentee stays unpaired
    assert all(p.mentor.status == "accepted" and p.mentee.status == "accepted" for p in pairs)
    best = max(pairs, key=lambda p: p.score)
    assert best.explanation[0]["mentor"] > best.explanation[0]["mentee"]
    html = coordinator_client.get(reverse("matching:pairs", args=[program.pk])).content.decode()
    assert "Cómo se calcula la puntuación" in html
    assert "mentor 5, mentee 1" in html
    assert "No emparejados" in html
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    summary = page.context["summary"]()
    assert summary.total >= summary.by_hand["total"]
    assert [item["name"] for item in summary.unpaired] == ["Inés"]


def test_lock_forbid_and_rerun_keep_the_coordinators_choices(coordinator_client, program, people):
    run(coordinator_client, program)
    pair = program.pairs.get(mentor=people["lucia"])
    coordinator_client.post(
        reverse("matching:pair_lock", args=[program.pk, pair.pk]), {"locked": "1"}
    )
    kept = (pair.mentor_id, pair.mentee_id)
    other = program.pairs.exclude(pk=pair.pk).get()
    coordinator_client.post(reverse("matching:pair_forbid", args=[program.pk, other.pk]))
    assert PairBan.objects.filter(mentor=other.mentor, mentee=other.mentee).exists()

    run(coordinator_client, program)
    assert program.pairs.filter(mentor_id=kept[0], mentee_id=kept[1], locked=True).exists()
    assert not program.pairs.filter(mentor=other.mentor, mentee=other.mentee).exists()
    assert program.pairs.count() == 2


def test_set_a_pair_by_hand_warns_when_it_breaks_a_constraint(coordinator_client, program, people):
    people["rosa"].languages.all().delete()
    people["rosa"].languages.create(code="fr")
    url = reverse("matching:alternatives", args=[program.pk, people["rosa"].pk])
    page = coordinator_client.get(url)
    options = page.context["options"]
    assert {o["name"] for o in options} == {"Lucía", "Hugo"}
    assert all("common_language" in o["broken"] for o in options)
    response = coordinator_client.post(url, {"mentor": people["hugo"].pk}, follow=True)
    assert "no hay un idioma en común" in response.getvalue().decode()
    pair = program.pairs.get(mentee=people["rosa"])
    assert pair.locked and pair.set_by_hand and "common_language" in pair.warnings


def test_publish_creates_accounts_and_notifies_once(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    run(coordinator_client, program)
    confirm = coordinator_client.get(reverse("matching:publish", args=[program.pk]))
    assert "¿Publicar la lista definitiva de 2 parejas?" in confirm.content.decode()
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("matching:publish", args=[program.pk]))
    pairs = list(program.pairs.select_related("mentor_user", "mentee_user", "mentee"))
    assert all(p.is_published for p in pairs)
    mentee_user = pairs[0].mentee_user
    assert mentee_user.role == User.Role.PARTICIPANT and not mentee_user.has_usable_password()
    assert mentee_user.username == pairs[0].mentee.email
    # One per participant, and the accepted mentee left without a pair hears it kindly.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [p.mentor.email for p in pairs] + [p.mentee.email for p in pairs] + [people["ines"].email]
    )
    assert any("/accounts/password/reset/" in m.body for m in mail.outbox)
    waiting = next(m for m in mail.outbox if m.to == [people["ines"].email])
    assert "lista de espera" in waiting.subject
    # The program moved on; the published pairs stay as they are.
    program.catalogue_reviewed_at = program.created_at
    program.save()
    dashboard = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
    assert [p.state for p in dashboard.context["phases"]()][:3] == ["done", "done", "current"]
    with django_capture_on_commit_callbacks(execute=True):
        run(coordinator_client, program)
        coordinator_client.post(reverse("matching:publish", args=[program.pk]))
    assert {(p.mentor_id, p.mentee_id, p.published_at) for p in program.pairs.all()} == {
        (p.mentor_id, p.mentee_id, p.published_at) for p in pairs
    }
    assert len(mail.outbox) == 5  # nothing new to say to anybody
    assert User.objects.filter(role=User.Role.PARTICIPANT).count() == 4


def test_exports_csv_and_pdf(coordinator_client, program, people):
    run(coordinator_client, program)
    csv_text = (
        coordinator_client.get(reverse("matching:pairs_export", args=[program.pk, "csv"]))
        .getvalue()
        .decode("utf-8-sig")
    )
    assert csv_text.splitlines()[0] == "mentor,mentor_email,mentee,mentee_email,score,skills"
    assert len(csv_text.strip().splitlines()) == 3
    pdf = coordinator_client.get(reverse("matching:pairs_export", args=[program.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.getvalue(), capture_output=True, check=True
    ).stdout.decode()
    assert "Lista definitiva de parejas" in text
    assert "Lucía" in text and "Hugo" in text


def pairable(program, pairs: int) -> None:
    """Accepted mentors and mentees that the proposal pairs one to one."""
    skill = program.skills.first().name
    for _ in range(pairs):
        CandidateFactory(
            program=program,
            status="accepted",
            desired_role="mentor",
            years_in_organisation=1,
            level=1,
            ratings={skill: (5, False)},
        )
        CandidateFactory(
            program=program, status="accepted", desired_role="mentee", ratings={skill: (1, True)}
        )


@pytest.mark.parametrize("count", [6, 40])
def test_the_page_runs_a_constant_number_of_queries(
    coordinator_client, program, count, django_assert_num_queries
):
    pairable(program, count // 2)
    run(coordinator_client, program)
    page = reverse("matching:pairs", args=[program.pk])
    # session, user, program, criteria, skills, the pairs' figures, the pairs that ended, the
    # unpaired, accepted counts, bans, the last proposal's run, the pairs' people who left
    # the organisation; and the page's pairs in full to draw the rows of the table
    Pair.objects.filter(program=program).first().save()  # a change: the rows are drawn again
    with django_assert_num_queries(13):
        response = coordinator_client.get(page)
    # Until the data changes the page is kept: session, user, program and the last run
    # (whether it is still being computed, for the page to refresh itself).
    with django_assert_num_queries(4):
        again = coordinator_client.get(page)

    def table(response):
        return response.content.decode().partition("<tbody>")[2].partition("</tbody>")[0]

    assert table(again) == table(response) and table(again).count("<tr") == count // 2


def test_the_table_of_pairs_is_drawn_again_when_a_pair_changes(coordinator_client, program):
    pairable(program, 2)
    run(coordinator_client, program)
    page = reverse("matching:pairs", args=[program.pk])
    assert coordinator_client.get(page).content.decode().count(">Desbloquear</button>") == 0
    pair = Pair.objects.filter(program=program).first()
    # The buttons of a row post the one form below the table, which holds the CSRF token.
    coordinator_client.post(
        reverse("matching:pair_lock", args=[program.pk, pair.pk]), {"locked": "1"}
    )
    html = coordinator_client.get(page).content.decode()
    assert html.count(">Desbloquear</button>") == 1
    pair.mentee.full_name = "Nombre Cambiado"
    pair.mentee.save()
    assert "Nombre Cambiado" in coordinator_client.get(page).content.decode()
