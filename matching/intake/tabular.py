"""Candidates as a table: the import template, CSV and Excel import, and export.

Headers are stable keys (full_name, email, skill:<name>, …), the same in every language, so
an exported file can be imported again; the import page explains each column.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from programs.models import Program, Skill

from ..models import Candidate
from .forms import ApplicationForm
from .services import ImportedCandidate

BASE_COLUMNS = [
    "full_name",
    "email",
    "desired_role",
    "current_role",
    "department",
    "manager_email",
    "years_in_organisation",
    "level",
    "languages",
    "availability",
    "linkedin_url",
    "strengths",
    "areas_to_deepen",
    "first_expectation",
    "self_description",
    "current_challenges",
    "mentoring_meaning",
    "status",
]
WANTS_COLUMN = "wants_to_learn"
SKILL_PREFIX = "skill:"
LIST_SEPARATOR = ","
MAX_ROWS = 2000


def columns(skills: Sequence[Skill]) -> list[str]:
    return [*BASE_COLUMNS, *(SKILL_PREFIX + skill.name for skill in skills), WANTS_COLUMN]


def candidate_row(candidate: Candidate, skills: Sequence[Skill]) -> list:
    """One candidate as a row of columns(skills); candidates come with languages and
    ratings prefetched."""
    ratings = {rating.skill_id: rating for rating in candidate.ratings.all()}
    values = {
        "languages": LIST_SEPARATOR.join(lang.code for lang in candidate.languages.all()),
        "availability": LIST_SEPARATOR.join(candidate.availability),
    }
    row = [values.get(column, getattr(candidate, column, "")) for column in BASE_COLUMNS]
    row += [ratings[skill.pk].level if skill.pk in ratings else "" for skill in skills]
    wanted = [
        skill.name for skill in skills if skill.pk in ratings and ratings[skill.pk].wants_to_learn
    ]
    row.append("; ".join(wanted))
    return row


@dataclass(frozen=True)
class CellError:
    line: int
    column: str
    message: str


def rows_validate(
    program: Program, rows: list[list[str]]
) -> tuple[list[ImportedCandidate], list[CellError]]:
    """Validate every row with the questionnaire's own rules. Lines are numbered as in the
    file (the header is line 1)."""
    skills = list(program.skills.order_by("kind", "id"))
    if not rows:
        return [], [CellError(1, "", _("The file is empty."))]
    errors = _header_errors(rows[0], columns(skills), len(rows) - 1)
    if errors:
        return [], errors
    reader = _RowReader(program, skills, rows[0])
    imported = []
    for line, values in enumerate(rows[1:], start=2):
        candidate, row_errors = reader.read(line, values)
        errors += row_errors
        if candidate is not None:
            imported.append(candidate)
    return imported, errors


def _header_errors(header: list[str], expected: list[str], count: int) -> list[CellError]:
    """The header's missing and unknown columns, and a file with too many rows."""
    optional = ("status", "linkedin_url", "manager_email")
    errors = [
        CellError(1, column, _("This column is missing."))
        for column in expected
        if column not in header and column not in optional
    ]
    errors += [
        CellError(1, column, _("Unknown column."))
        for column in header
        if column and column not in expected
    ]
    if count > MAX_ROWS:
        errors.append(CellError(1, "", _("Import %(max)d rows at most.") % {"max": MAX_ROWS}))
    return errors


class _RowReader:
    """Reads the rows of one file, one after another: the questionnaire's form checks each,
    and the emails are checked against the program's and the earlier rows'."""

    def __init__(self, program: Program, skills: list[Skill], header: list[str]):
        self.skills = skills
        self.header = header
        self.skill_by_column = {SKILL_PREFIX + skill.name: skill for skill in skills}
        self.skill_by_name = {skill.name.casefold(): skill for skill in skills}
        self.existing = set(program.candidates.values_list("email", flat=True))
        self.seen: dict[str, int] = {}

    def read(self, line: int, values: list[str]) -> tuple[ImportedCandidate | None, list]:
        padded = values + [""] * (len(self.header) - len(values))
        record = dict(zip(self.header, padded, strict=False))
        data, errors = self._form_data(line, record)
        form = ApplicationForm(data=data, skills=self.skills, imported=True)
        status = record.get("status") or Candidate.Status.APPLIED
        if status not in Candidate.Status.values:
            values_allowed = ", ".join(Candidate.Status.values)
            errors.append(
                CellError(line, "status", _("Use one of: %(values)s") % {"values": values_allowed})
            )
        if not form.is_valid():
            for field, messages in form.errors.items():
                column = _column_of(field, self.skills)
                errors += [CellError(line, column, message) for message in messages]
            return None, errors
        errors += self._email_errors(line, form.cleaned_data["email"])
        candidate = ImportedCandidate(
            answers=form.cleaned_data,
            languages=form.cleaned_data["languages"],
            ratings=form.ratings(),
            status=status,
        )
        return candidate, errors

    def _form_data(self, line: int, record: dict) -> tuple[dict, list[CellError]]:
        """The row as the questionnaire's form takes it; skills wanted that do not exist."""
        data = {column: record.get(column, "") for column in BASE_COLUMNS}
        data["languages"] = _codes(record.get("languages", ""))
        data["availability"] = _codes(record.get("availability", ""))
        for column, skill in self.skill_by_column.items():
            data[ApplicationForm.level_field(skill)] = record.get(column, "")
        errors = []
        for name in _names(record.get(WANTS_COLUMN, "")):
            skill = self.skill_by_name.get(name.casefold())
            if skill is None:
                errors.append(
                    CellError(line, WANTS_COLUMN, _("Unknown skill: %(name)s") % {"name": name})
                )
            else:
                data[ApplicationForm.learn_field(skill)] = "on"
        return data, errors

    def _email_errors(self, line: int, email: str) -> list[CellError]:
        errors = []
        if email in self.existing:
            errors.append(
                CellError(line, "email", _("This email has already applied to this program."))
            )
        elif email in self.seen:
            errors.append(
                CellError(
                    line,
                    "email",
                    _("Repeats the email of line %(line)d.") % {"line": self.seen[email]},
                )
            )
        self.seen.setdefault(email, line)
        return errors


def _codes(value: str) -> list[str]:
    """Codes such as languages ("es, en") separated by commas, semicolons or spaces."""
    return [code for code in re.split(r"[,;\s]+", value) if code]


def _names(value: str) -> list[str]:
    """Skill names separated by semicolons (the names themselves may hold commas)."""
    return [name.strip() for name in value.split(";") if name.strip()]


def _column_of(field: str, skills: Sequence[Skill]) -> str:
    if field == "__all__":
        return WANTS_COLUMN
    for skill in skills:
        if field == ApplicationForm.level_field(skill):
            return SKILL_PREFIX + skill.name
    return field
