"""Korea Exchange listing (KRX KIND 상장법인목록) → canonical firm table.

The packaged copy (``coopscope/firms/data/krx-listed-companies-2026-03.csv``, 2,767 companies on
KOSPI, KOSDAQ and KONEX as of 2026-03-27) is read by default; a newer download saved as UTF-8 CSV
with the same Korean column names can be passed instead. Stock codes stay text (``0130H0``).
Each 업종 is mapped to a KSIC division and ISIC Rev.4 through the packaged table
(:func:`coopscope.firms.refdata.ksic_industries`); an unmapped 업종 keeps an explicit note.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyarrow as pa

from coopscope.errors import InputError, SchemaError
from coopscope.firms.products import infer_hs_codes
from coopscope.firms.refdata import data_file, ksic_industries
from coopscope.firms.schema import FirmData, make_firm_data

COLUMNS = ("회사명", "시장구분", "종목코드", "업종", "주요제품", "상장일", "결산월", "대표자명", "홈페이지", "지역")
MARKETS = {"유가": "KOSPI", "유가증권": "KOSPI", "코스피": "KOSPI", "코스닥": "KOSDAQ", "코넥스": "KONEX"}
PACKAGED = "krx-listed-companies-2026-03.csv"
_CODE = re.compile(r"^[0-9A-Z]{6}$")


def load_krx_listing(path: Path | None = None) -> FirmData:
    """Read a KRX listing CSV (default: the packaged 2026-03 copy) into :class:`FirmData` (no financials).

    Output firm columns filled: firm_id (``KOR:<code>``), country, name, stock_code, industry_name,
    industry_system (KSIC10), industry_code (section+division, e.g. C26), isic4, chain_position,
    industry_note (why no industry, when so), products_text, region, listing_market, entity_type.
    """
    source = str(path) if path else f"coopscope/firms/data/{PACKAGED}"
    text = path.read_text(encoding="utf-8-sig") if path else data_file(PACKAGED).read_text(encoding="utf-8-sig")
    rows = _read_rows(text, source)
    industries = {r["industry_name"]: r for r in ksic_industries().to_pylist()}
    firms = [_firm(row, line, industries, source) for line, row in rows]
    return make_firm_data(pa.Table.from_pylist(firms), None, source)


def _read_rows(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    missing = [c for c in COLUMNS if c not in (header or [])]
    if missing:
        raise SchemaError.at(
            source,
            f"missing column(s) {', '.join(missing)}",
            "save the KRX KIND 상장법인목록 as UTF-8 CSV with its Korean column names.",
            line=1,
        )
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header or []):
            raise InputError.at(
                source,
                f"{len(values)} fields where the header has {len(header or [])}",
                "check the quoting of names or products that contain commas.",
                line=reader.line_num,
            )
        rows.append((reader.line_num, dict(zip(header or [], values, strict=True))))
    return rows


def _firm(row: dict[str, str], line: int, industries: dict[str, dict[str, str]], source: str) -> dict[str, object]:
    code = row["종목코드"].strip().upper()
    if not _CODE.match(code):
        raise InputError.at(
            source,
            f"stock code '{code}' is not 6 letters or digits",
            "keep codes as text, e.g. 005930 or 0130H0 (a spreadsheet may have dropped leading zeros).",
            line=line,
            column="종목코드",
        )
    market = MARKETS.get(row["시장구분"].strip())
    if market is None:
        raise InputError.at(
            source,
            f"market '{row['시장구분']}' is not known",
            f"use one of {', '.join(MARKETS)}.",
            line=line,
            column="시장구분",
        )
    name = row["업종"].strip()
    ind = industries.get(name)
    note = None if ind else ("no 업종 in the listing" if not name else f"업종 '{name}' is not in the KSIC table")
    return {
        "firm_id": f"KOR:{code}",
        "country": "KOR",
        "name": row["회사명"].strip(),
        "stock_code": code,
        "industry_name": name or None,
        "industry_system": "KSIC10",
        "industry_code": f"{ind['ksic_section']}{ind['ksic_division']}" if ind else None,
        "isic4": ind["isic4"] if ind else None,
        "chain_position": ind["chain_position"] if ind else None,
        "industry_note": note,
        "products_text": row["주요제품"].strip() or None,
        "hs_codes": infer_hs_codes(row["주요제품"]),
        "region": row["지역"].strip() or None,
        "listing_market": market,
        "entity_type": "company",
        "synthetic": False,
        "source": "KRX KIND 상장법인목록 (2026-03-27)" if source.endswith(PACKAGED) else source,
    }
