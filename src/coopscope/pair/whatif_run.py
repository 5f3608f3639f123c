"""Run the supplier-loss what-if on a store (the edge between store and the :mod:`indicators.whatif` kernels).

:func:`whatif` is the library call the CLI (``coopscope whatif``) and ``coopscope.api`` expose.
Definitions: METHODS.md §B2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import to_iso3
from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.errors import OptionError, StoreError
from coopscope.indicators import whatif as w
from coopscope.pair.analysis import load_lenses
from coopscope.pair.indicators import group_map
from coopscope.store import Store


@dataclass(frozen=True)
class WhatIfResult:
    """Materialised tables of one what-if (pyarrow, sorted).

    ``products``: :func:`indicators.whatif.net_exposure` columns + description, mpe_class, ai_areas,
    sorted by importer then net_exposed_usd descending. ``alternatives``: the first
    ``top_alternatives`` per importer and product (:func:`indicators.whatif.alternatives` columns).
    ``totals``: :func:`indicators.whatif.exposure_totals` per group. ``shared``: for two importers,
    :func:`indicators.whatif.shared_exposure`, else None.
    """

    importers: tuple[str, ...]
    suppliers: tuple[str, ...]
    year: int
    rule: w.CoverRule
    products: pa.Table
    alternatives: pa.Table
    totals: pa.Table
    shared: pa.Table | None
    synthetic: bool
    notes: tuple[str, ...] = ()


def whatif(
    store: Store | Path | str,
    *,
    importers: Sequence[str],
    suppliers: Sequence[str],
    year: int | None = None,
    partner: str | None = None,
    product_class: str | None = None,
    area: str | None = None,
    rule: w.CoverRule | None = None,
    top_alternatives: int = 5,
    engine: str = "duckdb",
    con: ibis.BaseBackend | None = None,
    to: str | None = None,
) -> WhatIfResult:
    """What ``importers`` (one or two) would lose if every one of ``suppliers`` stopped, in ``year``.

    With two importers each is the other's partner (named first among alternatives); with one,
    ``partner`` names it. ``product_class`` (materials, parts, equipment, consumer) and ``area``
    (an AI area) keep those products only. ``rule``: the cover rule (default 10 % of RCA ≥ 1
    exporters' third-country exports). ``year`` defaults to the latest of the store.
    """
    store = store if isinstance(store, Store) else Store.open(store)
    imp, sup, year = _check(store, importers, suppliers, year)
    rule = rule or w.CoverRule()
    con = con or connect(engine)
    flows = w.year_flows(store.trade(con, years=[year], to=to), year)
    lenses = load_lenses(to or (store.revisions()[0] if store.revisions() else None))
    groups = _groups(con, lenses, product_class, area)
    exposed = _filtered(w.exposure(flows, importers=imp, suppliers=sup), groups, product_class, area)
    exposed = from_arrow(con, to_arrow(con, exposed))
    partners = {imp[0]: imp[1], imp[1]: imp[0]} if len(imp) == 2 else {imp[0]: partner and partner.upper()}
    alt = _union([w.alternatives(flows, exposed.filter(exposed.importer == i), suppliers=sup, partner=p)
                  for i, p in partners.items()])  # fmt: skip
    alt = from_arrow(con, to_arrow(con, alt))
    net = from_arrow(con, to_arrow(con, w.net_exposure(exposed, alt, rule)))
    shared = w.shared_exposure(flows, net, importers=imp, suppliers=sup, rule=rule) if len(imp) == 2 else None
    return WhatIfResult(
        importers=imp, suppliers=sup, year=year, rule=rule,
        products=_sort(_with_lenses(to_arrow(con, net), lenses), [("importer", "ascending"),
                                                                  ("net_exposed_usd", "descending")]),
        alternatives=_sort(to_arrow(con, alt.filter(alt["rank"] <= top_alternatives)),
                           [("importer", "ascending"), ("product", "ascending"), ("rank", "ascending")]),
        totals=_sort(to_arrow(con, w.exposure_totals(net, groups)),
                     [("importer", "ascending"), ("group", "ascending")]),
        shared=None if shared is None else _sort(to_arrow(con, shared), [("joint_net_exposed_usd", "descending")]),
        synthetic=store.is_synthetic(),
        notes=_notes(lenses, rule, selected=bool(product_class or area)),
    )  # fmt: skip


def _check(
    store: Store, importers: Sequence[str], suppliers: Sequence[str], year: int | None
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    imp = tuple(dict.fromkeys(c.strip().upper() for c in importers if c.strip()))
    sup = tuple(dict.fromkeys(c.strip().upper() for c in suppliers if c.strip()))
    if not 1 <= len(imp) <= 2:
        raise OptionError(f"importers: {len(imp)} given.", "name one importer, or two to see what they share.")
    if not sup or set(imp) & set(sup):
        raise OptionError("suppliers: none given, or an importer among them.", "e.g. --supplier JPN,USA.")
    to_iso3([*imp, *sup], style="iso3", source="what-if countries")
    years = store.years()
    chosen = int(year) if year is not None else (years[-1] if years else 0)
    if chosen not in years:
        raise StoreError(f"{store.root}: no trade data for {chosen}.", f"years present: {years or 'none'}.")
    return imp, sup, chosen


def _groups(con: ibis.BaseBackend, lenses: pa.Table, product_class: str | None, area: str | None) -> ir.Table | None:
    """The (product, group) table, after checking that --class and --area name known groups."""
    table = group_map(lenses) if lenses.num_rows else None
    known = set() if table is None else set(table["group"].to_pylist())
    for prefix, value, option in (("mpe:", product_class, "class"), ("ai:", area, "area")):
        if value and prefix + value not in known:
            names = sorted(g.removeprefix(prefix) for g in known if g.startswith(prefix))
            raise OptionError(f"--{option}: '{value}' is not known here.", f"use one of {', '.join(names) or 'none'}.")
    return None if table is None else from_arrow(con, table)


def _filtered(exposed: ir.Table, groups: ir.Table | None, product_class: str | None, area: str | None) -> ir.Table:
    for prefix, value in (("mpe:", product_class), ("ai:", area)):
        if not value:
            continue
        assert groups is not None  # checked by _groups
        chosen = groups.filter(groups.group == prefix + value).select("product")
        exposed = exposed.semi_join(chosen, "product")
    return exposed


def _union(parts: list[ir.Table]) -> ir.Table:
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


def _with_lenses(table: pa.Table, lenses: pa.Table) -> pa.Table:
    lens = lenses.select(["product", "description", "mpe_class", "ai_areas"])
    return table.join(lens, "product", join_type="left outer") if lens.num_rows else table


def _sort(table: pa.Table, keys: list[tuple[str, str]]) -> pa.Table:
    return table.take(pc.sort_indices(table, sort_keys=keys))


def _notes(lenses: pa.Table, rule: w.CoverRule, *, selected: bool) -> tuple[str, ...]:
    notes = [
        f"Cover rule: exporters with RCA ≥ {rule.min_rca:g} redirect at most {rule.redirect:.0%} of their "
        "exports to third countries; prices, contracts and lead times are not modelled."
    ]
    if selected:
        notes.append("Only the selected class/area is shown: group 'all' totals those products.")
    if lenses.num_rows == 0:
        notes.append("Product lenses were not available; totals are for all products only.")
    return tuple(notes)
