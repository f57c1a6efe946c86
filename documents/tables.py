"""Tables in and out: CSV (UTF-8 with the byte-order mark Excel needs) and Excel."""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these runs as a formula in a spreadsheet (OWASP, "CSV
# Injection"): every exported cell that does is prefixed with an apostrophe, and shown as
# the text it is. The import takes the apostrophe off again, so files round-trip.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_write(header: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([neutralised(value) for value in row] for row in rows)
    # The byte-order mark makes Excel open the file as UTF-8 (accents intact).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_write(header: list[str], rows: Iterable[list], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([neutralised(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class UnreadableFile(Exception):
    pass


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def table_read(name: str, content: bytes) -> list[list[str]]:
    """The rows of a CSV or Excel file as lists of strings, header first."""
    if name.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile(_("This is not a readable Excel file.")) from error
        sheet = workbook.worksheets[0]
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), dialect)]
    return [row for row in rows if any(row)]
