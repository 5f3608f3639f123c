"""Firm lists from CSV or Excel files with a column mapping → canonical firm tables.

This is how Chinese lists (MIIT 专精特新 "little giant" announcements, exchange listings, provincial
lists) and any other firm spreadsheet reach coopscope: ``mapping`` says which source column holds
each canonical field (``{"name": "企业名称", "registration_no": "统一社会信用代码", ...}``), ``unit``
says in what unit the money columns are (万元, 亿元, 억원, 백만원 …), ``currency`` what currency.
Every bad value is an error naming the file, line and column, with a hint.
"""

from __future__ import annotations

import csv
import io
import math
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from coopscope.errors import InputError, OptionError, SchemaError
from coopscope.firms.currency import add_usd
from coopscope.firms.products import infer_hs_codes
from coopscope.firms.refdata import gbt4754_divisions, ksic_industries
from coopscope.firms.schema import FINANCIAL_SCHEMA, FIRM_SCHEMA, FirmData, make_firm_data
from coopscope.schema import YEAR_MAX, YEAR_MIN
from coopscope.sources.baci_values import shown
from coopscope.sources.ingest_common import check_header
from coopscope.sources.opendart import _ksic_to_isic, ksic_section

UNITS = {
    "1": 1.0,
    "원": 1.0,
    "元": 1.0,
    "천원": 1e3,
    "千元": 1e3,
    "백만원": 1e6,
    "million": 1e6,
    "万元": 1e4,
    "万": 1e4,
    "억원": 1e8,
    "亿元": 1e8,
    "亿": 1e8,
}
MONEY = (
    "revenue",
    "main_business_revenue",
    "total_assets",
    "total_liabilities",
    "rd_expense",
    "equity_financing",
    "largest_holder_assets",
)
NUMBERS = ("employees", "invention_patents", "utility_patents")
SHARES = ("debt_ratio", "rd_staff_share", "largest_holder_share")
FLAGS = ("in_restricted_group", "in_disclosure_group")
INTEGERS = ("fiscal_year", "founded_year")
_TRUE, _FALSE = {"1", "y", "yes", "true", "是", "예", "o"}, {"0", "n", "no", "false", "否", "아니오", "x"}
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(code: str) -> bool:
    """Whether an 18-character unified social credit code has a correct check character (GB 32100-2015)."""
    code = code.strip().upper()
    if len(code) != 18 or any(c not in _USCC for c in code):
        return False
    total = sum(_USCC.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC[(31 - total % 31) % 31] == code[17]


def read_rows(path: Path, *, sheet: str | None = None, encoding: str = "utf-8-sig") -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) of every non-empty row of a CSV or Excel file (header on line 1)."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return _excel_rows(path, sheet)
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise InputError.at(
            str(path), f"not {encoding} text (byte {exc.start})", "pass --encoding gb18030 (Chinese) or cp949 (Korean)."
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    check_header([n.strip() for n in reader.fieldnames or []], str(path))
    rows = []
    for row in reader:
        if None in row:
            raise InputError.at(
                str(path), "more fields than the header has", "quote values that contain commas.", line=reader.line_num
            )
        if any((v or "").strip() for v in row.values()):
            rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items()}))
    return rows


def _excel_rows(path: Path, sheet: str | None) -> list[tuple[int, dict[str, str]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if sheet is not None and sheet not in book.sheetnames:
        raise InputError.at(str(path), f"no sheet '{sheet}'", f"use one of {', '.join(book.sheetnames)}.")
    values = list((book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True))
    book.close()
    header = [str(h).strip() if h is not None else "" for h in (values[0] if values else ())]
    return [
        (n, {h: ("" if v is None else str(v)).strip() for h, v in zip(header, row, strict=False)})
        for n, row in enumerate(values[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]


def load_firm_table(
    path: Path,
    *,
    mapping: dict[str, str],
    country: str,
    currency: str,
    unit: str = "1",
    fiscal_year: int | None = None,
    sheet: str | None = None,
    encoding: str = "utf-8-sig",
    synthetic: bool = False,
) -> FirmData:
    """Read a firm list into :class:`FirmData`, one firm (and at most one fiscal year) per row.

    ``mapping``: canonical field → source column (``name`` is required; financial fields need
    ``fiscal_year`` mapped or given). Shares accept 0.65, 65 or "65%". Flags accept 是/否, Y/N, 1/0.
    """
    if unit not in UNITS:
        raise OptionError(f"--unit: '{unit}' is not known.", f"use one of {', '.join(UNITS)}.")
    _check_mapping(mapping, fiscal_year)
    rows = read_rows(path, sheet=sheet, encoding=encoding)
    _check_columns(path, rows, mapping)
    firms, fins = [], []
    for line, raw in rows:
        values = {f: _parse(raw[c], f, UNITS[unit], path, line, c) for f, c in mapping.items()}
        firms.append(_firm(values, country, path, line, mapping, synthetic))
        if any(f in FINANCIAL_SCHEMA.names and f not in ("fiscal_year",) for f in mapping):
            fins.append(_financial(values, firms[-1]["firm_id"], currency, fiscal_year, path, synthetic))
    fin = add_usd(pa.Table.from_pylist(fins), str(path)) if fins else None
    return make_firm_data(pa.Table.from_pylist(firms), fin, str(path))


def _check_mapping(mapping: dict[str, str], fiscal_year: int | None) -> None:
    known = set(FIRM_SCHEMA.names) | set(FINANCIAL_SCHEMA.names)
    unknown = sorted(set(mapping) - known - {"fiscal_year"})
    if unknown or "name" not in mapping:
        raise OptionError(
            f"--map: {'unknown field(s) ' + ', '.join(unknown) if unknown else 'no column for name'}.",
            "map at least name=<column>; fields: " + ", ".join(sorted(known)) + ".",
        )
    has_money = any(f in FINANCIAL_SCHEMA.names for f in mapping if f != "fiscal_year")
    if has_money and fiscal_year is None and "fiscal_year" not in mapping:
        raise OptionError(
            "financial columns are mapped but no fiscal year is known.", "map fiscal_year=<column> or pass --year."
        )


def _check_columns(path: Path, rows: list[tuple[int, dict[str, str]]], mapping: dict[str, str]) -> None:
    header = list(rows[0][1]) if rows else []
    missing = [c for c in mapping.values() if c not in header]
    if missing:
        raise SchemaError.at(
            str(path),
            f"column(s) {', '.join(missing)} not found",
            "the file has: " + ", ".join(header[:20]) + ". Fix --map.",
            line=1,
        )


def _parse(text: str, field: str, unit: float, path: Path, line: int, column: str) -> Any:
    if text in ("", "-", "—", "N/A", "n/a"):
        return None
    try:
        if field in MONEY:
            return _finite(text) * unit
        if field in NUMBERS:
            return _finite(text)
        if field in INTEGERS:
            return _year_in_domain(text, field)
        if field in SHARES:
            share = _finite(text.rstrip("%"))
            return share / 100 if text.endswith("%") or share > 1 else share
    except ValueError:
        raise InputError.at(
            str(path),
            f"{shown(text)} is not a {'year in range' if field in INTEGERS else 'number'} (field {field})",
            "remove units or notes from the cell, or map another column.",
            line=line,
            column=column,
        ) from None
    if field in FLAGS:
        if text.lower() not in _TRUE | _FALSE:
            raise InputError.at(
                str(path), f"'{text}' is not yes/no (field {field})", "use 是/否, Y/N or 1/0.", line=line, column=column
            )
        return text.lower() in _TRUE
    if field == "registration_no" and len(text) == 18 and not uscc_valid(text):
        raise InputError.at(
            str(path),
            f"'{text}' is not a valid unified social credit code (check character)",
            "check the code against the source list.",
            line=line,
            column=column,
        )
    return text


def _finite(text: str) -> float:
    """A finite number (thousands separators allowed); NaN and infinity raise ValueError."""
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _year_in_domain(text: str, field: str) -> int:
    """A fiscal year in the trade years' range, a founding year from 1800 on (ValueError otherwise)."""
    year = int(_finite(text))
    low = YEAR_MIN if field == "fiscal_year" else 1800
    if not low <= year <= YEAR_MAX:
        raise ValueError(text)
    return year


@cache
def _gbt4754_lookup() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """GB/T 4754 divisions by code and by Chinese name (read once)."""
    by_division = {r["gbt_division"]: r for r in gbt4754_divisions().to_pylist()}
    return by_division, {r["name_zh"]: r for r in by_division.values()}


@cache
def _ksic_by_name() -> dict[str, dict[str, Any]]:
    """KSIC industries by Korean name (read once)."""
    return {r["industry_name"]: r for r in ksic_industries().to_pylist()}


def _industry(values: dict[str, Any], country: str) -> dict[str, Any]:
    code, name = values.get("industry_code"), values.get("industry_name")
    if country == "CHN":
        by_division, by_name = _gbt4754_lookup()
        row = by_division.get(str(code or "")[:2]) or by_name.get(name or "")
        return {
            "industry_system": "GB/T4754-2017",
            "industry_code": row["gbt_division"] if row else code,
            "isic4": row["isic4"] if row else None,
            "chain_position": row["chain_position"] if row else None,
            "industry_note": None if row else f"GB/T 4754 industry '{code or name}' not in the packaged table",
        }
    if country == "KOR":
        hit = _ksic_by_name().get(name or "")
        if hit:
            return {
                "industry_system": "KSIC10",
                "industry_code": hit["ksic_section"] + hit["ksic_division"],
                "isic4": hit["isic4"],
                "chain_position": hit["chain_position"],
                "industry_note": None,
            }
        digits = str(code or "").lstrip("ABCDEFGHIJKLMNOPQRSTU")
        section = ksic_section(digits[:2]) if len(digits) >= 2 else None
        return {
            "industry_system": "KSIC10",
            "industry_code": f"{section}{digits[:2]}" if section else None,
            "isic4": _ksic_to_isic(digits) if section else None,
            "industry_note": None if section else f"KSIC industry '{code or name}' not recognised",
        }
    return {"industry_note": f"no industry table for country {country}"}


def _firm(
    values: dict[str, Any], country: str, path: Path, line: int, mapping: dict[str, str], synthetic: bool
) -> dict[str, Any]:
    key = values.get("stock_code") or values.get("registration_no") or values.get("name")
    if not values.get("name"):
        raise InputError.at(str(path), "no firm name", "every row needs a name.", line=line, column=mapping["name"])
    row = {f: values.get(f) for f in FIRM_SCHEMA.names if f in values}
    if not row.get("hs_codes"):
        row["hs_codes"] = infer_hs_codes(values.get("products_text"))
    return {
        **row,
        "firm_id": f"{country}:{key}",
        "country": country,
        **_industry(values, country),
        "entity_type": values.get("entity_type") or "company",
        "synthetic": synthetic,
        "source": f"{path.name} line {line}",
    }


def _financial(
    values: dict[str, Any], firm_id: str, currency: str, fiscal_year: int | None, path: Path, synthetic: bool
) -> dict[str, Any]:
    row = {f: values.get(f) for f in FINANCIAL_SCHEMA.names if f in values}
    return {
        **row,
        "firm_id": firm_id,
        "fiscal_year": values.get("fiscal_year") or fiscal_year,
        "currency": currency,
        "synthetic": synthetic,
        "source": path.name,
    }


FIRMS_TABLE, FINANCIALS_TABLE = "firms", "firm_financials"


def read_store_firms(root: Path) -> FirmData:
    """The firm tables of a store (``firms`` and ``firm_financials``) as :class:`FirmData`."""
    import pyarrow.parquet as pq

    from coopscope.errors import StoreError
    from coopscope.store import Store

    store = Store.open(root)
    if not store.has_table(FIRMS_TABLE):
        raise StoreError(
            f"{root}: the store has no firm tables.",
            "run `coopscope synth --firms`, or `coopscope firms load FILE --store DIR`.",
        )
    firms = pa.concat_tables([pq.read_table(f) for f in store.table_files(FIRMS_TABLE)])
    fins = (
        pa.concat_tables([pq.read_table(f) for f in store.table_files(FINANCIALS_TABLE)])
        if store.has_table(FINANCIALS_TABLE)
        else None
    )
    return make_firm_data(firms, fins, str(root))


def write_store_firms(root: Path, data: FirmData, *, merge: bool = False) -> None:
    """Write firm tables to a store; ``merge`` keeps stored firms whose ids are not in ``data``."""
    import pyarrow.compute as pc

    from coopscope.firms.schema import concat_firm_data
    from coopscope.store import Store

    store = Store.open(root, create=True)
    if merge and store.has_table(FIRMS_TABLE):
        old = read_store_firms(root)
        ids = data.firms["firm_id"]
        kept = FirmData(
            old.firms.filter(pc.invert(pc.is_in(old.firms["firm_id"], ids))),
            old.financials.filter(pc.invert(pc.is_in(old.financials["firm_id"], ids))),
        )
        data = concat_firm_data([kept, data], str(root))
    details = {"synthetic": data.is_synthetic, "kind": "firms"}
    with store.transaction() as tx:
        tx.commit_table(FIRMS_TABLE, data.firms, details=details)
        tx.commit_table(FINANCIALS_TABLE, data.financials, details=details)


def read_product_table(path: Path) -> pa.Table:
    """A pair analysis product table from Parquet or CSV (product codes kept as text)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if path.suffix.lower() == ".parquet":
        return pq.read_table(path)
    opts = pacsv.ConvertOptions(
        column_types={
            "product": pa.string(),
            "pair_class": pa.string(),
            "ai_areas": pa.string(),
            "mpe_class": pa.string(),
        }
    )
    try:
        return pacsv.read_csv(path, convert_options=opts)
    except pa.ArrowInvalid as exc:
        raise InputError.at(
            str(path),
            f"cannot read the product table ({exc})",
            "give a CSV with product, pair_class, value_usd, ai_areas columns.",
        ) from None
