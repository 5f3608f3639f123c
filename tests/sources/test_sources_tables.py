"""`coopscope ingest table`: national customs tables (Korean HSK10, Chinese 8-digit), CSV/TSV/Excel, profiles.

The tables are built from real BACI 2018 seafood flows (tests/data/baci-hs12-2018-seafood-extract.csv):
Korea's imports of each HS6 code are split over two HSK10 lines, so summing back to HS6 must give
the BACI values again.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from sources_helpers import DATA

from coopscope.cli import main
from coopscope.errors import InputError, OptionError
from coopscope.sources.config import config_path
from coopscope.sources.table_profiles import load_profile
from coopscope.sources.tables import TableSpec, ingest_table
from coopscope.store import Store

KO_NAMES = {
    "CHN": "중국",
    "USA": "미국",
    "JPN": "일본",
    "VNM": "베트남",
    "RUS": "러시아",
    "CAN": "캐나다",
    "IND": "인도",
    "THA": "태국",
    "IDN": "인도네시아",
    "ECU": "에콰도르",
}


def _korean_imports() -> list[dict[str, object]]:
    with open(DATA / "baci-hs12-2018-seafood-extract.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["importer_iso3c"] == "KOR" and r["exporter_iso3c"] in KO_NAMES]
    return rows


def _write_hsk(path: Path, rows: list[dict[str, str]]) -> Path:
    """One line per HSK10 code: each BACI flow split 60/40 over two 10-digit codes; value in thousand USD."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["연도", "국가명", "HSK", "수입금액(천달러)", "중량(톤)"])
        for r in rows:
            v = float(r["total_v"])
            for suffix, share in (("1000", 0.6), ("9000", 0.4)):
                hsk = f"{r['hs6'][:4]}.{r['hs6'][4:]}-{suffix}"
                out.writerow([f"{r['year']}년", KO_NAMES[r["exporter_iso3c"]], hsk, f"{v * share:,.6f}", ""])
    return path


KO_MAP = "year=연도,partner=국가명,product=HSK,value=수입금액(천달러),quantity_t=중량(톤)"


def test_korean_hsk10_table_sums_to_hs6_and_matches_baci(tmp_path: Path) -> None:
    rows = _korean_imports()
    assert len(rows) >= 10
    path = _write_hsk(tmp_path / "kor_imports.csv", rows)
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            "table",
            str(path),
            "--map",
            KO_MAP,
            "--reporter",
            "KOR",
            "--flow",
            "import",
            "--country-style",
            "name",
            "--value-unit",
            "kusd",
            "--hs-revision",
            "HS12",
            "--store",
            str(tmp_path / "s"),
            "--save-profile",
            "kcs-imports",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{len(rows)} merged when summing to HS6" in result.output
    (source,) = Store.open(tmp_path / "s").sources()
    assert (source.kind, source.basis, source.hs_revision, source.years) == (
        "table",
        "reported_imports",
        "HS12",
        [2018],
    )
    stored = {
        (r["exporter"], r["product"]): r["value_usd"]
        for r in pq.read_table(tmp_path / "s" / source.files[0]).to_pylist()
    }
    expected = {(r["exporter_iso3c"], r["hs6"]): float(r["total_v"]) * 1000 for r in rows}
    assert stored.keys() == expected.keys()
    assert all(abs(stored[k] - expected[k]) < 1e-3 for k in expected)
    assert source.details["lines_merged_to_hs6"] == len(rows)
    # the profile is saved as TOML and reused
    assert (config_path().parent / "profiles" / "kcs-imports.toml").exists()
    spec = load_profile("kcs-imports")
    assert spec.mapping["partner"] == "국가명" and spec.value_unit == "kusd" and spec.reporter == "KOR"
    again = CliRunner().invoke(
        main, ["ingest", "table", str(path), "--profile", "kcs-imports", "--store", str(tmp_path / "s2")]
    )
    assert again.exit_code == 0, again.output
    assert Store.open(tmp_path / "s2").sources()[0].value_total_usd == pytest.approx(source.value_total_usd)


def test_chinese_8_digit_tsv_with_a_flow_column(tmp_path: Path) -> None:
    path = tmp_path / "china.tsv"
    lines = [
        "年份\t贸易伙伴\t商品编码\t贸易方式\t金额(美元)",
        "2022\t韩国\t85423100\t出口\t1,000.5",
        "2022\t韩国\t85423190\t出口\t999.5",
        "2022\t韩国\t85423100\t进口\t500",
        "2022\t美国\t29011000\t进口\t250",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    spec = TableSpec(
        mapping={
            "year": "年份",
            "partner": "贸易伙伴",
            "product": "商品编码",
            "flow": "贸易方式",
            "value": "金额(美元)",
        },
        hs_revision="HS22",
        country_style="name",
        reporter="CHN",
    )
    got = ingest_table(path, tmp_path / "s", spec)
    assert got.lines_read == 4 and got.lines_merged == 1
    by_basis = {c.record.basis: c.record for c in got.sources}
    assert by_basis["mirror_exports"].value_total_usd == 2000.0 and by_basis["mirror_exports"].row_count == 1
    imports = pq.read_table(tmp_path / "s" / by_basis["reported_imports"].files[0]).to_pylist()
    assert sorted((r["exporter"], r["importer"], r["product"]) for r in imports) == [
        ("KOR", "CHN", "854231"),
        ("USA", "CHN", "290110"),
    ]


def test_excel_sheet_with_iso_numeric_codes_and_million_usd(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "trade.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"note": ["first sheet is not the data"]}).to_excel(xl, sheet_name="readme", index=False)
        pd.DataFrame(
            {
                "yr": ["2021", "2021"],
                "from": ["410", "156"],
                "to": ["156", "410"],
                "hs": ["10121", "854231"],
                "musd": ["1.5", "2"],
            }
        ).to_excel(xl, sheet_name="data", index=False)
    spec = TableSpec(
        mapping={"year": "yr", "exporter": "from", "importer": "to", "product": "hs", "value": "musd"},
        hs_revision="HS17",
        country_style="iso_numeric",
        value_unit="musd",
        sheet="data",
    )
    got = ingest_table(path, tmp_path / "s", spec)
    table = pq.read_table(tmp_path / "s" / got.sources[0].record.files[0]).to_pylist()
    assert sorted((r["exporter"], r["importer"], r["product"], r["value_usd"]) for r in table) == [
        ("CHN", "KOR", "854231", 2e6),
        ("KOR", "CHN", "010121", 1.5e6),
    ]
    assert got.sources[0].record.basis == "reconciled"
    with pytest.raises(InputError, match="sheet"):
        ingest_table(path, tmp_path / "s3", TableSpec(**{**spec.__dict__, "sheet": "nope"}))


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (4, "수입금액(천달러)", "12a", "not a non-negative number"),
        (5, "국가명", "나니아", "unknown country '나니아'"),
        (3, "HSK", "03", "not an HS6-or-longer product code"),
        (6, "연도", "작년", "not a year"),
    ],
    ids=["value", "country", "product", "year"],
)
def test_malformed_table_names_file_line_column_and_leaves_store_unchanged(
    tmp_path: Path, line: int, column: str, value: str, message: str
) -> None:
    path = _write_hsk(tmp_path / "kor.csv", _korean_imports()[:5])
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = next(csv.reader([text[line - 1]]))
    cells[header.index(column)] = value
    text[line - 1] = ",".join(f'"{c}"' for c in cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    store = tmp_path / "s"
    Store.open(store, create=True)
    before = (store / "manifest.json").read_text()
    spec = TableSpec(
        mapping=dict(kv.split("=", 1) for kv in KO_MAP.split(",")),
        hs_revision="HS12",
        value_unit="kusd",
        country_style="name",
        reporter="KOR",
        flow="import",
    )
    with pytest.raises(InputError) as err:
        ingest_table(path, store, spec)
    assert f"kor.csv, line {line}, column '{column}': {message}" in str(err.value)
    assert "Hint:" in str(err.value)
    assert (store / "manifest.json").read_text() == before
    assert not list(store.glob("trade/**/*.parquet"))


def test_mapping_errors_are_clear(tmp_path: Path) -> None:
    path = _write_hsk(tmp_path / "kor.csv", _korean_imports()[:2])
    with pytest.raises(OptionError, match="--hs-revision"):
        ingest_table(path, tmp_path / "s", TableSpec(mapping={"year": "연도"}))
    with pytest.raises(OptionError, match="no column for partner"):
        ingest_table(
            path,
            tmp_path / "s",
            TableSpec(
                mapping={"year": "연도", "product": "HSK", "value": "x"},
                hs_revision="HS12",
                reporter="KOR",
                flow="import",
            ),
        )
    with pytest.raises(InputError, match=r"line 1.*no column\(s\) value=금액.*연도"):
        ingest_table(
            path,
            tmp_path / "s",
            TableSpec(
                mapping={"year": "연도", "partner": "국가명", "product": "HSK", "value": "금액"},
                hs_revision="HS12",
                reporter="KOR",
                flow="import",
                country_style="name",
            ),
        )
    result = CliRunner().invoke(main, ["ingest", "table", str(path), "--profile", "missing", "--store", "x"])
    assert result.exit_code == 1 and "no profile 'missing'" in result.output and "--save-profile" in result.output


def test_read_trade_table_keeps_leading_zeros_and_maps_only_what_differs(tmp_path: Path) -> None:
    from coopscope.sources.trade_files import read_trade_table

    path = tmp_path / "flows.csv"
    path.write_text("yr,exporter,importer,product,value_usd\n2022,KOR,CHN,010121,5\n2022,CHN,KOR,854231,7\n")
    table = read_trade_table(path, {"year": "yr"}, "HS17", "kusd")
    assert table["product"].to_pylist() == ["010121", "854231"]
    assert table["value_usd"].to_pylist() == [5000.0, 7000.0]
    assert table["hs_revision"].to_pylist() == ["HS17", "HS17"]
    with pytest.raises(InputError, match=r"flows.csv, line 1, column 'jahr': no column\(s\) jahr"):
        read_trade_table(path, {"year": "jahr"}, "HS17", "usd")
