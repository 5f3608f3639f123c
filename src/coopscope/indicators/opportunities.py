"""Co-development opportunities: products a country does not yet export with advantage, close to the partner.

From the cell and product tables of one complexity year (:func:`indicators.complexity.compute_complexity`:
RCA, density, COG per cell; PCI per product), for each country of a pair and each product group
(e.g. an AI area), the candidates are the products it exports with RCA < 1. They are ranked by a
weighted sum of standardised density (closeness to what it already makes), PCI and opportunity gain
(COG), with the weights of a named strategy in the manner of the Atlas of Economic Complexity.
Marks: the partner has RCA ≥ 1 (a natural teacher or supplier), or both are close (joint
development). Definitions: METHODS.md §B3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from coopscope.errors import OptionError


@dataclass(frozen=True)
class Strategy:
    """Weights on standardised density, PCI and COG (they sum to 1)."""

    density: float
    pci: float
    cog: float


STRATEGIES: Mapping[str, Strategy] = {
    "low-hanging-fruit": Strategy(density=0.60, pci=0.15, cog=0.25),
    "balanced": Strategy(density=0.50, pci=0.25, cog=0.25),
    "long-jumps": Strategy(density=0.30, pci=0.35, cog=0.35),
}
CLOSE_QUANTILE = 0.75  # "close": density in the top quarter of the country's candidates in the group
OUTPUT = ("year", "country", "partner", "group", "product", "rca", "density", "pci", "cog", "partner_rca",
          "partner_density", "partner_has_advantage", "both_close", "mark", "score", "rank", "strategy",
          "w_density", "w_pci", "w_cog")  # fmt: skip

_TYPES = {"year": pa.int64(), "rank": pa.int64(), "partner_has_advantage": pa.bool_(), "both_close": pa.bool_()}
_TEXT = ("country", "partner", "group", "product", "mark", "strategy")
_SCHEMA = pa.schema([(c, pa.string() if c in _TEXT else _TYPES.get(c, pa.float64())) for c in OUTPUT])


def strategy(name: str) -> Strategy:
    """The named strategy preset, or an error listing the presets."""
    if name not in STRATEGIES:
        raise OptionError(f"strategy: '{name}' is not a preset.", f"use one of {', '.join(STRATEGIES)}.")
    return STRATEGIES[name]


def opportunities(
    cells: pa.Table,
    products: pa.Table,
    *,
    a: str,
    b: str,
    groups: pa.Table | None = None,
    preset: str = "balanced",
    min_rca: float = 1.0,
) -> pa.Table:
    """Ranked candidate products of ``a`` and of ``b`` per group, with the partner marks.

    ``cells``: year, country, product, rca, density, cog (one year). ``products``: year, product, pci.
    ``groups``: product, group (e.g. ``ai:robotics``); every product also counts in group ``all``.
    Output columns (:data:`OUTPUT`): one row per country, group and candidate; ``rank`` 1 = best
    ``score`` (ties by product code); ``mark`` is ``partner-has-advantage``, ``joint-development`` or "".
    """
    weights = strategy(preset)
    cell = cells.to_pandas()[["year", "country", "product", "rca", "density", "cog"]]
    pci = products.to_pandas()[["year", "product", "pci"]]
    both = _side(cell, a, "").merge(_side(cell, b, "_b"), on=["year", "product"]).merge(pci, on=["year", "product"])
    # one row order whatever order the inputs came in: the z-scores' sums then give the same bits
    grouped = _grouped(both, groups).sort_values(["group", "year", "product"], kind="stable", ignore_index=True)
    sides = ((a, b, "", "_b"), (b, a, "_b", ""))
    tables = [
        _ranked(grouped, own, other, (mine, theirs), weights, preset, min_rca) for own, other, mine, theirs in sides
    ]
    out = pd.concat(tables, ignore_index=True)
    return pa.Table.from_pandas(out[list(OUTPUT)], schema=_SCHEMA, preserve_index=False)


def _side(cell: pd.DataFrame, country: str, suffix: str) -> pd.DataFrame:
    own = cell[cell["country"] == country].drop(columns="country")
    if own.empty:
        raise OptionError(f"opportunities: {country} has no cells in the complexity table.", "check the country code.")
    return own.rename(columns={c: c + suffix for c in ("rca", "density", "cog")})


def _grouped(both: pd.DataFrame, groups: pa.Table | None) -> pd.DataFrame:
    everything = both.assign(group="all")
    if groups is None:
        return everything
    joined = both.merge(groups.to_pandas()[["product", "group"]], on="product")
    return pd.concat([everything, joined], ignore_index=True)


def _ranked(
    t: pd.DataFrame, own: str, other: str, suffixes: tuple[str, str], w: Strategy, preset: str, min_rca: float
) -> pd.DataFrame:
    """Candidates of ``own`` (RCA < min_rca) scored and ranked within each group; ``suffixes``: own, partner."""
    mine, theirs = suffixes
    t = t.assign(country=own, partner=other, rca=t["rca" + mine], density=t["density" + mine], cog=t["cog" + mine],
                 partner_rca=t["rca" + theirs], partner_density=t["density" + theirs])  # fmt: skip
    candidates = t[t["rca"] < min_rca]
    partner_candidate = candidates["partner_rca"] < min_rca
    close = candidates.groupby("group")["density"].transform(lambda d: d >= d.quantile(CLOSE_QUANTILE))
    partner_close = _partner_close(t, candidates, min_rca)
    out = candidates.assign(
        partner_has_advantage=~partner_candidate,
        both_close=close & partner_candidate & partner_close,
        strategy=preset, w_density=w.density, w_pci=w.pci, w_cog=w.cog,
    )  # fmt: skip
    out["mark"] = np.where(out["partner_has_advantage"], "partner-has-advantage",
                           np.where(out["both_close"], "joint-development", ""))  # fmt: skip
    out["score"] = sum(weight * out.groupby("group")[column].transform(_z) for column, weight in
                       (("density", w.density), ("pci", w.pci), ("cog", w.cog)))  # fmt: skip
    out = out.sort_values(["group", "score", "product"], ascending=[True, False, True], kind="stable")
    out["rank"] = out.groupby("group").cumcount() + 1
    return out


def _partner_close(t: pd.DataFrame, candidates: pd.DataFrame, min_rca: float) -> pd.Series:
    """Whether the partner's density is in the top quarter of the partner's own candidates in the group."""
    theirs = t[t["partner_rca"] < min_rca]
    cut = theirs.groupby("group")["partner_density"].quantile(CLOSE_QUANTILE)
    return candidates["partner_density"] >= candidates["group"].map(cut)


def _z(values: pd.Series) -> pd.Series:
    """Standard score within the candidates (ddof 0); 0 where every value is equal or missing."""
    sd = values.std(ddof=0)
    if not np.isfinite(sd) or sd == 0:
        return values * 0.0
    return (values - values.mean()) / sd
