"""A program that runs for months: honest figures after hand edits, full explanations,
forbidden pairs lifted, pairs paused and ended, newcomers matched around the published
pairs, the call closing by itself and the waiting list."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from matching.models import Candidate, Pair, PairBan
from notifications.models import Notification
from programs.models import ProgramLogEntry
from sessions.reminders import reminders_create
from tests.factories import CandidateFactory, UserFactory, published_pair

pytestmark = pytest.mark.django_db


def run(client, program):
    """Ask for a proposal and let the worker compute it, as a real commit would (eager)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("matching:run", args=[program.pk]))
    return client.get(reverse("matching:pairs", args=[program.pk]))


def figures(html: str) -> dict[str, str]:
    """The summary cards of the matching page, as the page shows them."""
    return dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html))


def spanish(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def current_pairs(program):
    return list(program.pairs.exclude(status=Pair.Status.ENDED).order_by("-score", "id"))


def test_every_figure_comes_from_the_list_after_lock_forbid_and_hand_picking(
    coordinator_client, program, people
):
    program.mentor_capacity = 2
    program.save()
    run(coordinator_client, program)
    first, second, third = current_pairs(program)
    coordinator_client.post(
        reverse("matching:pair_lock", args=[program.pk, first.pk]), {"locked": "1"}
    )
    coordinator_client.post(reverse("matching:pair_forbid", args=[program.pk, second.pk]))
    other = people["lucia"] if third.mentor_id == people["hugo"].pk else people["hugo"]
    coordinator_client.post(
        reverse("matching:alternatives", args=[program.pk, third.mentee_id]),
        {"mentor": other.pk},
    )
    response = run(coordinator_client, program)

    listed = current_pairs(program)
    assert len(listed) == 3 and program.pairs.filter(locked=True).count() == 2
    total = round(sum(pair.score for pair in listed), 1)
    html = response.getvalue().decode()
    assert figures(html) == {
        "pairs": "3",
        "total": spanish(total),
        "weakest": spanish(min(pair.score for pair in listed)),
        "unpaired": "0",
    }
    # The message counts every pair, locked and hand-made ones included, in Spanish digits.
    assert f"Propuesta lista: 3 parejas (nuevas: 1), puntuación total {spanish(total)}" in html
    summary = response.context["summary"]()
    assert summary.unpaired == []
    # Nothing changed by hand since this run: the comparison is over the same list.
    fixed = [pair.score for pair in listed if pair.locked]
    assert summary.by_hand["pairs"] >= len(fixed)
    assert summary.by_hand["total"] <= total + 1e-6

    # A change by hand after the run hides the comparison instead of showing a stale one.
    coordinator_client.post(
        reverse("matching:pair_forbid", args=[program.pk, listed[-1].pk])
        if not listed[-1].locked
        else reverse("matching:pair_forbid", args=[program.pk, listed[0].pk])
    )
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert page.context["summary"]().by_hand is None
    assert "ejecute de nuevo la propuesta" in page.content.decode()
    remaining = current_pairs(program)
    assert figures(page.content.decode())["pairs"] == str(len(remaining))
    assert figures(page.content.decode())["unpaired"] == str(
        len(page.context["summary"]().unpaired)
    )


def test_each_pair_shows_every_part_of_its_score_and_they_add_up(
    coordinator_client, program, people
):
    run(coordinator_client, program)
    for pair in current_pairs(program):
        kinds = [part["kind"] for part in pair.explanation]
        assert "language" in kinds and "availability" in kinds  # default weights 1 and 1
        assert kinds.count("skill") == 2  # every skill the mentee wants, gap or not
        assert round(sum(part["points"] for part in pair.explanation), 1) == pair.score
    html = coordinator_client.get(reverse("matching:pairs", args=[program.pk])).content.decode()
    assert "Idioma común" in html and "Disponibilidad común" in html
    # The panel gives each part its most points with these weights: 33,3 each.
    assert "como máximo 33,3 puntos por la diferencia de habilidades, 33,3 por un idioma" in html


def test_forbidden_pairs_are_listed_and_can_be_allowed_again(
    coordinator_client, program, people, other_coordinator
):
    client = Client()
    run(coordinator_client, program)
    pair = current_pairs(program)[0]
    coordinator_client.post(reverse("matching:pair_forbid", args=[program.pk, pair.pk]))
    ban = PairBan.objects.get(program=program)
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert page.context["bans"]() == [ban]
    assert "Volver a permitir" in page.content.decode()

    client.force_login(other_coordinator)
    lift = reverse("matching:ban_lift", args=[program.pk, ban.pk])
    assert client.post(lift).status_code == 404
    assert coordinator_client.get(lift).status_code == 405
    coordinator_client.post(lift)
    assert not PairBan.objects.exists()
    assert ProgramLogEntry.objects.filter(program=program, action="matching.ban_lifted").exists()


def publish(client, program, capture):
    with capture(execute=True):
        return client.post(reverse("matching:publish", args=[program.pk]), follow=True)


def test_newcomers_are_matched_around_the_published_pairs(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    program.mentor_capacity = 2
    program.save()
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    published = {(p.pk, p.mentor_id, p.mentee_id, p.published_at) for p in program.pairs.all()}
    assert len(published) == 3
    mail.outbox.clear()

    # The criteria may still change after publishing: they apply to the people still free.
    criteria_form = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert "Los criterios se aplican a las personas aún sin pareja" in (
        criteria_form.content.decode()
    )
    excel = program.skills.get(name__startswith="Hojas de cálculo")
    late = CandidateFactory(
        program=program,
        full_name="Tomás Tardío",
        desired_role="mentee",
        status="accepted",
        years_in_organisation=25,
        level=5,
        ratings={excel.name: (1, True)},
    )
    response = run(coordinator_client, program)
    new = program.pairs.filter(published_at__isnull=True).get()
    assert new.mentee == late
    assert "Propuesta lista: 4 parejas (nuevas: 1)" in response.getvalue().decode()
    # Published pairs never move, and capacity counts them.
    assert published <= {
        (p.pk, p.mentor_id, p.mentee_id, p.published_at) for p in program.pairs.all()
    }
    loads = [program.pairs.filter(mentor=m).count() for m in (people["lucia"], people["hugo"])]
    assert max(loads) <= 2

    confirm = coordinator_client.get(reverse("matching:publish", args=[program.pk]))
    assert "¿Publicar 1 pareja nueva?" in confirm.content.decode()
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    # Only the two people concerned hear of it; the mentor keeps their one account.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([new.mentor.email, late.email])
    assert User.objects.filter(username=new.mentor.email.lower()).count() == 1
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_pair_is_ended_with_a_reason_and_its_mentee_matched_again(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    client = Client()
    program.mentor_capacity = 2
    program.save()
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    pair = program.pairs.select_related("mentor_user", "mentee_user").first()
    url = reverse("matching:pair_status", args=[program.pk, pair.pk, "end"])
    confirm = coordinator_client.get(url)
    assert "¿Finalizar la pareja de" in confirm.content.decode()
    refused = coordinator_client.post(url, {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        done = coordinator_client.post(url, {"reason": "mismatch", "note": "Gracias a ambos."})
    assert done.url == reverse("sessions:workspace", args=[pair.pk])
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED and pair.end_reason == "mismatch"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )
    assert all("ha finalizado" in m.subject for m in mail.outbox)
    # The history stays, read-only: the members read it, and can no longer add to it.
    client.force_login(pair.mentee_user)
    workspace = client.get(reverse("sessions:workspace", args=[pair.pk]))
    assert "finalizó antes de tiempo" in workspace.content.decode()
    assert not workspace.context["can_edit"]
    assert client.get(reverse("sessions:meeting_new", args=[pair.pk])).status_code == 404
    assert client.get(reverse("sessions:concern", args=[pair.pk])).status_code == 200
    # Ending twice is not offered.
    assert coordinator_client.get(url).status_code == 404

    run(coordinator_client, program)
    again = program.pairs.exclude(status=Pair.Status.ENDED).get(mentee=pair.mentee)
    assert again.mentor_id != pair.mentor_id  # never the same two again
    assert not again.is_published
    dashboard = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
    counts = dict(dashboard.context["phases"]()[1].status.counts)
    assert counts["Parejas finalizadas antes de tiempo"] == 1


def test_the_proposal_ready_banner_goes_once_the_pairs_are_published(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    page = run(coordinator_client, program).getvalue().decode()
    assert "Propuesta lista" in page
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert "Propuesta lista" not in page.content.decode()
    # A new proposal for the people still free shows its own banner again.
    assert "Propuesta lista" in run(coordinator_client, program).getvalue().decode()


def test_the_waiting_list_says_why_each_person_waits(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    reasons = {item["name"]: item["reason_label"] for item in page.context["summary"]().unpaired}
    assert set(reasons.values()) == {
        "Aún no se ha ejecutado ninguna propuesta: ejecútela para formar las parejas."
    }
    program.mentor_capacity = 2
    program.save()
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    pair = program.pairs.select_related("mentor", "mentee").first()
    coordinator_client.post(
        reverse("matching:pair_status", args=[program.pk, pair.pk, "end"]), {"reason": "mismatch"}
    )
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    reasons = {item["name"]: item["reason_label"] for item in page.context["summary"]().unpaired}
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert reasons[pair.mentee.full_name] == f"Su pareja terminó el {today}."
    assert f"Su pareja terminó el {today}." in page.content.decode()


def test_ending_a_pair_because_someone_left_asks_who_and_never_proposes_them_again(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    program.mentor_capacity = 2
    program.save()
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    pair = program.pairs.select_related("mentor", "mentee").first()
    url = reverse("matching:pair_status", args=[program.pk, pair.pk, "end"])
    confirm = coordinator_client.get(url).content.decode()
    assert (
        "Si se fue alguno de los dos, ¿quién?" in confirm
        and f"{pair.mentee.full_name}, el mentee" in confirm
    )

    refused = coordinator_client.post(url, {"reason": "left"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["who_left"] == [
        "Marque quién se fue: el mentor, el mentee o los dos."
    ]
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"reason": "left", "who_left": ["mentee"]})
    pair.refresh_from_db()
    pair.mentee.refresh_from_db()
    pair.mentor.refresh_from_db()
    assert pair.status == Pair.Status.ENDED
    assert pair.mentee.status == Candidate.Status.LEFT
    assert pair.mentor.status == Candidate.Status.ACCEPTED  # the mentor stays, free again
    change = pair.mentee.status_changes.latest("id")
    assert change.to_status == "left" and change.actor == program.coordinators.first()

    # The next proposal leaves them out, and they are not on the waiting list.
    page = run(coordinator_client, program)
    assert not program.pairs.exclude(status=Pair.Status.ENDED).filter(mentee=pair.mentee)
    assert pair.mentee.pk not in {item["id"] for item in page.context["summary"]().unpaired}

    # A coordinator brings them back: accepted again, they are proposed again.
    coordinator_client.post(
        reverse("matching:candidate_status", args=[program.pk, pair.mentee.pk]),
        {"status": "accepted"},
    )
    run(coordinator_client, program)
    again = program.pairs.exclude(status=Pair.Status.ENDED).get(mentee=pair.mentee)
    assert again.mentor_id != pair.mentor_id


def test_a_reason_other_than_leaving_marks_nobody_as_gone(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    pair = program.pairs.first()
    url = reverse("matching:pair_status", args=[program.pk, pair.pk, "end"])
    coordinator_client.post(url, {"reason": "mismatch", "who_left": ["mentor", "mentee"]})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED
    assert {pair.mentor.status, pair.mentee.status} == {Candidate.Status.ACCEPTED}


def test_pause_and_resume_and_no_reminders_while_not_active(
    coordinator_client, program, pair, other_pair
):
    client = Client()
    long_ago = timezone.now() - datetime.timedelta(days=60)
    Pair.objects.update(published_at=long_ago)
    coordinator_client.post(reverse("matching:pair_status", args=[program.pk, pair.pk, "pause"]))
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PAUSED
    assert Notification.objects.filter(kind="matching.pair_status", about_id=pair.pk).count() == 2

    reminders_create()
    reminded = set(
        Notification.objects.filter(kind="sessions.pair_inactive").values_list(
            "about_id", flat=True
        )
    )
    assert reminded == {other_pair.pk}  # the paused pair is left alone

    client.force_login(pair.mentor_user)
    assert not client.get(reverse("sessions:workspace", args=[pair.pk])).context["can_edit"]
    overview = coordinator_client.get(reverse("sessions:pairs_overview", args=[program.pk]))
    health = {row.pk: row.health_label for row in overview.context["rows"]()}
    assert str(health[pair.pk]) == "En pausa"
    assert str(health[other_pair.pk]) == "Inactiva"  # labels from Python code are translated

    coordinator_client.post(reverse("matching:pair_status", args=[program.pk, pair.pk, "resume"]))
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    assert client.get(reverse("sessions:workspace", args=[pair.pk])).context["can_edit"]
    assert Notification.objects.filter(kind="matching.pair_status", about_id=pair.pk).count() == 4


def test_only_the_programs_coordinators_change_a_pairs_status(
    client, program, pair, other_pair, other_coordinator
):
    url = reverse("matching:pair_status", args=[program.pk, pair.pk, "end"])
    assert client.post(url, {"reason": "other"}).status_code == 302  # to the login page
    client.force_login(other_coordinator)
    assert client.post(url, {"reason": "other"}).status_code == 404
    client.force_login(other_pair.mentor_user)
    assert client.post(url, {"reason": "other"}).status_code == 403
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    unknown = reverse("matching:pair_status", args=[program.pk, pair.pk, "explode"])
    client.force_login(program.coordinators.first())
    assert client.get(unknown).status_code == 404


def test_the_call_closes_by_itself_at_its_deadline(client, coordinator_client, call):
    call.deadline = timezone.localdate() - datetime.timedelta(days=1)
    call.save()
    page = coordinator_client.get(reverse("matching:call", args=[call.program.pk]))
    assert ">Cerrada</span>" in page.content.decode()
    apply_url = reverse("matching:apply", args=[call.token])
    assert "está cerrada" in client.get(apply_url).content.decode()
    before = call.program.candidates.count()
    refused = client.post(apply_url, {"full_name": "Tarde", "email": "tarde@example.com"})
    assert "está cerrada" in refused.content.decode()
    assert call.program.candidates.count() == before


def test_people_waiting_for_a_pair_are_counted_and_told_once(
    coordinator_client, program, people, django_capture_on_commit_callbacks
):
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    dashboard = coordinator_client.get(reverse("program_dashboard", args=[program.pk]))
    assert dict(dashboard.context["phases"]()[1].status.counts)["En espera de pareja"] == 1
    assert Notification.objects.filter(kind="matching.waiting_list").count() == 1
    page = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    assert [item["name"] for item in page.context["summary"]().unpaired] == ["Inés"]
    listing = coordinator_client.get(reverse("matching:candidates", args=[program.pk]))
    assert listing.content.decode().count(">En espera de pareja</span>") == 1
    ines = reverse("matching:candidate", args=[program.pk, people["ines"].pk])
    assert ">En espera de pareja</span>" in coordinator_client.get(ines).content.decode()
    UserFactory()  # an unrelated person changes nothing
    run(coordinator_client, program)
    publish(coordinator_client, program, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind="matching.waiting_list").count() == 1


@pytest.mark.parametrize("pairs", [2, 12])
def test_the_matching_page_of_a_published_cohort_runs_a_constant_number_of_queries(
    coordinator_client, program, pairs, django_assert_num_queries
):
    for n in range(pairs):
        ended = published_pair(program, f"Mentora {n}", f"Mentee {n}")
        if n % 3 == 0:
            ended.status = Pair.Status.ENDED
            ended.save()
    PairBan.objects.create(program=program, mentor=ended.mentor, mentee=ended.mentee)
    CandidateFactory(program=program, status="accepted", desired_role="mentee")
    with django_assert_num_queries(13):
        response = coordinator_client.get(reverse("matching:pairs", args=[program.pk]))
    summary = response.context["summary"]()
    assert len(summary.pairs) + len(summary.ended) == pairs
    assert len(summary.unpaired) == 1 + len(summary.ended) * 2
