"""The report files: workbook (openpyxl, LibreOffice), HTML brief (self-contained), tables, atomicity."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from pair_data import write_store

from coopscope.errors import OptionError
from coopscope.evidence import Table
from coopscope.report import write_report, write_report_files

SHEETS = ["README", "1 Dependence", "2 Rules", "3 Shared", "3a Robustness", "3b What-if", "4 Substitution", "5 Balance",
          "5a Opportunities", "6 Firms", "7 Methods"]  # fmt: skip

# Every test reads the reports written once in en, ko and zh (~18 CPU-s); the module is slow.
pytestmark = pytest.mark.slow


def _formats(sheet) -> set[str]:
    return {c.number_format for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)}


def test_workbook_sheets_titles_and_number_formats(world_reports):
    book = openpyxl.load_workbook(world_reports["en"].workbook)
    assert book.sheetnames == SHEETS
    assert book["1 Dependence"]["A1"].value == "1. Dependence on the supplier group"
    assert book["1 Dependence"]["A2"].value.startswith("In 2022, South Korea bought")
    formats = _formats(book["1 Dependence"])
    assert {'"US$"#,##0', "0.0%"} <= formats
    assert "0.00" in _formats(book["5 Balance"])
    headers = {c.value for row in book["1 Dependence"].iter_rows() for c in row if c.value}
    assert "South Korea: share from the group (%)" in headers and "China: imports (US$)" in headers
    whatif = book["3b What-if"]
    assert whatif["A1"].value == "3b. What if a supplier stopped"
    assert whatif["A2"].value.startswith("If Japan stopped supplying materials, parts and equipment, South Korea")
    assert '"US$"#,##0' in _formats(whatif) and "0.0%" in _formats(book["3a Robustness"])
    texts = {c.value for name in ("3a Robustness", "5a Opportunities") for row in book[name].iter_rows() for c in row}
    assert {"Share of settings (%)", "Weight on density", "Best candidate"} <= texts


def test_workbook_print_setup(world_reports):
    book = openpyxl.load_workbook(world_reports["en"].workbook)
    for name in SHEETS:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert sheet.page_setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth or 1) == 1  # Excel leaves out the default of 1
        assert sheet.print_title_rows == "$1:$2"
        assert sheet.print_area


def test_workbook_column_widths_fit_money(world_reports):
    sheet = openpyxl.load_workbook(world_reports["en"].workbook)["1 Dependence"]
    for row in sheet.iter_rows():
        for c in row:
            if c.number_format == '"US$"#,##0' and isinstance(c.value, float):
                width = sheet.column_dimensions[c.column_letter].width
                assert width >= len(f"US${c.value:,.0f}"), (c.coordinate, width)


def test_workbook_has_native_charts(world_reports):
    with zipfile.ZipFile(world_reports["en"].workbook) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 3
        assert all(b"<c:ser>" in z.read(n) for n in charts)


@pytest.mark.parametrize(("lang", "font"), [("ko", "Noto Sans CJK KR"), ("zh", "Noto Sans CJK SC")])
def test_workbook_uses_a_cjk_font(world_reports, lang, font):
    book = openpyxl.load_workbook(world_reports[lang].workbook)
    sheet = book.worksheets[1]
    assert sheet["A2"].font.name == font
    assert re.search(r"[\uac00-\ud7a3]" if lang == "ko" else r"[\u4e00-\u9fff]", sheet["A2"].value)


def test_formula_like_text_is_written_as_text(world_model, tmp_path):
    firms = world_model.section("firms")
    table = firms.table("matches")
    evil = [dict(r, name_a='=HYPERLINK("http://x")', reasons="+1-2@3") for r in table.records()[:1]]
    replaced = dataclasses.replace(firms, tables={"matches": Table.from_records(table.columns, evil)})
    sections = tuple(replaced if s.name == "firms" else s for s in world_model.sections)
    paths = write_report_files(dataclasses.replace(world_model, sections=sections), tmp_path)
    sheet = openpyxl.load_workbook(paths.workbook)["6 Firms"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_tables_as_parquet_and_csv_agree(report_paths):
    assert "dependence__group_shares" in report_paths.parquet and "rules__agreement" in report_paths.csv
    for name, path in report_paths.parquet.items():
        table = pq.read_table(path)
        csv = pacsv.read_csv(report_paths.csv[name])
        assert csv.num_rows == table.num_rows, name


def test_brief_is_self_contained(report_paths):
    html = report_paths.html.read_text(encoding="utf-8")
    assert 'id="synthetic-banner"' in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:|//)""", html)
    assert "url(http" not in html and "@import" not in html
    assert html.count("<svg") == 11
    for name in ("robustness", "whatif", "opportunities"):
        assert f'<section id="{name}">' in html
    assert "Key findings" in html and "@page{size:A4" in html
    assert "Noto Sans CJK" in html


def test_constructed_store_lists_rules_with_method_first(report_paths):
    from coopscope.evidence import Cooperation

    model = Cooperation.from_json(report_paths.model.read_text(encoding="utf-8"))
    assert model.rules[0] == "eu2021" and set(model.rules) == {"eu2021", "geodep", "kita", "kiet"}


def test_brief_without_synthetic_data_has_no_banner(tmp_path):
    store = write_store(tmp_path / "store", synthetic=False, years=(2022,))
    paths = write_report(store, tmp_path / "out")
    assert 'id="synthetic-banner"' not in paths.html.read_text(encoding="utf-8")
    book = openpyxl.load_workbook(paths.workbook)
    assert not any("SYNTHETIC" in str(c.value) for row in book["README"].iter_rows() for c in row)


def test_bad_year_leaves_nothing_behind(small_store, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(OptionError, match="no trade data for 1999"):
        write_report(small_store, out, year=1999)
    assert not out.exists() or not any(out.iterdir())


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is not on the PATH; under CI a skipped conversion is a failure")
        pytest.skip("LibreOffice is not on the PATH")
    return found


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_workbook_prints_in_at_most_ten_pages(world_reports, tmp_path, lang):
    workbook = world_reports[lang].workbook
    done = subprocess.run(
        [_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(workbook)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = (tmp_path / (workbook.stem + ".pdf")).read_bytes()
    assert pdf[:4] == b"%PDF"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # every sheet is fitted to one page: the README cover, then the summary (section) sheets in at
    # most ten pages (issue 14); the cover's own fit is checked with openpyxl below
    assert 2 <= pages <= 1 + 10, pages
    readme = openpyxl.load_workbook(workbook)["README"]
    assert (readme.page_setup.fitToHeight or 1, readme.page_setup.fitToWidth or 1) == (1, 1)  # OOXML default: 1
    assert readme.sheet_properties.pageSetUpPr.fitToPage


def test_a_pair_result_is_rendered_through_the_evidence_model(small_store, tmp_path):
    from coopscope.evidence import Cooperation
    from coopscope.pair.params import PairParams
    from coopscope.pair.run import analyse_pair

    result = analyse_pair(small_store, year=2021, suppliers=("USA", "JPN"), params=PairParams(method="kita"))
    paths = write_report_files(result, tmp_path)
    model = Cooperation.from_json(paths.model.read_text(encoding="utf-8"))
    assert model.rules[0] == "kita" and model.year == 2021 and model.years == (2020, 2021)
    assert model.suppliers == ("USA", "JPN")


def test_csv_copies_keep_formula_like_text_inert():
    import pyarrow as pa

    from coopscope.report.cells import safe_table

    table = pa.table({"name": ["=SUM(A1)", "+1", "@x", "\tx", "safe", None, "-"], "n": [1, 2, 3, 4, 5, 6, -7]})
    out = safe_table(table)  # the writer of the report's CSV copies; text that is a number stays as it is
    assert out["name"].to_pylist() == ["'=SUM(A1)", "+1", "'@x", "'\tx", "safe", None, "'-"]
    assert out["n"].to_pylist() == table["n"].to_pylist()
