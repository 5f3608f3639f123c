"""Fault catalogue, firm files: non-finite numbers, years out of domain, a column named twice, and a
formula-like firm name that stays text on the way out (causes 4, 5, 9, 16)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coopscope.errors import InputError
from coopscope.report.cells import write_csv
from coopscope.sources.firm_tables import load_firm_table

MAPPING = {"name": "name", "revenue": "revenue", "founded_year": "founded", "employees": "staff"}
HEADER = "name,revenue,founded,staff"


def _load(tmp_path: Path, rows: list[str], header: str = HEADER) -> object:
    path = tmp_path / "firms.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return load_firm_table(path, mapping=MAPPING, country="CHN", currency="CNY", unit="万元", fiscal_year=2024)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Acme,nan,2012,10", "revenue"),
        ("Acme,1e999,2012,10", "revenue"),
        ("Acme,5,2012,inf", "staff"),
        ("Acme,5,99999,10", "founded"),
        ("Acme,5,1e999,10", "founded"),
        ("Acme,5,-5,10", "founded"),
    ],
    ids=["revenue-nan", "revenue-1e999", "staff-inf", "founded-99999", "founded-1e999", "founded-negative"],
)
def test_cause05_09_firm_numbers_and_years(tmp_path: Path, row: str, column: str) -> None:
    with pytest.raises(InputError, match=f"line 2, column '{column}'"):
        _load(tmp_path, [row])


def test_cause16_a_firm_column_named_twice(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="appears twice"):
        _load(tmp_path, ["Acme,5,2012,10,11"], header=HEADER + ",staff")


def test_cause04_a_formula_firm_name_is_text_in_csv(tmp_path: Path) -> None:
    data = _load(tmp_path, ['"=HYPERLINK(""http://x"",""y"")",5,2012,10'])
    sink = io.BytesIO()
    write_csv(data.firms.select(["name"]), sink)  # type: ignore[attr-defined]
    assert "'=HYPERLINK" in sink.getvalue().decode()
