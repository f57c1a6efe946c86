"""The HR directory: a file checked by line, previewed, applied whole, leavers kept."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory import rows as directory_rows
from directory import services
from directory.models import DirectoryImport, Person
from notifications.models import Notification
from tests.factories import CandidateFactory, logged_in, published_pair

HEADER = directory_rows.COLUMNS
# An organisation four levels deep: Elena > Marcos > Sara > Diego, and Inés under Elena.
ORGANISATION = [
    [
        "E1",
        "Elena Soto",
        "elena@example.com",
        "",
        "Dirección",
        "CEO",
        "9",
        "2001-03-01",
        "Madrid",
        "es",
    ],
    [
        "E2",
        "Marcos Gil",
        "marcos@example.com",
        "E1",
        "Ventas",
        "Director",
        "7",
        "2005-06-15",
        "Madrid",
        "es,en",
    ],
    [
        "E3",
        "Sara Núñez",
        "sara@example.com",
        "E2",
        "Ventas",
        "Jefa de equipo",
        "5",
        "2012-01-10",
        "Zaragoza",
        "es",
    ],
    [
        "E4",
        "Diego Prieto",
        "diego@example.com",
        "E3",
        "Ventas",
        "Analista",
        "2",
        "2023-09-01",
        "Zaragoza",
        "es",
    ],
    [
        "E5",
        "Inés Valle",
        "ines@example.com",
        "E1",
        "Tecnología",
        "Desarrolladora",
        "2",
        "2022-02-01",
        "Madrid",
        "en",
    ],
]


def table(*rows):
    return [HEADER, *[list(row) for row in rows]]


def csv_file(rows, name="hr.csv"):
    content = "\n".join(",".join(row) for row in rows).encode()
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def applied(rows):
    preview, errors = services.directory_preview(file_name="hr.csv", table=table(*rows), actor=None)
    assert errors == []
    return services.directory_apply(preview=preview)


def test_rows_are_checked_by_line_with_the_reason():
    rows = [
        *ORGANISATION,
        ["E6", "", "not-an-email", "E9", "", "", "senior", "31/02/2020", "", "español"],
        ["E2", "Marcos Otra", "otra@example.com", "", "", "", "", "", "", ""],
        ["E7", "Pepa Loop", "pepa@example.com", "E8", "", "", "", "", "", ""],
        ["E8", "Paco Loop", "paco@example.com", "E7", "", "", "", "", "", ""],
    ]
    people, errors = directory_rows.rows_validate(table(*rows))
    by_line = {(error.line, error.column) for error in errors}
    assert {
        (7, "full_name"),
        (7, "email"),
        (7, "grade"),
        (7, "hire_date"),
        (7, "languages"),
    } <= by_line
    assert (8, "employee_id") in by_line  # repeats E2's id
    messages = {error.line: error.message for error in errors}
    assert messages[8] == "Repite el número de empleado de la línea 3."
    # The loop is found only once every row is right: fix the rest first.
    people, errors = directory_rows.rows_validate(table(*ORGANISATION, *rows[7:]))
    assert [(e.line, e.column) for e in errors] == [
        (7, "manager_employee_id"),
        (8, "manager_employee_id"),
    ]
    assert "E7 → E8 → E7" in errors[0].message


def test_an_unknown_manager_and_missing_columns_are_refused():
    _people, errors = directory_rows.rows_validate(table(["E1", "Ana", "ana@example.com", "E0"]))
    assert [(e.line, e.column) for e in errors] == [(2, "manager_employee_id")]
    _people, errors = directory_rows.rows_validate([["employee_id", "name"], ["E1", "Ana"]])
    assert {(e.line, e.column) for e in errors} == {
        (1, "full_name"),
        (1, "email"),
        (1, "name"),
    }


def test_chains_hold_everyone_above_manager_first():
    chains = directory_rows.chains({"E1": "", "E2": "E1", "E3": "E2", "E4": "E3", "E5": "E1"})
    assert chains == {
        "E1": [],
        "E2": ["E1"],
        "E3": ["E2", "E1"],
        "E4": ["E3", "E2", "E1"],
        "E5": ["E1"],
    }


@pytest.mark.django_db
def test_applying_adds_changes_and_marks_leavers_without_deleting_them():
    applied(ORGANISATION)
    assert Person.objects.get(employee_id="E4").chain == ["E3", "E2", "E1"]
    assert Person.objects.get(employee_id="E4").hire_date == datetime.date(2023, 9, 1)
    # Sara moves under Inés; Diego leaves; Nora joins.
    moved = [row[:] for row in ORGANISATION if row[0] != "E4"]
    moved[2][3] = "E5"
    moved.append(["E9", "Nora Ruiz", "nora@example.com", "E5", "Tecnología", "", "", "", "", ""])
    preview, errors = services.directory_preview(
        file_name="hr2.csv", table=table(*moved), actor=None
    )
    assert errors == []
    assert preview.counts == {"new": 1, "changed": 1, "leavers": 1, "unchanged": 3}
    assert preview.changes["changed"] == {"E3": ["manager_employee_id"]}
    assert Person.objects.get(employee_id="E3").manager_employee_id == "E2"  # not yet
    services.directory_apply(preview=preview)
    sara, diego = Person.objects.get(employee_id="E3"), Person.objects.get(employee_id="E4")
    assert sara.chain == ["E5", "E1"]
    assert not diego.active and diego.left_at is not None
    assert Person.objects.count() == 6
    # Back in the file, a leaver is active again.
    preview, _ = services.directory_preview(
        file_name="hr3.csv", table=table(*ORGANISATION), actor=None
    )
    assert preview.changes["changed"]["E4"] == ["active"]


@pytest.mark.django_db
def test_a_preview_is_refused_once_the_directory_changed():
    first, _ = services.directory_preview(file_name="a.csv", table=table(*ORGANISATION), actor=None)
    second, _ = services.directory_preview(
        file_name="b.csv", table=table(*ORGANISATION[:3]), actor=None
    )
    services.directory_apply(preview=second)
    with pytest.raises(services.StalePreview):
        services.directory_apply(preview=first)
    assert Person.objects.count() == 3
    first.refresh_from_db()
    assert first.status == DirectoryImport.Status.DISCARDED


@pytest.mark.django_db
def test_a_leaver_in_an_active_pair_is_flagged_to_the_coordinators(program, coordinator):
    pair = published_pair(program)
    rows = [
        *ORGANISATION,
        ["M1", "Lucía Mentora", pair.mentor.email, "E1", "Tecnología", "", "", "", "", ""],
    ]
    applied(rows)
    result = applied(ORGANISATION)  # Lucía is no longer in the file
    [flag] = result.flags
    assert flag["person"] == "Lucía Mentora"
    assert "Rosa Mentee" in flag["what"] and "Transformación digital" in flag["what"]
    assert flag["link"] == reverse("matching:pairs", args=[program.pk])
    sent = Notification.objects.filter(kind="matching.leaver_in_pair")
    assert [(n.email, n.about_id) for n in sent] == [(coordinator.email, pair.pk)]
    # Applying again flags nothing new: she has already left.
    assert applied(ORGANISATION).flags == []
    # The pairs page says so until the pair is ended.
    page = logged_in(coordinator).get(reverse("matching:pairs", args=[program.pk]))
    [leaver] = page.context["leavers"]()
    assert (leaver["person"], leaver["partner"], leaver["is_mentor"]) == (
        pair.mentor,
        pair.mentee,
        True,
    )
    assert "Lucía Mentora" in page.content.decode()
    pair.status = pair.Status.ENDED
    pair.save()
    page = logged_in(coordinator).get(reverse("matching:pairs", args=[program.pk]))
    assert page.context["leavers"]() == []


@pytest.mark.django_db
def test_leavers_leave_the_candidates_as_when_their_pair_ends_because_they_left(
    program, coordinator
):
    pair = published_pair(program)
    waiting = CandidateFactory(program=program, full_name="Pilar Espera", status="accepted")
    withdrawn = CandidateFactory(program=program, status="withdrawn")
    rows = [
        *ORGANISATION,
        ["M1", "Lucía Mentora", pair.mentor.email.upper(), "E1", "", "", "", "", "", ""],
        ["M2", "Pilar Espera", waiting.email, "E1", "", "", "", "", "", ""],
        ["M3", "Retirada", withdrawn.email, "E1", "", "", "", "", "", ""],
    ]
    applied(rows)
    result = applied(ORGANISATION)
    statuses = dict(
        program.candidates.filter(
            pk__in=[pair.mentor_id, pair.mentee_id, waiting.pk, withdrawn.pk]
        ).values_list("pk", "status")
    )
    assert statuses == {
        pair.mentor_id: "left",
        pair.mentee_id: "accepted",
        waiting.pk: "left",
        withdrawn.pk: "withdrawn",  # already out: left as it was
    }
    # The waiting one is listed as taken off the candidates, the mentor with her pair.
    assert [(flag["person"], flag["link"]) for flag in result.flags] == [
        ("Lucía Mentora", reverse("matching:pairs", args=[program.pk])),
        ("Pilar Espera", reverse("matching:candidates", args=[program.pk])),
    ]
    # Ending the pair asks who left with the leaver already ticked.
    form = logged_in(coordinator).get(
        reverse("matching:pair_status", args=[program.pk, pair.pk, "end"])
    )
    assert form.context["form"]["who_left"].initial == ["mentor"]


@pytest.mark.django_db
def test_the_coordinator_previews_refuses_fixes_and_applies_a_file(coordinator):
    browser = logged_in(coordinator)
    bad = [HEADER, *ORGANISATION, ["E6", "Bad Row", "bad-email", "E1", "", "", "", "", "", ""]]
    response = browser.post(reverse("directory:import"), {"file": csv_file(bad)})
    assert response.status_code == 200
    assert [(e.line, e.column) for e in response.context["errors"]] == [(7, "email")]
    assert DirectoryImport.objects.count() == 0 and Person.objects.count() == 0
    good = [HEADER, *ORGANISATION]
    response = browser.post(reverse("directory:import"), {"file": csv_file(good)})
    preview = DirectoryImport.objects.get()
    assert response.url == reverse("directory:import_preview", args=[preview.pk])
    page = browser.get(response.url)
    assert page.context["counts"]["new"] == 5
    assert "Elena Soto" in page.content.decode()
    assert Person.objects.count() == 0
    response = browser.post(reverse("directory:import_apply", args=[preview.pk]))
    assert Person.objects.filter(active=True).count() == 5
    listing = browser.get(reverse("directory:people") + "?q=sara")
    assert [p.full_name for p in listing.context["page"]] == ["Sara Núñez"]
    assert listing.context["page"][0].manager_name == "Marcos Gil"


@pytest.mark.django_db
def test_discarding_changes_nothing(coordinator):
    browser = logged_in(coordinator)
    browser.post(reverse("directory:import"), {"file": csv_file([HEADER, *ORGANISATION])})
    preview = DirectoryImport.objects.get()
    browser.post(reverse("directory:import_discard", args=[preview.pk]))
    preview.refresh_from_db()
    assert preview.status == "discarded" and Person.objects.count() == 0
    assert browser.post(reverse("directory:import_apply", args=[preview.pk])).status_code == 302
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_participants_and_visitors_cannot_reach_the_directory(client, participant):
    for name in ("directory:people", "directory:import"):
        assert client.get(reverse(name)).status_code == 302
        assert logged_in(participant).get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_the_list_of_people_runs_the_same_queries_for_few_and_many(
    coordinator, django_assert_num_queries
):
    browser = logged_in(coordinator)
    applied(ORGANISATION[:2])
    with django_assert_num_queries(7) as few:
        browser.get(reverse("directory:people"))
    many = [
        *ORGANISATION,
        *[
            [f"X{n}", f"Persona {n}", f"p{n}@example.com", "E2", "Ventas", "", "", "", "", ""]
            for n in range(80)
        ],
    ]
    applied(many)
    with django_assert_num_queries(len(few.captured_queries)):
        browser.get(reverse("directory:people"))


@pytest.mark.django_db
def test_the_nightly_command_applies_a_file_or_lists_its_errors(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text("\n".join(",".join(row) for row in [HEADER, *ORGANISATION]))
    out = io.StringIO()
    call_command("directory_import", str(path), stdout=out)
    assert "new=5 changed=0 leavers=0 unchanged=0" in out.getvalue()
    assert Person.objects.count() == 0
    call_command("directory_import", str(path), "--apply", stdout=out)
    assert Person.objects.count() == 5
    path.write_text(
        "\n".join(",".join(row) for row in [HEADER, ["E1", "", "x", "", "", "", "", "", "", ""]])
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="errors; nothing was imported"):
        call_command("directory_import", str(path), "--apply", stdout=out, stderr=err)
    assert "hr.csv:2: full_name:" in err.getvalue()
    assert Person.objects.filter(active=True).count() == 5


@pytest.mark.django_db
def test_an_excel_file_from_the_hr_system_is_read_like_a_csv(coordinator):
    from documents.tables import xlsx_write

    rows = [
        [*row[:6], int(row[6]), datetime.date.fromisoformat(row[7]), *row[8:]]
        for row in ORGANISATION
    ]
    upload = io.BytesIO(xlsx_write(HEADER, rows, "RRHH"))
    upload.name = "rrhh.xlsx"
    browser = logged_in(coordinator)
    response = browser.post(reverse("directory:import"), {"file": upload})
    preview = DirectoryImport.objects.get()
    assert response.url == reverse("directory:import_preview", args=[preview.pk])
    assert preview.counts["new"] == 5
    browser.post(reverse("directory:import_apply", args=[preview.pk]))
    diego = Person.objects.get(employee_id="E4")
    assert (diego.grade, diego.hire_date, diego.chain) == (
        2,
        datetime.date(2023, 9, 1),
        ["E3", "E2", "E1"],
    )


@pytest.mark.django_db
def test_a_leavers_address_can_go_to_someone_new():
    applied(ORGANISATION)
    rows = [row for row in ORGANISATION if row[0] != "E4"]
    rows.append(["E6", "Diego Pardo", "diego@example.com", "E3", "Ventas", "", "", "", "", ""])
    result = applied(rows)
    assert result.counts == {"new": 1, "changed": 0, "leavers": 1, "unchanged": 4}
    old, new = Person.objects.get(employee_id="E4"), Person.objects.get(employee_id="E6")
    assert (old.active, new.active, new.email) == (False, True, "diego@example.com")


def organisation_of(size: int) -> list[list[str]]:
    """ORGANISATION and more people under Elena, up to `size` in all."""
    more = [
        [f"P{n}", f"Persona {n}", f"persona{n}@example.com", "E1", "Ventas", "", "", "", "", ""]
        for n in range(size - len(ORGANISATION))
    ]
    return [*ORGANISATION, *more]


@pytest.mark.django_db
def test_a_file_that_would_empty_the_organisation_needs_the_number_typed(coordinator):
    applied(organisation_of(40))
    browser = logged_in(coordinator)
    browser.post(reverse("directory:import"), {"file": csv_file([HEADER, ORGANISATION[0]])})
    preview = DirectoryImport.objects.filter(status="previewed").get()
    assert preview.counts["leavers"] == 39
    page = browser.get(reverse("directory:import_preview", args=[preview.pk])).content.decode()
    assert "Este archivo marca a 39 personas como bajas: el 98 % del directorio." in page
    assert "Escriba 39 para confirmar" in page
    url = reverse("directory:import_apply", args=[preview.pk])
    for typed in ({}, {"leavers": "40"}):  # the ordinary button, then a wrong number
        refused = browser.post(url, typed, follow=True).content.decode()
        assert "No se ha aplicado nada: escriba el número de bajas, 39" in refused
        assert Person.objects.filter(active=True).count() == 40
    browser.post(url, {"leavers": "39"})
    assert Person.objects.filter(active=True).count() == 1


@pytest.mark.django_db
def test_a_few_leavers_need_no_confirmation(coordinator):
    applied(organisation_of(40))
    browser = logged_in(coordinator)
    rows = organisation_of(40)[:-3]  # 3 leavers of 40
    browser.post(reverse("directory:import"), {"file": csv_file([HEADER, *rows])})
    preview = DirectoryImport.objects.filter(status="previewed").get()
    assert not preview.is_mass_departure
    browser.post(reverse("directory:import_apply", args=[preview.pk]))
    assert Person.objects.filter(active=True).count() == 37


@pytest.mark.django_db
def test_the_nightly_command_refuses_a_mass_departure_unless_allowed(tmp_path):
    applied(organisation_of(40))
    path = tmp_path / "hr.csv"
    path.write_text("\n".join(",".join(row) for row in [HEADER, ORGANISATION[0]]))
    with pytest.raises(CommandError, match="39 leavers .98% of the directory.: refused"):
        call_command("directory_import", str(path), "--apply", stdout=io.StringIO())
    assert Person.objects.filter(active=True).count() == 40
    assert not DirectoryImport.objects.filter(status="previewed").exists()
    call_command(
        "directory_import", str(path), "--apply", "--allow-mass-departure", stdout=io.StringIO()
    )
    assert Person.objects.filter(active=True).count() == 1
