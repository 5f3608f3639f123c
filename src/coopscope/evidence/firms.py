"""Section 6: partner firms per AI area, ranked by coopscope.firms from the evidence's products.

The products handed to the matcher are this model's shared vulnerabilities and substitution
products plus the pair analysis' complementary products (none of them depends on one silent
rule). Table ``matches``: area, rank, firm_a, name_a, firm_b, name_b, score, shared_products,
reasons (the matcher's English text), synthetic, reason_items (the same reasons as data: JSON
text of :mod:`coopscope.i18n.reasons`, which renders them in every language) — the top
:data:`TOP_N` pairs of every AI area.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.areas import AREA_IDS
from coopscope.errors import CoopscopeError
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table

TOP_N = 5
MATCH_COLUMNS = (
    "area",
    "rank",
    "firm_a",
    "name_a",
    "firm_b",
    "name_b",
    "score",
    "shared_products",
    "reasons",
    "synthetic",
    "reason_items",
)
PRODUCT_SCHEMA = pa.schema(
    [
        ("product", pa.string()),
        ("pair_class", pa.string()),
        ("value_usd", pa.float64()),
        ("mpe_class", pa.string()),
        ("ai_areas", pa.string()),
    ]
)


def evidence_products(inputs: Inputs, shared: Table, substitution: Table) -> pa.Table:
    """The product table the firm matcher ranks on (columns of :data:`PRODUCT_SCHEMA`)."""
    rows = [{**r, "pair_class": "shared_vulnerability"} for r in shared.records()]
    rows += [{**r, "pair_class": f"substitution_{r['direction']}"} for r in substitution.records()]
    pair = inputs.products
    comp = pair.filter(pc.equal(pair["pair_class"], "complementary")) if pair.num_rows else pair
    rows += [r for r in comp.to_pylist()]
    return pa.Table.from_pylist([{k: r.get(k) for k in PRODUCT_SCHEMA.names} for r in rows], schema=PRODUCT_SCHEMA)


def match_rows(inputs: Inputs, products: pa.Table) -> tuple[list[dict[str, object]], Statement | None]:
    """The top matches per AI area, or a note saying why there are none."""
    from coopscope.firms.api import match
    from coopscope.sources.firm_tables import FIRMS_TABLE, read_store_firms
    from coopscope.store import Store

    if inputs.store_root is None:
        return [], Statement("No partner firms: the evidence did not come from a store.", {})
    if not Store.open(Path(inputs.store_root)).has_table(FIRMS_TABLE):
        return [], Statement(
            "No partner firms: the store has no firm tables (load them with `coopscope firms load` or "
            "`coopscope synth --firms`).",
            {},
        )
    try:
        data = read_store_firms(Path(inputs.store_root))
        table = match(data, inputs.a, inputs.b, products=products, top=TOP_N, hs_revision=inputs.hs_revision or "HS22")
    except CoopscopeError as exc:
        return [], Statement("No partner firms: the firm matcher stopped ({detail}).", {"detail": exc.message})
    return table.select(list(MATCH_COLUMNS)).to_pylist(), None


def firms_section(inputs: Inputs, shared: Table, substitution: Table) -> Section:
    """Section 6 (module docstring)."""
    rows, problem = match_rows(inputs, evidence_products(inputs, shared, substitution))
    statements = tuple(_area_statement(rows, area) for area in AREA_IDS)
    if problem is not None:
        headline = problem
    else:
        covered = sum(1 for area in AREA_IDS if any(r["area"] == area for r in rows))
        headline = Statement(
            "Candidate partner firms are found in {n} of {n_areas} AI areas.", {"n": covered, "n_areas": len(AREA_IDS)}
        )
    notes = (
        Statement(
            "Firm pairs are ranked by coopscope.firms on product evidence first (a product both firms state, "
            "then a supplier-to-buyer chain), then on product fit, complementarity, scale, technology and "
            "area focus; the reasons list each of them.",
            {},
        ),
    )
    return Section("firms", headline, statements, notes, {"matches": Table.from_records(MATCH_COLUMNS, rows)})


def _area_statement(rows: Sequence[dict[str, object]], area: str) -> Statement:
    best = next((r for r in rows if r["area"] == area), None)
    if best is None:
        return Statement("{area}: no candidate pair of firms.", {"area": area})
    return Statement(
        "{area}: the best match is {name_a} with {name_b} (score {score_index}).",
        {"area": area, "name_a": best["name_a"], "name_b": best["name_b"], "score_index": best["score"]},
    )
