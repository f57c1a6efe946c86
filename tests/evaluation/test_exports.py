"""Results data out: the answers, the skills before and after per person and the pairs'
meetings and goals as CSV and Excel, with or without names; and every pair's report built
in one job, with its progress, as one ZIP."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation import building, services
from evaluation.models import Report
from matching.models import SkillRating
from programs.models import ProgramLogEntry
from sessions.models import Meeting
from tests.evaluation.conftest import pdf_text
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(evaluation, pair):
    """The mentee answered, rating the first skill 4 (it was 2 at the application)."""
    skill = pair.program.skills.order_by("kind", "pk").first()
    response = evaluation.responses.get(respondent=pair.mentee_user)
    services.response_submit(
        response=response,
        answers={"relationship": 5, "recommend": 4, "comments": "Muy útil"},
        goal_progress={},
        skill_levels={skill.pk: 4},
    )
    Meeting.objects.create(pair=pair, starts_at=timezone.now(), status=Meeting.Status.HELD)
    return response


def export(client, program, **params):
    return client.get(reverse("evaluation:results_export", args=[program.pk]), params)


def csv_rows(response) -> list[list[str]]:
    content = response if isinstance(response, bytes) else response.getvalue()
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_answers_with_names(coordinator_client, program, pair, answered):
    rows = csv_rows(export(coordinator_client, program, table="answers", format="csv"))
    assert rows[0][:3] == ["Persona", "Correo electrónico", "Rol"]
    mentee = next(row for row in rows if row[1] == pair.mentee_user.email)
    assert mentee[0] == pair.mentee_user.get_full_name()
    assert mentee[4] == "5" and mentee[-1] == "Muy útil"
    assert len(rows) == 1 + evaluation_size(program)
    assert ProgramLogEntry.objects.filter(action="evaluation.results_exported").exists()


def evaluation_size(program) -> int:
    return program.evaluations.get().responses.count()


def test_without_names_nobody_is_named_and_a_person_has_one_code_in_every_table(
    coordinator_client, program, pair, other_pair, answered
):
    answers, skills, pairs = (
        export(coordinator_client, program, table=table, format="csv", anonymous="1").getvalue()
        for table in ("answers", "skills", "pairs")
    )
    everything = b"".join((answers, skills, pairs)).decode("utf-8-sig")
    for person in (pair.mentor_user, pair.mentee_user, other_pair.mentor_user):
        assert person.email not in everything
        assert person.last_name not in everything
    for name in (pair.mentor.full_name, pair.mentee.full_name):
        assert name not in everything
    code = next(row[0] for row in csv_rows(answers) if row[-1] == "Muy útil")
    assert code.startswith("Persona ")
    skill_rows = csv_rows(skills)[1:]
    assert {row[0] for row in skill_rows} == {code}  # only who answered
    first_skill = pair.program.skills.order_by("kind", "pk").first()
    before = SkillRating.objects.get(candidate=pair.mentee, skill=first_skill).level
    assert [code, "Mentee", first_skill.name, str(before), "4", str(4 - before)] in skill_rows
    pair_rows = csv_rows(pairs)
    assert pair_rows[0][0] == "Pareja"
    assert sorted(row[2] for row in pair_rows[1:]) == ["0", "1"]  # meetings held


def test_excel_holds_the_same_table(coordinator_client, program, pair, answered):
    response = export(coordinator_client, program, table="pairs", format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.title == "Parejas"
    rows = list(sheet.values)
    assert rows[0][:3] == ("Mentor", "Mentee", "Estado")
    assert (pair.mentor.full_name, pair.mentee.full_name) in [row[:2] for row in rows[1:]]


@pytest.mark.parametrize(
    "params", [{"table": "nope", "format": "csv"}, {"table": "answers", "format": "pdf"}]
)
def test_a_table_or_format_that_does_not_exist_is_not_found(
    coordinator_client, program, evaluation, params
):
    assert export(coordinator_client, program, **params).status_code == 404


def test_without_an_evaluation_there_is_nothing_to_download(coordinator_client, program, pair):
    assert export(coordinator_client, program, table="answers", format="csv").status_code == 404


def test_another_coordinator_downloads_nothing(client, program, answered):
    client.force_login(CoordinatorFactory())
    assert export(client, program, table="answers", format="csv").status_code == 404


def test_every_pairs_report_is_built_in_one_job_and_downloaded_as_a_zip(
    coordinator_client, program, pair, other_pair, evaluation, django_capture_on_commit_callbacks
):
    url = reverse("evaluation:reports", args=[program.pk])
    assert "Generar el informe de cada pareja" in coordinator_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("evaluation:report_request", args=[program.pk]), {"bundle": "1"}
        )
    bundle = Report.objects.get(program=program, bundle=True)
    assert (bundle.status, bundle.progress, bundle.total) == ("ready", 2, 2)
    page = coordinator_client.get(url).content.decode()
    download = reverse("evaluation:report_download", args=[program.pk, bundle.pk])
    assert download in page and "Descargar el ZIP" in page
    response = coordinator_client.get(download)
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        names = archive.namelist()
        texts = [pdf_text(archive.read(name)) for name in names]
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
    assert any(pair.mentee.full_name in text for text in texts)
    assert any(other_pair.mentee.full_name in text for text in texts)
    # Each pair's report in the ZIP is that pair's own report too: its row offers it.
    own = Report.objects.filter(program=program, bundle=False)
    assert sorted(own.values_list("pair_id", "status")) == [
        (pair.pk, "ready"),
        (other_pair.pk, "ready"),
    ]
    assert "Todavía no se ha generado" not in page.split('id="pair-reports"')[1]
    for report in own:
        assert reverse("evaluation:report_download", args=[program.pk, report.pk]) in page
        single = coordinator_client.get(
            reverse("evaluation:report_download", args=[program.pk, report.pk])
        )
        assert single["Content-Type"] == "application/pdf"
        assert report.pair.mentee.full_name in pdf_text(b"".join(single.streaming_content))
    # The program's report is not made by the ZIP.
    assert not own.filter(pair__isnull=True).exists()


def test_the_page_shows_how_far_the_zip_got(coordinator_client, program, pair, evaluation):
    Report.objects.create(
        program=program,
        bundle=True,
        status=Report.Status.RUNNING,
        requested_at=timezone.now(),
        started_at=timezone.now(),
        claimed_until=timezone.now() + building.report_lease(),
        progress=1,
        total=2,
    )
    page = coordinator_client.get(reverse("evaluation:reports", args=[program.pk]))
    text = page.content.decode()
    assert "1 de 2 parejas" in text and 'http-equiv="refresh"' in text


def test_a_program_without_pairs_builds_no_zip(coordinator_client, program):
    response = coordinator_client.post(
        reverse("evaluation:report_request", args=[program.pk]), {"bundle": "1"}, follow=True
    )
    assert "Todavía no hay parejas publicadas." in response.content.decode()
    assert not Report.objects.exists()


def test_the_changes_per_competence_name_nobody_and_give_no_interval_to_a_small_group(
    coordinator_client, program, pair, answered
):
    rows = csv_rows(export(coordinator_client, program, table="changes", format="csv"))
    assert rows[0][:3] == ["Competencia", "Quiénes", "Personas"]
    skill = program.skills.order_by("kind", "pk").first()
    [row] = [row for row in rows[1:] if row[0] == skill.name]
    # One mentee: only how many, and why nothing more.
    assert row[1:3] == ["Mentees", "1"] and row[3:9] == [""] * 6
    assert row[9] == "menos de 5 respuestas: no se muestra, para preservar el anonimato"
    assert pair.mentee_user.email not in "".join(",".join(r) for r in rows)
