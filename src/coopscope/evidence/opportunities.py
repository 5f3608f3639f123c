"""Section 5a: where each partner could grow next in each AI area (METHODS.md §B3).

From :func:`coopscope.pair.opportunities_run.co_development` (the ``balanced`` preset): per
country and AI area, the HS6 products it does not yet export with comparative advantage, ranked
by standardised density, PCI and opportunity gain (COG) with the preset's weights; marked where
the partner already has comparative advantage or where both are close (joint development).

Tables: ``candidates`` (country, area, rank, product, description, density_index, pci_index,
cog_index, weighted_score_index, partner_rca_index, mark): the first five per country and area;
``by_area`` (country, area, n_candidates, n_partner_leads, n_joint, best_product,
best_score_index): every candidate counted; ``presets`` (preset, weight_density_index,
weight_pci_index, weight_cog_index, used): the weights of every preset, the one used marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopscope.evidence.common import Row, rows_of
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table
from coopscope.indicators.opportunities import STRATEGIES

CANDIDATE_COLUMNS = ("country", "area", "rank", "product", "description", "density_index", "pci_index", "cog_index",
                     "weighted_score_index", "partner_rca_index", "mark")  # fmt: skip
AREA_COLUMNS = ("country", "area", "n_candidates", "n_partner_leads", "n_joint", "best_product", "best_score_index")
PRESET_COLUMNS = ("preset", "weight_density_index", "weight_pci_index", "weight_cog_index", "used")
SHOWN = 5


def _ai_rows(result: Any) -> list[Row]:
    return [r for r in rows_of(result.table) if str(r["group"]).startswith("ai:")]


def candidate_rows(rows: Sequence[Row], countries: Sequence[str]) -> list[Row]:
    """The first :data:`SHOWN` candidates per country (in ``countries`` order) and area."""
    return [
        {"country": r["country"], "area": r["group"].removeprefix("ai:"), "rank": r["rank"], "product": r["product"],
         "description": r.get("description"), "density_index": r["density"], "pci_index": r["pci"],
         "cog_index": r["cog"], "weighted_score_index": r["score"], "partner_rca_index": r["partner_rca"],
         "mark": r["mark"]}
        for r in sorted(rows, key=lambda r: (countries.index(r["country"]), r["group"], r["rank"]))
        if r["rank"] <= SHOWN
    ]  # fmt: skip


def area_rows(rows: Sequence[Row], countries: Sequence[str]) -> list[Row]:
    """Counts per country and area: candidates, those where the partner leads, those to develop jointly."""
    out = []
    areas = sorted({r["group"] for r in rows})
    for country in countries:
        for area in areas:
            mine = [r for r in rows if r["country"] == country and r["group"] == area]
            best = min(mine, key=lambda r: r["rank"], default=None)
            out.append({
                "country": country, "area": area.removeprefix("ai:"), "n_candidates": len(mine),
                "n_partner_leads": sum(1 for r in mine if r["mark"] == "partner-has-advantage"),
                "n_joint": sum(1 for r in mine if r["mark"] == "joint-development"),
                "best_product": best and best["product"], "best_score_index": best and best["score"],
            })  # fmt: skip
    return out


def preset_rows(used: str) -> list[Row]:
    """Every preset's weights (standardised density, PCI, COG); ``used`` marks the one ranked by."""
    return [
        {"preset": name, "weight_density_index": s.density, "weight_pci_index": s.pci, "weight_cog_index": s.cog,
         "used": name == used}
        for name, s in STRATEGIES.items()
    ]  # fmt: skip


def opportunities_section(inputs: Inputs) -> Section:
    """Section 5a (module docstring)."""
    if inputs.beyond is None or inputs.beyond.opportunities is None:
        return Section("opportunities", Statement("The co-development opportunities were not computed."))
    result = inputs.beyond.opportunities
    rows = _ai_rows(result)
    areas = area_rows(rows, (inputs.a, inputs.b))
    total = {c: [r for r in areas if r["country"] == c] for c in (inputs.a, inputs.b)}
    headline = Statement(
        "In the {n_areas} AI areas {a} has {a_n} products to grow into and {b} {b_n}; in {joint_n} of them both are "
        "close (joint development) and in {lead_n} the partner already exports with advantage.",
        {"a": inputs.a, "b": inputs.b, "n_areas": len({r["area"] for r in areas}),
         "a_n": sum(r["n_candidates"] for r in total[inputs.a]), "b_n": sum(r["n_candidates"] for r in total[inputs.b]),
         "joint_n": sum(r["n_joint"] for r in areas), "lead_n": sum(r["n_partner_leads"] for r in areas)},
    )  # fmt: skip
    w = result.weights
    statements = [
        Statement(
            "Ranked with the balanced preset: weights {w_density} on density, {w_pci} on PCI and {w_cog} on "
            "opportunity gain, on standardised values.",
            {"w_density": w.density, "w_pci": w.pci, "w_cog": w.cog},
        ),
        *[_best(r) for r in areas if r["best_product"]],
    ]
    note = Statement(
        "Candidates are products a country exports without comparative advantage (RCA below 1), from the complexity "
        "of {year} computed on every country in the store; the presets' weights are coopscope's own.",
        {"year": result.year},
    )
    tables = {
        "by_area": Table.from_records(AREA_COLUMNS, areas),
        "candidates": Table.from_records(CANDIDATE_COLUMNS, candidate_rows(rows, (inputs.a, inputs.b))),
        "presets": Table.from_records(PRESET_COLUMNS, preset_rows(result.preset)),
    }
    return Section("opportunities", headline, tuple(statements), (note,), tables)


def _best(row: Row) -> Statement:
    return Statement(
        "{area}: the best candidate of {country} is {product}.",
        {"area": row["area"], "country": row["country"], "product": row["best_product"]},
    )
