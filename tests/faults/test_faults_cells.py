"""Cause 4: text that a spreadsheet would run as a formula is written as text, in CSV and in Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopscope.cli.common import emit_table
from coopscope.report.cells import FORMULA_START, new_workbook, safe_cell, write_csv

NAMES = ['=HYPERLINK("http://x","Samsung")', "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "Hanwha", "-5", "+3.5"]


def _table() -> pa.Table:
    return pa.table(
        {
            "firm": NAMES,
            "label": pa.array(NAMES).dictionary_encode(),
            "value_usd": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
        }
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+A1", "'+A1"), ("-A1", "'-A1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("-5", "-5"), ("+3.5e2", "+3.5e2"), ("Hanwha", "Hanwha"), (-5.0, -5.0), (None, None)],
    ids=repr,
)  # fmt: skip
def test_cause04_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


@settings(derandomize=True, max_examples=200)
@given(st.text(max_size=12))
def test_cause04_no_text_cell_starts_like_a_formula(text: str) -> None:
    out = safe_cell(text)
    numeric = out == text and text[:1] in ("+", "-") and text[1:2].isdigit()
    assert not str(out).startswith(FORMULA_START) or numeric
    buffer = io.BytesIO()
    write_csv(pa.table({"x": [text]}), buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode(), newline="")))
    assert rows[1][0] == out


def test_cause04_csv_output_quotes_formulas(tmp_path: Path) -> None:
    emit_table(_table(), "csv", tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text()
    assert "\"'=HYPERLINK(" in text and '"\'@SUM(A1)"' in text and '"\'+1+2"' in text
    assert '"-5"' in text and "-1.5" in text  # numbers stay numbers
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row[:2]][2:]
    assert not [c for c in cells if c.startswith(FORMULA_START) and c not in ("-5", "+3.5")]


def test_cause04_workbook_cells_are_text_never_formulas(tmp_path: Path) -> None:
    # xlsxwriter's generic write() turns "=…" text into a live formula unless the workbook says not to;
    # the report's workbook (tests/pair/test_report_files.py) is made by new_workbook too.
    book = new_workbook(tmp_path / "w.xlsx")
    sheet = book.add_worksheet("firms")
    for i, row in enumerate(_table().to_pylist()):
        for j, value in enumerate(row.values()):
            sheet.write(i, j, value)
    book.close()
    sheet = openpyxl.load_workbook(tmp_path / "w.xlsx")["firms"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.value for c in cells if c.data_type == "f"], "a formula reached the workbook"
    assert any(c.value == NAMES[0] and c.data_type == "s" for c in cells)
    assert any(c.value == -1.5 and c.data_type == "n" for c in cells)
