"""Packaged reference data of the firms module: industry tables, rule sets, rates, keywords.

Everything lives in ``coopscope/firms/data`` (see its SOURCES.md). Rule sets are versioned TOML
files named ``<id-lower-case>.toml``; each states its statute and version.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from coopscope.classify._data import text_table
from coopscope.errors import OptionError

RULE_SETS = ("kr-sme", "kr-midsized", "cn-miit-2011", "cn-little-giant-2022", "tech-score", "match")


def data_file(name: str) -> Any:
    """A traversable handle on a packaged data file."""
    return resources.files("coopscope.firms") / "data" / name


@dataclass(frozen=True)
class RuleSet:
    """A named, versioned rule set: ``params`` is the TOML content; ``label`` is "ID vVERSION"."""

    id: str
    version: str
    statute: str
    params: dict[str, Any]

    @property
    def label(self) -> str:
        """Short name used in outputs, e.g. ``KR-SME v2017-10-17``."""
        return f"{self.id} v{self.version}"


@cache
def load_rule_set(name: str) -> RuleSet:
    """Read the packaged rule set ``name`` (one of :data:`RULE_SETS`)."""
    if name not in RULE_SETS:
        raise OptionError(f"rule set '{name}' is not known.", f"use one of: {', '.join(RULE_SETS)}.")
    params = tomllib.loads(data_file(f"rules/{name}.toml").read_text(encoding="utf-8"))
    return RuleSet(params["id"], str(params["version"]), params["statute"], params)


def _read_csv(name: str) -> pa.Table:
    return text_table(data_file(name))


@cache
def ksic_industries() -> pa.Table:
    """KRX industry names (업종) → KSIC section/division, ISIC Rev.4 and chain position.

    Columns: industry_name, ksic_section, ksic_division, isic4, chain_position, note (all text).
    162 rows, one for every 업종 in the packaged KRX listing.
    """
    return _read_csv("ksic_industries.csv")


@cache
def gbt4754_divisions() -> pa.Table:
    """GB/T 4754-2017 divisions → ISIC Rev.4, MIIT 2011 sector and chain position (text columns)."""
    return _read_csv("gbt4754_divisions.csv")


@cache
def product_keywords() -> pa.Table:
    """Main-product keywords (Korean and Chinese) → HS prefixes. Columns: keyword, hs_prefix, note."""
    return _read_csv("product_keywords.csv")


@cache
def fx_rates() -> pa.Table:
    """Annual average exchange rates. Columns: year (int64), currency, units_per_usd (float64)."""
    with data_file("fx_usd.csv").open("rb") as fh:
        return pacsv.read_csv(fh).cast(
            pa.schema([("year", pa.int64()), ("currency", pa.string()), ("units_per_usd", pa.float64())])
        )
