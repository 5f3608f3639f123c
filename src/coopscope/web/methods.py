"""The methods and sources page: definitions, thresholds, parameters, citations and store provenance.

The definitions are the evidence model's own (:mod:`coopscope.evidence.methods`): every rule in
plain words with its thresholds filled in, then every indicator — the same statements, from the same
message catalogs, as section 7 of the brief, so the page and the brief say the same in each language.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pyarrow as pa

from coopscope.web.pages import PageData
from coopscope.web.snapshot import Snapshot

PAPERS = (
    "Complexity: Hausmann, Hidalgo et al., The Atlas of Economic Complexity (2011); Stata ecomplexity conventions.",
    "RCA: Balassa (1965); intra-industry trade: Grubel & Lloyd (1975); trade complementarity (Michaely) and "
    "intensity, export similarity (Finger & Kreinin, 1979): as defined by WITS and the project's METHODS.md.",
)


def definitions(lang: str) -> pa.Table:
    """Each rule's and indicator's definition in ``lang``, as section 7 of the brief states it.

    Columns: kind (rule | indicator), id (the rule, or the indicator's number), name, definition,
    thresholds (the rule's settings from its method file; empty for indicators), source.
    """
    from coopscope.evidence.inputs import RULES
    from coopscope.evidence.methods import INDICATOR_DEFINITIONS, RULE_DEFINITIONS, rule_rows, rule_values
    from coopscope.evidence.model import Statement
    from coopscope.i18n import format_statement, rule_name

    values = rule_values()
    rows = [
        {"kind": "rule", "id": r["rule"], "name": rule_name(r["rule"], lang),
         "definition": format_statement(Statement(RULE_DEFINITIONS[r["rule"]], dict(values)), lang),
         "thresholds": r["thresholds"], "source": r["source"]}
        for r in rule_rows(RULES)
    ]  # fmt: skip
    for i, text in enumerate(INDICATOR_DEFINITIONS, start=1):
        definition = format_statement(Statement(text, {}), lang)
        name = definition.split(":")[0].split("：")[0]
        rows.append({"kind": "indicator", "id": str(i), "name": name, "definition": definition,
                     "thresholds": "", "source": ""})  # fmt: skip
    return pa.Table.from_pylist(rows)


def parameters() -> pa.Table:
    """The pair analysis's parameters and their defaults (columns parameter, value), as the brief lists them."""
    from coopscope.pair.params import PairParams

    kept = {k: v for k, v in asdict(PairParams(method="eu2021")).items() if k != "method"}
    return pa.Table.from_pylist([{"parameter": k, "value": str(v)} for k, v in kept.items()])


def thresholds() -> pa.Table:
    """Every setting of every rule's method file (columns rule, setting, value)."""
    from coopscope.indicators.dependence import load_methods

    raw = asdict(load_methods())
    rows = [
        {"rule": r, "setting": k, "value": str(v)} for r, d in raw.items() if isinstance(d, dict) for k, v in d.items()
    ]
    return pa.Table.from_pylist(rows)


def provenance(manifest: dict[str, Any]) -> dict[str, pa.Table]:
    """The store's sources and built tables from its manifest."""
    keys = ("source_id", "kind", "hs_revision", "release", "years", "row_count", "synthetic", "ingested_at")
    sources = [{k: s[k] for k in keys} for s in manifest["sources"]]
    built = [
        {"table": n, "rows": t.get("rows"), "built_at": t.get("built_at"), "synthetic": t.get("synthetic")}
        for n, t in sorted(manifest["tables"].items())
    ]
    return {"sources": pa.Table.from_pylist(sources), "tables": pa.Table.from_pylist(built)}


def methods_page(snap: Snapshot, q: dict[str, Any]) -> PageData:
    """Methods and sources: definitions, thresholds, parameters, citations and the store's provenance."""
    lang = q.get("lang") or "en"
    tables = {
        "definitions": definitions(lang),
        "thresholds": thresholds(),
        "parameters": parameters(),
        **provenance(snap.manifest()),
    }
    info = {"version": snap.version, "citations": citations()}
    return PageData("methods", {"lang": lang}, tables, [], info, [], snap.is_synthetic())


def citations() -> list[str]:
    """Each rule's name and source as its methods file gives them, then the indicators' papers."""
    import tomllib
    from importlib import resources

    text = (resources.files("coopscope.indicators") / "data" / "dependence-methods.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    rules = [f"{k}: {v['name']} — {v['source']}" for k, v in raw.items() if isinstance(v, dict) and "name" in v]
    return [*rules, *PAPERS]
