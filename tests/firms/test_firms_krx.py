"""The packaged Korea Exchange listing: complete, codes kept as text, every company with an industry."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pytest

from coopscope.classify.tech import tech_class_of_isic
from coopscope.errors import InputError, SchemaError
from coopscope.firms.refdata import ksic_industries
from coopscope.firms.screen import screen
from coopscope.sources.krx import COLUMNS, load_krx_listing


@pytest.fixture(scope="module")
def krx():  # type: ignore[no-untyped-def]
    return load_krx_listing()


def test_listing_loads_every_company(krx) -> None:  # type: ignore[no-untyped-def]
    firms = krx.firms
    assert firms.num_rows == 2767
    counts = dict(zip(*[c.to_pylist() for c in pc.value_counts(firms["listing_market"]).flatten()], strict=True))
    assert counts == {"KOSPI": 840, "KOSDAQ": 1818, "KONEX": 109}
    assert len(set(firms["firm_id"].to_pylist())) == 2767
    assert not krx.is_synthetic


def test_codes_with_letters_and_leading_zeros_stay_text(krx) -> None:  # type: ignore[no-untyped-def]
    codes = set(krx.firms["stock_code"].to_pylist())
    assert {"0130H0", "0088M0", "000020"} <= codes
    assert all(len(c) == 6 for c in codes)
    assert sum(1 for c in codes if not c.isdigit()) == 2767 - 2728


def test_every_company_has_an_industry_class_or_a_reason(krx) -> None:  # type: ignore[no-untyped-def]
    for row in krx.firms.to_pylist():
        assert (row["industry_code"] and row["isic4"]) or row["industry_note"], row
    assert pc.sum(pc.is_null(krx.firms["industry_code"])).as_py() == 0


def test_the_162_industry_names_are_all_mapped_to_ksic_and_isic(krx) -> None:  # type: ignore[no-untyped-def]
    table = ksic_industries()
    assert table.num_rows == 162
    assert set(table["industry_name"].to_pylist()) == set(krx.firms["industry_name"].to_pylist())
    for row in table.to_pylist():
        assert row["ksic_section"] in "ABCDEFGHIJKLMNOPQRSTU" and len(row["ksic_division"]) == 2, row
        assert row["chain_position"] in {"materials", "parts", "equipment", "final", "services"}, row
        # the OECD taxonomy covers business industries; education (ISIC 85) is outside it
        assert tech_class_of_isic(row["isic4"]) is not None or row["isic4"].startswith("85"), row


@pytest.mark.parametrize(
    ("name", "code", "isic", "tech"),
    [
        ("반도체 제조업", "C26", "261", "high"),
        ("의약품 제조업", "C21", "21", "high"),
        ("특수 목적용 기계 제조업", "C29", "282", "medium-high"),
        ("자동차 신품 부품 제조업", "C30", "293", "medium-high"),
        ("소프트웨어 개발 및 공급업", "J58", "582", "high"),
        ("1차 철강 제조업", "C24", "241", "medium"),
    ],
)
def test_known_industries(krx, name: str, code: str, isic: str, tech: str) -> None:  # type: ignore[no-untyped-def]
    rows = [r for r in krx.firms.to_pylist() if r["industry_name"] == name]
    assert rows and all(r["industry_code"] == code and r["isic4"] == isic for r in rows)
    assert tech_class_of_isic(isic) == tech


def test_screening_the_bare_listing_says_what_is_missing(krx) -> None:  # type: ignore[no-untyped-def]
    table = screen(krx)
    assert set(table["size_class"].to_pylist()) == {"cannot decide"}
    assert all("missing" in r and "revenue" in r for r in table["size_reason"].to_pylist())
    for row in table.filter(pc.is_null(table["tech_class"])).to_pylist():
        assert row["isic4"].startswith("85") and "has no OECD R&D-intensity class" in row["tech_reason"]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "krx.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = ",".join(COLUMNS)


def test_a_new_download_with_an_unknown_industry_keeps_a_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, "가나다,코스닥,12345A,우주 관광업,여행,2026-01-01,12월,홍길동,,서울특별시"])
    row = load_krx_listing(path).firms.to_pylist()[0]
    assert row["industry_code"] is None and "우주 관광업" in row["industry_note"]
    assert (
        screen(load_krx_listing(path))["size_reason"][0].as_py().startswith("SME test cannot decide: missing industry")
    )


@pytest.mark.parametrize(
    ("line", "error", "words"),
    [
        (
            "가나다,코스닥,12345,반도체 제조업,칩,2026-01-01,12월,홍,,서울",
            InputError,
            ["line 2", "종목코드", "leading zeros"],
        ),
        (
            "가나다,나스닥,123456,반도체 제조업,칩,2026-01-01,12월,홍,,서울",
            InputError,
            ["line 2", "시장구분", "나스닥"],
        ),
        ("가나다,코스닥,123456,반도체 제조업,칩,칩2,2026-01-01,12월,홍,,서울", InputError, ["line 2", "quoting"]),
    ],
)
def test_malformed_rows_name_line_and_field(tmp_path: Path, line: str, error: type, words: list[str]) -> None:
    with pytest.raises(error) as info:
        load_krx_listing(_write(tmp_path, [HEADER, line]))
    assert all(w in str(info.value) for w in words) and "Hint:" in str(info.value)


def test_missing_column_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"missing column.*업종.*Hint"):
        load_krx_listing(_write(tmp_path, ["회사명,시장구분,종목코드", "a,코스닥,123456"]))


def test_hs_codes_are_inferred_from_main_products(krx) -> None:  # type: ignore[no-untyped-def]
    rows = {r["stock_code"]: r for r in krx.firms.to_pylist()}
    robots = [r for r in rows.values() if "로봇" in (r["products_text"] or "")]
    assert robots and all("847950" in r["hs_codes"].split(";") for r in robots)
    assert all(r["hs_codes"] is None for r in rows.values() if not r["products_text"])
