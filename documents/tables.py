"""Tables in and out: CSV (UTF-8 with the byte-order mark Excel needs) and Excel."""

import codecs
import csv
import io
import zipfile
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
    return xlsx_write_sheets([(title, header, rows)])


def xlsx_write_sheets(sheets: Iterable[tuple[str, list[str], Iterable[list]]]) -> bytes:
    """A workbook of one sheet per (title, header, rows)."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
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


# What an uploaded table may hold at most, checked while reading (never after reading it
# all): a small spreadsheet can unpack to millions of cells.
MAX_COLUMNS = 300
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Parts of a workbook that make it more than a plain sheet: macros, links to other files,
# embedded objects.
NOT_PLAIN = ("xl/vbaProject.bin", "xl/externalLinks/", "xl/embeddings/", "xl/activeX/")


def table_read(name: str, content: bytes, max_rows: int) -> list[list[str]]:
    """The rows of a CSV or Excel file as lists of strings, header first, empty rows left
    out. A file with more than `max_rows` rows, or that is not a plain table, is refused
    with a reason (UnreadableFile) as soon as that is known."""
    rows = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    table = []
    try:
        for row in rows:
            cells = [_cell(value) for value in row[:MAX_COLUMNS]]
            while cells and not cells[-1]:  # a sheet read to MAX_COLUMNS pads its rows
                cells.pop()
            if cells:
                table.append(cells)
            if len(table) > max_rows:
                raise UnreadableFile(
                    _("The file has more than %(max)d rows: split it in smaller files.")
                    % {"max": max_rows - 1}
                )
    except csv.Error as error:
        raise UnreadableFile(
            _("This is not a readable CSV file (%(reason)s).") % {"reason": error}
        ) from error
    return table


def _xlsx_rows(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as error:
        raise UnreadableFile(_("This is not a readable Excel file.")) from error
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise UnreadableFile(_("This Excel file is too large once unpacked."))
    if any(part.filename.startswith(NOT_PLAIN) for part in parts):
        raise UnreadableFile(
            _("Upload a plain sheet: this file has macros, links or embedded objects.")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("This is not a readable Excel file.")) from error
    try:
        yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = content.decode("utf-16", errors="replace")  # Excel's "Unicode text"
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
    text = text.replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)
