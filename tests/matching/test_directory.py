"""The HR directory in the selection phase: what it knows is shown, not typed; people are
invited from it; no pair is proposed within one reporting line, at any depth."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from directory import services as directory_services
from directory.rows import COLUMNS
from matching.models import Candidate, Invitation
from notifications.models import Notification
from tests.factories import CandidateFactory, call_open, logged_in
from tests.matching.test_views_apply import application_data

pytestmark = pytest.mark.django_db


def directory(*rows):
    preview, errors = directory_services.directory_preview(
        file_name="hr.csv",
        table=[COLUMNS, *[list(row) + [""] * (10 - len(row)) for row in rows]],
        actor=None,
    )
    assert errors == []
    directory_services.directory_apply(preview=preview)


def run(client, program):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("matching:run", args=[program.pk]))


def test_a_mentor_two_levels_below_the_mentee_is_never_proposed(coordinator, program, people):
    browser = logged_in(coordinator)
    run(browser, program)
    assert program.pairs.filter(mentor=people["lucia"], mentee=people["rosa"]).exists()
    # Lucía reports to Tomás, who reports to Rosa: two levels below her.
    directory(
        ["R1", "Rosa", people["rosa"].email],
        ["T1", "Tomás Ibáñez", "tomas@example.com", "R1"],
        ["L1", "Lucía", people["lucia"].email, "T1"],
    )
    program.pairs.all().delete()
    run(browser, program)
    assert not program.pairs.filter(mentor=people["lucia"], mentee=people["rosa"]).exists()
    assert program.pairs.filter(mentee=people["rosa"]).exists()  # Hugo instead
    page = browser.get(reverse("matching:alternatives", args=[program.pk, people["rosa"].pk]))
    lucia = next(o for o in page.context["options"] if o["name"] == "Lucía")
    assert lucia["broken"] == ["reporting_line"]
    assert lucia["broken_labels"] == [
        "misma línea jerárquica: según el directorio de RR. HH., el mentor depende del mentee, "
        "2 niveles por debajo"
    ]
    assert lucia["broken_labels"][0] in page.content.decode()


def test_the_directory_grade_and_hire_date_decide_who_is_junior(coordinator, program, people):
    # Lucía answered 2 years and level 2, but the directory says she joined before Pedro and
    # holds a higher grade: she is not junior to him.
    directory(
        ["L1", "Lucía", people["lucia"].email, "", "", "", "8", "1990-01-01"],
        ["P1", "Pedro", people["pedro"].email, "", "", "", "3", "2015-01-01"],
    )
    browser = logged_in(coordinator)
    page = browser.get(reverse("matching:alternatives", args=[program.pk, people["pedro"].pk]))
    lucia = next(o for o in page.context["options"] if o["name"] == "Lucía")
    assert "mentor_junior" in lucia["broken"]
    hugo = next(o for o in page.context["options"] if o["name"] == "Hugo")
    assert "mentor_junior" not in hugo["broken"]  # not in the directory: his answers count


def test_invited_people_apply_with_what_the_directory_knows(client, coordinator, program):
    call_open(program)
    directory(
        ["E1", "Elena Soto", "elena@example.com", "", "Dirección", "CEO", "9", "2001-03-01"],
        ["E2", "Marcos Gil", "marcos@example.com", "E1", "Ventas", "Director", "7", "2005-06-15"],
        [
            "E3",
            "Sara Núñez",
            "sara@example.com",
            "E2",
            "Ventas",
            "Jefa",
            "5",
            "2012-01-10",
            "",
            "en",
        ],
        ["E4", "Inés Valle", "ines@example.com", "E1", "Tecnología", "", "2", "2022-02-01"],
    )
    CandidateFactory(program=program, email="marcos@example.com")  # applied already
    browser = logged_in(coordinator)
    url = reverse("matching:invite", args=[program.pk])
    page = browser.get(url, {"department": "Ventas", "grade_min": "4"})
    assert [p.full_name for p in page.context["people"]] == ["Sara Núñez"]
    browser.post(url, {"department": "Ventas", "grade_min": "4"})
    browser.post(url, {"department": "Ventas", "grade_min": "4"})  # twice: once each
    invitation = Invitation.objects.get()
    sent = Notification.objects.get(kind="matching.invitation")
    assert (sent.email, sent.language) == ("sara@example.com", "en")
    # Her email is the call's invitation, with her own link in place of {link}, once.
    from notifications import registry

    message = registry.kind("matching.invitation").build(sent)
    link = reverse("matching:apply", args=[program.call.token]) + f"?invite={invitation.token}"
    assert message.text.count(link) == 1
    assert "{link}" not in message.text and "{deadline}" not in message.text
    # In her language (English): the call's texts are written in both.
    assert message.subject == "Take part in our reverse-mentoring program “Transformación digital”"
    assert "Subject:" not in message.text and message.text.startswith("Hello,")
    # Her link: the form shows the directory's facts; she does not type them.
    form_page = client.get(link)
    html = form_page.content.decode()
    assert "Marcos Gil › Elena Soto" in html
    form = form_page.context["form"]
    assert all(
        form.fields[name].disabled for name in ("email", "department", "years_in_organisation")
    )
    data = application_data(program, email="someone@else.example", full_name="Sara Núñez")
    for name in ("department", "manager_email", "years_in_organisation"):
        data.pop(name)
    client.post(link, data)
    sara = Candidate.objects.get(full_name="Sara Núñez")
    hired = datetime.date(2012, 1, 10)
    today = datetime.date.today()
    years = today.year - hired.year - ((today.month, today.day) < (hired.month, hired.day))
    assert (sara.email, sara.department, sara.manager_email, sara.years_in_organisation) == (
        "sara@example.com",
        "Ventas",
        "marcos@example.com",
        years,
    )


def test_an_uninvited_applicant_in_the_directory_gets_its_facts(client, program):
    call = call_open(program)
    directory(
        ["E1", "Elena Soto", "elena@example.com", "", "Dirección"],
        ["E2", "Rosa Delgado", "rosa.delgado@example.com", "E1", "Ventas", "", "", "2000-05-05"],
    )
    client.post(reverse("matching:apply", args=[call.token]), application_data(program))
    rosa = Candidate.objects.get(email="rosa.delgado@example.com")
    assert (rosa.department, rosa.manager_email) == ("Ventas", "elena@example.com")


def test_outsiders_cannot_invite(client, program, other_coordinator, participant):
    url = reverse("matching:invite", args=[program.pk])
    assert logged_in(other_coordinator).get(url).status_code == 404
    assert logged_in(participant).get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_invitations_wait_for_an_open_call(coordinator, program):
    directory(["E1", "Elena Soto", "elena@example.com"])
    with translation.override("en"):
        logged_in(coordinator).post(reverse("matching:invite", args=[program.pk]), {})
    assert not Invitation.objects.exists()
