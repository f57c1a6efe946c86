"""The HR system's file as the directory's rows: columns, checks by line, the reporting
chains, and what a file changes against the directory as it is.

Headers are stable keys, the same in every language. The file is the whole organisation:
whoever is in the directory and not in the file has left."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms import Field
from django.utils.translation import gettext as _

COLUMNS = [
    "employee_id",
    "full_name",
    "email",
    "manager_employee_id",
    "department",
    "job_title",
    "grade",
    "hire_date",
    "location",
    "languages",
]
REQUIRED = ("employee_id", "full_name", "email")
# The fields a row sets on a person, compared to find what changed.
FIELDS = COLUMNS[1:]
MAX_ROWS = 100_000
MAX_LENGTH = {
    "employee_id": 64,
    "full_name": 150,
    "manager_employee_id": 64,
    "department": 120,
    "job_title": 150,
    "location": 120,
}
MAX_GRADE = 999
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class CellError:
    line: int
    column: str
    message: str


def rows_validate(table: list[list[str]]) -> tuple[list[dict], list[CellError]]:
    """Every row checked, as dicts of the directory's fields (dates as ISO text, grades as
    numbers, languages as lists); errors by line as in the file (the header is line 1)."""
    if not table:
        return [], [CellError(1, "", _("The file is empty."))]
    header = [cell.strip() for cell in table[0]]
    errors = [
        CellError(1, column, _("This column is missing."))
        for column in REQUIRED
        if column not in header
    ]
    errors += [
        CellError(1, column, _("Unknown column.")) for column in header if column not in COLUMNS
    ]
    if errors:
        return [], errors
    people, lines_of, emails_at = [], {}, {}
    for line, values in enumerate(table[1:], start=2):
        record = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
        person, row_errors = _row(record, line)
        errors += row_errors
        if row_errors:
            continue
        if (earlier := lines_of.get(person["employee_id"])) is not None:
            errors.append(
                CellError(
                    line,
                    "employee_id",
                    _("Repeats the employee id of line %(line)d.") % {"line": earlier},
                )
            )
            continue
        if (earlier := emails_at.get(person["email"].lower())) is not None:
            errors.append(
                CellError(
                    line, "email", _("Repeats the email of line %(line)d.") % {"line": earlier}
                )
            )
            continue
        lines_of[person["employee_id"]] = line
        emails_at[person["email"].lower()] = line
        people.append(person)
    for person in people:
        manager = person["manager_employee_id"]
        if manager and manager not in lines_of:
            errors.append(
                CellError(
                    lines_of[person["employee_id"]],
                    "manager_employee_id",
                    _("No one in the file has the employee id %(id)s.") % {"id": manager},
                )
            )
    if not errors:
        managers = {p["employee_id"]: p["manager_employee_id"] for p in people}
        errors += [
            CellError(
                lines_of[employee_id],
                "manager_employee_id",
                _("This person ends up reporting to themselves: %(loop)s.")
                % {"loop": " → ".join(loop)},
            )
            for employee_id, loop in _loops(managers)
        ]
    errors.sort(key=lambda error: error.line)
    return people, errors


def _row(record: dict, line: int) -> tuple[dict, list[CellError]]:
    errors = []
    person = {column: str(record.get(column) or "").strip() for column in COLUMNS}
    for column in REQUIRED:
        if not person[column]:
            errors.append(CellError(line, column, str(Field.default_error_messages["required"])))
    for column, limit in MAX_LENGTH.items():
        if len(person[column]) > limit:
            errors.append(
                CellError(line, column, _("Write %(max)d characters at most.") % {"max": limit})
            )
    if person["email"]:
        try:
            validate_email(person["email"])
        except ValidationError as error:  # Django's own words, in the active language
            errors.append(CellError(line, "email", " ".join(error.messages)))
    if person["manager_employee_id"] and person["manager_employee_id"] == person["employee_id"]:
        errors.append(
            CellError(line, "manager_employee_id", _("A person cannot be their own manager."))
        )
    grade = person["grade"]
    if grade:
        try:
            person["grade"] = int(float(grade))
            if not 0 <= person["grade"] <= MAX_GRADE or float(grade) != person["grade"]:
                raise ValueError
        except ValueError:
            errors.append(
                CellError(
                    line, "grade", _("Write a whole number from 0 to %(max)d.") % {"max": MAX_GRADE}
                )
            )
    else:
        person["grade"] = None
    person["hire_date"] = _date(person["hire_date"], line, errors)
    languages = [code.lower() for code in re.split(r"[,;\s]+", person["languages"]) if code]
    if bad := [code for code in languages if not LANGUAGE.match(code)]:
        errors.append(
            CellError(
                line,
                "languages",
                _("Use language codes such as es, en: %(codes)s") % {"codes": ", ".join(bad)},
            )
        )
    person["languages"] = languages
    return person, errors


def _date(value: str, line: int, errors: list[CellError]) -> str | None:
    if not value:
        return None
    for date_format in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
        if day > datetime.date.today():
            errors.append(CellError(line, "hire_date", _("The hire date is in the future.")))
        return day.isoformat()
    errors.append(CellError(line, "hire_date", _("Write the date as YYYY-MM-DD or DD/MM/YYYY.")))
    return None


def _loops(managers: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The people whose chain of managers comes back to them, each with the loop."""
    found, done = [], set()
    for start in managers:
        path, on_path, current = [], set(), start
        while current and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = managers.get(current, "")
        if current in on_path:
            loop = path[path.index(current) :]
            found += [(member, [*loop, current]) for member in loop]
        done.update(path)
    return sorted(found, key=lambda item: item[0])


def chains(managers: dict[str, str]) -> dict[str, list[str]]:
    """Everyone above each person, manager first, for a tree without loops: each chain is
    its manager's chain with the manager in front, so the whole is linear in the people
    and their depth."""
    result: dict[str, list[str]] = {}
    for start in managers:
        path, current = [], start
        while current and current not in result:
            path.append(current)
            current = managers.get(current, "")
        above = result.get(current, []) if current else []
        above = [current, *above] if current else []
        for employee_id in reversed(path):
            result[employee_id] = above
            above = [employee_id, *above]
    return result


def changes(people: list[dict], current: dict[str, dict]) -> dict:
    """What applying these rows does to a directory whose people are `current` (employee id
    to its fields and `active`): who is new, who changed (and which fields), who left."""
    new, changed, unchanged = [], {}, 0
    in_file = set()
    for person in people:
        employee_id = person["employee_id"]
        in_file.add(employee_id)
        before = current.get(employee_id)
        if before is None:
            new.append(employee_id)
            continue
        fields = [field for field in FIELDS if _stored(person[field]) != _stored(before[field])]
        if not before["active"]:
            fields.append("active")
        if fields:
            changed[employee_id] = fields
        else:
            unchanged += 1
    leavers = sorted(
        employee_id
        for employee_id, before in current.items()
        if before["active"] and employee_id not in in_file
    )
    return {"new": new, "changed": changed, "leavers": leavers, "unchanged": unchanged}


def _stored(value):
    """A value as the database gives it back, to compare a row with a person."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if value is not None else None
