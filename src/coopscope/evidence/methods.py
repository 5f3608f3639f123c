"""Section 7: every rule and indicator in plain words, thresholds, citations and data provenance.

Tables: ``rules`` (rule, name, source, thresholds) from the method file
(coopscope/indicators/data/dependence-methods.toml), ``parameters`` (parameter, value) of the
pair analysis, ``sources`` (kind, location, release, hs_revision, years, row_count, synthetic,
sha256) from the store's manifest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table
from coopscope.i18n.catalog import N_
from coopscope.indicators.dependence_methods import load_methods
from coopscope.pair.params import PairParams

RULE_DEFINITIONS = {
    "eu2021": N_(
        "EU 2021 (European Commission): a product is dependent when imports are concentrated on few suppliers "
        "(HHI above {eu_hhi}), mostly from outside (share above {eu_foreign_share}) and exceed the country's own "
        "exports."
    ),
    "geodep": N_(
        "GeoDep (CEPII): the EU 2021 criteria on imports and exports, plus world exports concentrated "
        "(HHI above {geo_hhi}), met in at least {geo_met} of the last {geo_window} years; it cannot decide for a "
        "store's first years."
    ),
    "kita": N_(
        "KITA (Korea International Trade Association): one supplier provides at least {kita_band_share} of imports "
        "worth at least {kita_floor_usd}; bands of 50, 70, 80 and 90 per cent."
    ),
    "kiet": N_(
        "KIET (Korea Institute for Industrial Economics and Trade): a trade deficit in the product and one "
        "supplier with at least {kiet_watch_share} of imports (watch); at least {kiet_vulnerable_share} makes it "
        "vulnerable."
    ),
}
INDICATOR_DEFINITIONS = (
    N_("Supplier-group share: the part of a country's imports of a product group bought from the supplier group."),
    N_(
        "Trade complementarity index (Michaely, WITS): how well one country's exports match the other's imports, "
        "0 (no match) to 100 (perfect match)."
    ),
    N_(
        "Export similarity index (Finger–Kreinin, WITS): how alike the two countries' exports to the world are, "
        "0 (nothing alike) to 100 (identical)."
    ),
    N_("Grubel–Lloyd index: the share of bilateral trade that is two-way trade within the same products."),
    N_(
        "Trade intensity index (WITS): one country's share of exports to the other relative to the other's share of "
        "world imports; above 1 means more trade than the partner's size suggests."
    ),
    N_(
        "Revealed comparative advantage (Balassa): a product's share in a country's exports over its share in world "
        "exports; above 1 is an advantage."
    ),
    N_("Jaccard index: products flagged by both rules over products flagged by either, 0 to 1."),
)


def _period(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def rule_rows(rules: Sequence[str]) -> list[dict[str, Any]]:
    """Name, source and every threshold of each rule, from the method file."""
    methods = load_methods()
    out = []
    for rule in rules:
        spec = asdict(getattr(methods, rule))
        name, source = spec.pop("name", ""), spec.pop("source", "")
        thresholds = "; ".join(f"{k} = {v}" for k, v in spec.items())
        out.append({"rule": rule, "name": name, "source": source, "thresholds": thresholds})
    return out


def rule_values() -> dict[str, Any]:
    """The thresholds quoted in :data:`RULE_DEFINITIONS`."""
    m = load_methods()
    return {
        "eu_hhi": m.eu2021.import_hhi_min,
        "eu_foreign_share": m.eu2021.foreign_import_share_min,
        "geo_hhi": m.geodep.world_export_hhi_min,
        "geo_met": m.geodep.min_years_met,
        "geo_window": m.geodep.window_years,
        "kita_band_share": min(m.kita.bands),
        "kita_floor_usd": m.kita.min_import_value_usd,
        "kiet_watch_share": m.kiet.watch_share_min,
        "kiet_vulnerable_share": m.kiet.vulnerable_share_min,
    }


def source_rows(manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The store's sources (module docstring)."""
    keys = ("kind", "location", "release", "hs_revision", "row_count", "synthetic", "sha256")
    return [
        {**{k: s.get(k) for k in keys}, "years": ", ".join(map(str, s.get("years", [])))}
        for s in manifest.get("sources", [])
    ]


def methods_section(inputs: Inputs, rules: Sequence[str], params: PairParams, synthetic: bool) -> Section:
    """Section 7 (module docstring)."""
    values = rule_values()
    statements = [Statement(RULE_DEFINITIONS[r], {k: v for k, v in values.items()}) for r in rules]
    statements += [Statement(text, {}) for text in INDICATOR_DEFINITIONS]
    notes = [Statement(n, {}) for n in inputs.notes]
    if synthetic:
        notes.insert(0, Statement(SYNTHETIC, {}))
    headline = Statement(
        "Four dependence rules and five indicators, computed on {n_sources} data source(s) for {period}.",
        {"n_sources": len(inputs.manifest.get("sources", [])), "period": _period(inputs.years)},
    )
    tables = {
        "rules": Table.from_records(("rule", "name", "source", "thresholds"), rule_rows(rules)),
        "parameters": Table.from_records(
            ("parameter", "value"),
            [{"parameter": k, "value": str(v)} for k, v in asdict(params).items() if k != "method"],
        ),
        "sources": Table.from_records(
            ("kind", "location", "release", "hs_revision", "years", "row_count", "synthetic", "sha256"),
            source_rows(inputs.manifest),
        ),
    }
    return Section("methods", headline, tuple(statements), tuple(notes), tables)


SYNTHETIC = N_(
    "SYNTHETIC DATA: every number here comes from a synthetic world generated by coopscope, not from real "
    "trade statistics. Do not cite it."
)
