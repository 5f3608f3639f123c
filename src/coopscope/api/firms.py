"""``match_firms`` and ``screen_firms``: mid-sized technology firms as partners (METHODS.md §4, §6.4).

Firms come from the store's firm tables (``coopscope firms load``/``dart``, the demo), else from
the SYNTHETIC demo firms (invented Korean and Chinese firms, named so they cannot be taken for
real ones). Products for matching: the pair analysis of the store's trade data when it has some.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.api.common import check_area
from coopscope.api.result import Result, as_arrow
from coopscope.api.workspace import Workspace, store_root, workspace
from coopscope.classify.countries import resolve_countries
from coopscope.errors import OptionError, StoreError
from coopscope.firms.schema import FirmData
from coopscope.options import check_option, check_present, parse_years
from coopscope.sources.config import load_config

SYNTHETIC_FIRMS = "SYNTHETIC: invented Korean and Chinese demo firms, not real companies (demo only)."


def firm_data(store: Workspace | Path | str | None, seed: int = 0) -> tuple[FirmData, Path | None]:
    """The store's firms (``store`` or the ``store`` setting), else the synthetic demo firms of ``seed``."""
    from coopscope.sources.firm_tables import read_store_firms

    if store is None and not load_config().get("store"):
        from coopscope.sources.synth_firms import synthetic_firms

        return synthetic_firms(seed), None
    ws = workspace(store)  # a store given, or the store setting
    return read_store_firms(ws.root), ws.root


def screen_firms(
    store: Workspace | Path | str | None = None, *, country: str | None = None, year: int | str | None = None,
    seed: int = 0,
) -> Result:  # fmt: skip
    """Size class by each country's law, 专精特新 criteria and technology content of every firm.

    Output columns: firm_id, name, country, industry_code, size_class, size_reason,
    specialised_result, tech_class, tech_score, synthetic … (:func:`coopscope.firms.screen.screen`).
    """
    from coopscope.firms.screen import screen

    data, root = firm_data(store, seed)
    code = resolve_countries(country, option="country")[0] if country else None
    if code is not None:
        check_present("country", [code], sorted(set(data.firms["country"].to_pylist())), "the firm tables")
    years = parse_years(year, "year")
    table = screen(data, year=years[-1] if years else None, country=code)
    note = (SYNTHETIC_FIRMS,) if data.is_synthetic else (f"Firms from {root}.",)
    return Result("firms-screen", table, {"country": code, "year": year, "seed": seed}, note, data.is_synthetic,
                  None, "Firm screening")  # fmt: skip


def match_firms(
    a: str = "KOR",
    b: str = "CHN",
    *,
    store: Workspace | Path | str | None = None,
    area: str | None = None,
    top: int = 50,
    products: Any = None,
    seed: int = 0,
) -> Result:
    """Ranked, explained firm pairs of ``a`` and ``b`` per AI area (MATCH_SCHEMA of :mod:`coopscope.firms.ranking`).

    ``products``: a pair product table (product, pair_class, value_usd[, ai_areas]) as a table or
    a Parquet/CSV file — default:
    the pair analysis of the store when it has trade data, else the AI-area mapping.
    Output columns: area, rank, name_a, name_b, score, product_fit, complementarity, scale, tech, reasons …
    """
    from coopscope.firms.api import match

    first, second = (resolve_countries(x, option=o)[0] for x, o in ((a, "partner A"), (b, "partner B")))
    if first == second:
        raise OptionError(f"partners: {first} and {second} are the same country.", "name two different countries.")
    check_area(area)
    if top < 1:
        raise OptionError(f"top: {top} is not a positive number.", "pass e.g. top=50.")
    data, root = firm_data(store, seed)
    table_products, revision, notes = _products(products, root, first, second)
    table = match(data, first, second, products=table_products, area=area, top=top, hs_revision=revision)
    synthetic = data.is_synthetic or (table.num_rows > 0 and bool(pc.any(table["synthetic"]).as_py()))
    notes = [SYNTHETIC_FIRMS] if synthetic else notes
    params = {"a": first, "b": second, "area": area, "top": top, "seed": seed, "hs_revision": revision}
    return Result("firms-match", table, params, tuple(notes), synthetic, None, f"Firm matches {first}–{second}")


def _products(products: Any, root: Path | None, a: str, b: str) -> tuple[pa.Table | None, str, list[str]]:
    if isinstance(products, str | Path):
        from coopscope.sources.firm_tables import read_product_table

        return read_product_table(Path(products)), "HS22", [f"Products from {products}."]
    if products is not None:
        return as_arrow(products, "products"), "HS22", ["Products from the table passed in."]
    if root is None:
        return None, "HS22", ["Products of the AI-area mapping (no store)."]
    from coopscope.api.pair import pair

    try:
        result = pair(a, b, store=root)
    except StoreError:  # a store of firms only: no trade data to analyse
        return None, "HS22", ["Products of the AI-area mapping (the store holds no trade data)."]
    return result.tables["products"], result.params["hs_revision"] or "HS22", []


def load_firms(
    path: Path | str,
    *,
    country: str,
    currency: str,
    mapping: dict[str, str],
    store: Workspace | Path | str | None = None,
    unit: str = "1",
    fiscal_year: int | None = None,
    sheet: str | None = None,
    encoding: str = "utf-8-sig",
) -> Result:
    """Add a CSV/Excel firm list to the store's firm tables; firms with the same id are replaced.

    ``mapping``: {canonical field: the file's column}, e.g. ``{"name": "企业名称", "revenue": "营业收入"}``;
    ``country`` ISO3, number or name; money columns in ``currency`` (KRW, CNY, USD) and ``unit``
    (1, 천원, 백만원, 억원, 万元, 亿元). ``store`` None: the ``store`` setting.
    Output: the firms read (FIRM_SCHEMA of :mod:`coopscope.firms.schema`); ``tables["financials"]``.
    """
    from coopscope.sources.firm_tables import load_firm_table

    code = resolve_countries(country, option="country")[0]
    data = load_firm_table(Path(path), mapping=mapping, country=code, currency=currency.upper(), unit=unit,
                           fiscal_year=fiscal_year, sheet=sheet, encoding=encoding)  # fmt: skip
    params = {"path": str(path), "country": code, "currency": currency.upper(), "unit": unit, "mapping": mapping,
              "fiscal_year": fiscal_year}  # fmt: skip
    return _store_firms(data, store, params, f"Firms loaded from {path}")


def fetch_firms(
    stock_codes: str | Sequence[str],
    *,
    store: Workspace | Path | str | None = None,
    years: int | str | Sequence[int] = "2022-2024",
    fs_div: str = "OFS",
) -> Result:
    """Listed Korean companies (KRX stock codes) from OpenDART into the store's firm tables.

    Uses the ``opendart_key`` and ``opendart_base_url`` settings (the key is never shown);
    ``fs_div``: separate (OFS, what the SME law reads) or consolidated (CFS) statements.
    Output: the firms fetched; ``tables["financials"]``.
    """
    from coopscope.sources.opendart import OpenDart
    from coopscope.sources.opendart import fetch_firms as fetch_dart

    check_option("fs_div", fs_div, Literal["OFS", "CFS"])
    items = stock_codes.split(",") if isinstance(stock_codes, str) else list(stock_codes)
    codes = [c.strip().upper() for c in items if c.strip()]
    year_list = parse_years(years, "years")
    data = fetch_dart(OpenDart.from_config(), codes, year_list, fs_div=fs_div)
    params = {"stock_codes": codes, "years": year_list, "fs_div": fs_div}
    return _store_firms(data, store, params, "Firms from OpenDART")


def _store_firms(data: FirmData, store: Workspace | Path | str | None, params: dict[str, Any], title: str) -> Result:
    from coopscope.sources.firm_tables import write_store_firms

    root = store_root(store)
    write_store_firms(root, data, merge=True)
    params = {**params, "store": str(root)}
    notes = (SYNTHETIC_FIRMS,) if data.is_synthetic else ()
    return Result("firms-load", data.firms, params, notes, data.is_synthetic, None, title,
                  {"financials": data.financials})  # fmt: skip
