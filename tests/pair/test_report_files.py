"""The report files: workbook (openpyxl, LibreOffice), HTML brief (self-contained), tables, atomicity."""

from __future__ import annotations

import re
import subprocess
import zipfile

import openpyxl
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from pair_data import write_store

from coopscope.errors import StoreError
from coopscope.report import write_report

SHEETS = [
    "summary",
    "pair_products",
    "pair_sides",
    "pair_indicators",
    "cooperation_balance",
    "dependence_trend",
    "supplier_shares",
    "parameters",
    "sources",
]


def test_workbook_sheets_headers_filters_formats(report_paths):
    book = openpyxl.load_workbook(report_paths.workbook)
    assert book.sheetnames[: len(SHEETS)] == SHEETS
    sheet = book["pair_products"]
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref.startswith("A4:")
    header = [c.value for c in sheet[4]]
    assert header[:5] == ["year", "product", "pair_class", "direction", "value_usd"]
    assert sheet.max_row > 5  # the constructed world has classified products
    usd = header.index("value_usd") + 1
    assert sheet.cell(row=5, column=usd).number_format == "#,##0"
    assert sheet["A2"].value.startswith("Method: ") and sheet["A3"].value.startswith("Sources: test")
    assert "SYNTHETIC" in book["summary"]["A2"].value


def test_workbook_has_native_charts(report_paths):
    with zipfile.ZipFile(report_paths.workbook) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        balance, trend = (z.read(n).decode() for n in charts)
    assert len(charts) == 2
    assert "<c:f>cooperation_balance!$G$5</c:f>" in balance  # cooperation_usd of the one group (all)
    # one line per partner over the three years: CHN rows 5-7, KOR rows 8-10 (sorted by importer, year)
    assert re.findall(r"<c:v>(CHN|KOR)</c:v>", trend) == ["CHN", "KOR"]
    assert "dependence_trend!$D$5:$D$7" in trend and "dependence_trend!$D$8:$D$10" in trend


def test_tables_as_parquet_and_csv_agree(report_paths):
    for name, path in report_paths.parquet.items():
        table = pq.read_table(path)
        csv = pacsv.read_csv(report_paths.csv[name])
        assert csv.num_rows == table.num_rows, name
    products = pq.read_table(report_paths.parquet["pair_products"])
    assert {"product", "pair_class", "value_usd", "mpe_class", "ai_areas"} <= set(products.column_names)
    assert set(products["pair_class"].to_pylist()) <= {
        "shared_vulnerability",
        "substitution_a_to_b",
        "substitution_b_to_a",
        "complementary",
        "competing",
    }
    indicators = pq.read_table(report_paths.parquet["pair_indicators"])
    assert indicators.column_names[:13] == [
        "year",
        "group",
        "tci_a_to_b",
        "tci_b_to_a",
        "esi_world",
        "gl_bilateral",
        "tii_a_to_b",
        "tii_b_to_a",
        "eci_a",
        "eci_b",
        "cooperation_usd",
        "competing_usd",
        "cooperation_ratio",
    ]
    assert indicators["group"].to_pylist()[0] == "all"


def test_brief_is_self_contained(report_paths):
    html = report_paths.html.read_text(encoding="utf-8")
    assert 'id="synthetic-banner"' in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:|//)""", html)
    assert "url(http" not in html and "@import" not in html
    assert html.count("<svg") == 4
    assert "Key findings" in html and "In 2022, " in html


def test_brief_without_synthetic_data_has_no_banner(tmp_path):
    store = write_store(tmp_path / "store", synthetic=False, years=(2022,))
    paths = write_report(store, tmp_path / "out", method="eu2021")
    assert 'id="synthetic-banner"' not in paths.html.read_text(encoding="utf-8")
    assert "SYNTHETIC" not in (openpyxl.load_workbook(paths.workbook)["summary"]["A2"].value or "")


def test_bad_year_leaves_nothing_behind(small_store, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(StoreError, match="no trade data for 1999"):
        write_report(small_store, out, year=1999)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
def test_workbook_opens_in_libreoffice(report_paths, tmp_path, system_tool):
    libreoffice = system_tool("libreoffice", "opening the workbook")  # fails, not skips, under CI
    done = subprocess.run(
        [
            libreoffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report_paths.workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / (report_paths.workbook.stem + ".pdf")
    assert pdf.exists() and pdf.read_bytes()[:4] == b"%PDF"


def test_firms_sheet_when_the_store_has_firms(tmp_path):
    from coopscope.firms.synth import synthetic_firms
    from coopscope.sources.firm_tables import write_store_firms

    store = write_store(tmp_path / "store", years=(2022,))
    write_store_firms(store.root, synthetic_firms())
    paths = write_report(store, tmp_path / "out", method="eu2021")
    book = openpyxl.load_workbook(paths.workbook)
    assert "firms" in book.sheetnames
    assert "firms" in paths.parquet
    assert [c.value for c in book["firms"][4]][:3] == ["area", "rank", "firm_a"]


def test_number_formats_follow_names_and_types() -> None:
    import pyarrow as pa

    from coopscope.report.workbook import column_format

    assert column_format("export_value_usd_a", pa.float64()) == "#,##0"
    assert column_format("third_import_usd_b", pa.float64()) == "#,##0"
    assert column_format("product", pa.string()) == "General"
    assert column_format("rank", pa.int64()) == "0"
    assert column_format("top_supplier_share", pa.float64()) == "0.0%"
    assert column_format("rca_a", pa.float64()) == "0.000"
