"""Candidates as a table: the import template, CSV and Excel import, and export.

Headers are stable keys (full_name, email, skill:<name>, …), the same in every language, so
an exported file can be imported again; the import page explains each column.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from programs.models import Program, Skill

from .forms import ApplicationForm
from .models import Candidate
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
    header = rows[0]
    expected = columns(skills)
    errors = [
        CellError(1, column, _("This column is missing."))
        for column in expected
        if column not in header and column not in ("status", "linkedin_url", "manager_email")
    ]
    errors += [
        CellError(1, column, _("Unknown column."))
        for column in header
        if column and column not in expected
    ]
    if len(rows) - 1 > MAX_ROWS:
        errors.append(CellError(1, "", _("Import %(max)d rows at most.") % {"max": MAX_ROWS}))
    if errors:
        return [], errors

    skill_by_column = {SKILL_PREFIX + skill.name: skill for skill in skills}
    skill_by_name = {skill.name.casefold(): skill for skill in skills}
    existing = set(program.candidates.values_list("email", flat=True))
    seen: dict[str, int] = {}
    imported = []
    for line, values in enumerate(rows[1:], start=2):
        record = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
        data = {column: record.get(column, "") for column in BASE_COLUMNS}
        data["languages"] = _codes(record.get("languages", ""))
        data["availability"] = _codes(record.get("availability", ""))
        for column, skill in skill_by_column.items():
            data[ApplicationForm.level_field(skill)] = record.get(column, "")
        for name in _names(record.get(WANTS_COLUMN, "")):
            skill = skill_by_name.get(name.casefold())
            if skill is None:
                errors.append(
                    CellError(line, WANTS_COLUMN, _("Unknown skill: %(name)s") % {"name": name})
                )
            else:
                data[ApplicationForm.learn_field(skill)] = "on"
        form = ApplicationForm(data=data, skills=skills, imported=True)
        status = record.get("status") or Candidate.Status.APPLIED
        if status not in Candidate.Status.values:
            errors.append(
                CellError(
                    line,
                    "status",
                    _("Use one of: %(values)s") % {"values": ", ".join(Candidate.Status.values)},
                )
            )
        if not form.is_valid():
            for field, messages in form.errors.items():
                column = _column_of(field, skills)
                errors += [CellError(line, column, message) for message in messages]
            continue
        email = form.cleaned_data["email"]
        if email in existing:
            errors.append(
                CellError(line, "email", _("This email has already applied to this program."))
            )
        elif email in seen:
            errors.append(
                CellError(
                    line, "email", _("Repeats the email of line %(line)d.") % {"line": seen[email]}
                )
            )
        seen.setdefault(email, line)
        imported.append(
            ImportedCandidate(
                answers=form.cleaned_data,
                languages=form.cleaned_data["languages"],
                ratings=form.ratings(),
                status=status,
            )
        )
    return imported, errors


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
