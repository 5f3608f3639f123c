"""Pieces every job shares: checking names against what is there, product descriptions, trade input."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.api.result import as_arrow
from coopscope.classify.areas import AREA_IDS
from coopscope.classify.lenses import LENS_REVISIONS, lenses
from coopscope.classify.mpe import MPE_CLASSES
from coopscope.classify.tech import TECH_CLASSES
from coopscope.engine import from_arrow
from coopscope.errors import OptionError
from coopscope.options import check_present, parse_years
from coopscope.schema import check_trade_arrow


def check_area(area: str | None, option: str = "area") -> str | None:
    """``area`` if it is one of the AI areas, else an OptionError listing them."""
    if area is not None and area not in AREA_IDS:
        raise OptionError(f"{option}: '{area}' is not an AI area.", f"areas: {', '.join(AREA_IDS)}.")
    return area


def split_class(product_class: str | None, option: str = "class") -> tuple[str | None, str | None]:
    """(mpe_class, tech_class) from one class name: 소재·부품·장비 classes or OECD technology classes."""
    if product_class is None:
        return None, None
    if product_class in MPE_CLASSES:
        return product_class, None
    if product_class in TECH_CLASSES:
        return None, product_class
    raise OptionError(
        f"{option}: '{product_class}' is not a product class.",
        f"classes: {', '.join(MPE_CLASSES)} (materials/parts/equipment) or {', '.join(TECH_CLASSES)} (technology).",
    )


def choose_years(
    given: int | str | Sequence[int | str] | None, present: Sequence[int], *, every: bool = False, option: str = "year"
) -> list[int]:
    """The years asked for (each must be present), else the latest present year (all with ``every``)."""
    if not present:
        raise OptionError(f"{option}: no years with trade data.", "ingest data first, e.g. `coopscope ingest baci`.")
    years = parse_years(given, option)
    check_present(option, years, list(present), "the data")
    return years or (list(present) if every else [max(present)])


def trade_input(con: ibis.BaseBackend, trade: Any) -> tuple[ibis.Table, list[int]]:
    """A trade table passed in (Arrow, pandas, Polars), checked, on ``con``; and its years."""
    arrow = check_trade_arrow(as_arrow(trade, "trade"), "trade")
    years = sorted({int(y) for y in pc.unique(arrow["year"]).to_pylist()})
    return from_arrow(con, arrow), years


@cache
def _descriptions(revision: str) -> dict[str, str]:
    if revision not in LENS_REVISIONS:
        return {}
    table = lenses(revision)
    return dict(zip(table["product"].to_pylist(), table["description"].to_pylist(), strict=True))


def with_descriptions(table: pa.Table, revision: str | None, after: str = "product") -> pa.Table:
    """``table`` with a ``description`` column (English product text) right after ``after``."""
    if after not in table.column_names or "description" in table.column_names:
        return table
    revisions = table["hs_revision"].to_pylist() if "hs_revision" in table.column_names else None
    texts = [
        _descriptions(revisions[i] if revisions else (revision or "HS22")).get(code or "", "")
        for i, code in enumerate(table[after].to_pylist())
    ]
    return table.add_column(table.column_names.index(after) + 1, "description", pa.array(texts, pa.string()))
