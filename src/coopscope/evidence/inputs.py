"""Read what the evidence needs from a store, once: the edge between the store and the pure sections.

Everything here runs Ibis expressions on the chosen engine and returns small Arrow tables; the
section builders (:mod:`coopscope.evidence.sections`) are pure functions of :class:`Inputs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import ADVANCED, to_iso3
from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.errors import OptionError, StoreError
from coopscope.evidence.inputs_beyond import BeyondInputs, read_beyond
from coopscope.indicators.dependence_lenses import LENS_COLUMNS
from coopscope.indicators.exact import exact_sum
from coopscope.pair.analysis import load_lenses, order_groups, pair_tables
from coopscope.pair.indicators import group_map, with_groups
from coopscope.pair.params import PairParams
from coopscope.pair.run import pair_dependence
from coopscope.store import Store

RULES = ("eu2021", "geodep", "kita", "kiet")
REGION = ("CHN", "KOR", "JPN", "TWN")
MPE = ("materials", "parts", "equipment")
KEPT_GROUPS = ("all", *(f"mpe:{c}" for c in MPE))
# DuckDB's share of the model's memory (issue 14: a full-scale year within 3 GB); beyond it DuckDB
# spills into the system's temporary folder (the store is read-only to readers)
EVIDENCE_MEMORY_LIMIT = "1500MB"


@dataclass(frozen=True)
class Inputs:
    """What the sections are built from (all Arrow, all small).

    ``dependence``: the dependence table (coopscope.indicators.dependence) of a and b, every year,
    with the lens columns description, mpe_class, tech_class, ai_areas. ``flows``: year, importer,
    exporter, group, import_value_usd — a's and b's imports per supplier and product group
    (``all``, ``mpe:<class>``, ``ai:<area>``). ``pair``: the pair analysis of the latest year
    (its sides and indicators; the method it was run with is not used to decide dependence).
    ``beyond``: the inputs of the what-if, opportunities and robustness sections
    (:class:`~coopscope.evidence.inputs_beyond.BeyondInputs`).
    """

    a: str
    b: str
    years: tuple[int, ...]
    year: int
    suppliers: tuple[str, ...]
    dependence: pa.Table
    flows: pa.Table
    sides: pa.Table
    products: pa.Table
    indicators: pa.Table
    lenses: pa.Table
    manifest: dict[str, Any] = field(default_factory=dict)
    hs_revision: str | None = None
    store_root: Any = None
    notes: tuple[str, ...] = ()
    beyond: BeyondInputs | None = None


def read_inputs(
    store: Store | str | Any,
    a: str,
    b: str,
    *,
    years: Sequence[int] | None = None,
    suppliers: Sequence[str] = ADVANCED,
    engine: str = "duckdb",
    params: PairParams | None = None,
    to: str | None = None,
) -> Inputs:
    """Read the inputs of the evidence on ``a`` and ``b`` from ``store`` (see :class:`Inputs`)."""
    store = store if isinstance(store, Store) else Store.open(store)
    a, b = a.strip().upper(), b.strip().upper()
    chosen = _years(store, years)
    codes = tuple(s.strip().upper() for s in suppliers)
    con = _connect(engine)
    revision = to or (store.revisions()[0] if store.revisions() else None)
    lenses = load_lenses(revision)
    trade = store.trade(con, to=to)
    trade = trade.filter(trade.year.isin(list(chosen)))
    _check_partners(a, b)
    use_built = to is None or store.revisions() == [to]
    dependence = _dependence(con, store, trade, a, b, codes, chosen, lenses, use_built=use_built)
    pair = _pair(con, trade, dependence, a, b, codes, params or PairParams(method="eu2021"), lenses, chosen[-1])
    flows = _group_flows(con, trade, a, b, lenses)
    beyond = read_beyond(con, store, a=a, b=b, year=chosen[-1], years=chosen, suppliers=codes,
                         dependence=dependence, rules=RULES, to=to)  # fmt: skip
    return Inputs(
        a=a,
        b=b,
        years=chosen,
        year=chosen[-1],
        suppliers=codes,
        dependence=dependence,
        flows=flows,
        sides=pair[0],
        products=pair[1],
        indicators=pair[2],
        lenses=lenses,
        manifest=store.manifest(),
        hs_revision=revision,
        store_root=store.root,
        notes=() if lenses.num_rows else (LENS_NOTE,),
        beyond=beyond,
    )


LENS_NOTE = (
    "Product lenses (materials/parts/equipment, technology, AI areas) were not available; "
    "indicators are shown for all products only."
)


def _connect(engine: str) -> ibis.BaseBackend:
    """The engine's connection; DuckDB capped at :data:`EVIDENCE_MEMORY_LIMIT`, spilling to the temp folder."""
    if engine != "duckdb":
        return connect(engine)
    import tempfile

    spill = Path(tempfile.gettempdir()) / "coopscope-spill"
    return connect(engine, memory_limit=EVIDENCE_MEMORY_LIMIT, temp_directory=spill)


def _check_partners(a: str, b: str) -> None:
    if a == b:
        raise OptionError(f"partners: {a} and {b} are the same country.", "pass two different ISO3 codes.")
    to_iso3([a, b], style="iso3", source="partners")  # an unknown code is an error, not an empty report


def _pair(
    con: ibis.BaseBackend,
    trade: ir.Table,
    dependence: pa.Table,
    a: str,
    b: str,
    suppliers: tuple[str, ...],
    params: PairParams,
    lenses: pa.Table,
    year: int,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The pair tables (coopscope.pair.analysis.pair_tables): sides and products of ``year``, indicators."""

    def keep(table: ir.Table) -> ir.Table:
        return from_arrow(con, to_arrow(con, table))

    dep = from_arrow(con, dependence.drop_columns(["description", *LENS_COLUMNS]))
    tables = pair_tables(con, trade, dep, a=a, b=b, suppliers=suppliers, params=params, lenses=lenses, materialise=keep)
    sides = to_arrow(con, tables.sides.filter(tables.sides.year == year))
    products = to_arrow(con, tables.products.filter(tables.products.year == year))
    return sides, products, order_groups(to_arrow(con, tables.indicators))


def _years(store: Store, years: Sequence[int] | None) -> tuple[int, ...]:
    present = store.years()
    if not present:
        raise StoreError(f"{store.root}: no trade data.", "ingest data first, e.g. `coopscope ingest baci FILE`.")
    if years is None:
        return tuple(present)
    missing = sorted({int(y) for y in years} - set(present))
    if missing:
        raise OptionError(f"years: {missing} are not in the store.", f"years present: {present}.")
    return tuple(sorted({int(y) for y in years}))


def _dependence(
    con: ibis.BaseBackend,
    store: Store,
    trade: ir.Table,
    a: str,
    b: str,
    suppliers: tuple[str, ...],
    years: tuple[int, ...],
    lenses: pa.Table,
    *,
    use_built: bool = True,
) -> pa.Table:
    notes: list[str] = []  # the model states its supplier group itself
    table = pair_dependence(con, store, trade, a=a, b=b, suppliers=suppliers, notes=notes, use_built=use_built)
    table = table.filter(table.year.isin(list(years)))
    rows = to_arrow(con, table.drop(*[c for c in LENS_COLUMNS if c in table.columns]))
    return _join_lenses(rows, lenses)


def _join_lenses(rows: pa.Table, lenses: pa.Table) -> pa.Table:
    if lenses.num_rows == 0:
        empty = {c: pa.nulls(rows.num_rows, pa.string()) for c in ("description", *LENS_COLUMNS)}
        return pa.table({**{c: rows[c] for c in rows.column_names}, **empty})
    return rows.join(lenses, "product", join_type="left outer").sort_by(
        [("year", "ascending"), ("importer", "ascending"), ("product", "ascending")]
    )


def _group_flows(con: ibis.BaseBackend, trade: ir.Table, a: str, b: str, lenses: pa.Table) -> pa.Table:
    """A's and b's imports per (year, importer, exporter, group); groups all, mpe:<class>, ai:<area>."""
    rows = trade.filter(trade.importer.isin([a, b]) & (trade.exporter != trade.importer) & (trade.value_usd > 0))
    rows = rows.select("year", "importer", "exporter", "product", "value_usd")
    groups = None
    if lenses.num_rows:
        gm = group_map(lenses)
        keep = pc.or_(pc.is_in(gm["group"], pa.array(KEPT_GROUPS)), pc.starts_with(gm["group"], "ai:"))
        groups = from_arrow(con, gm.filter(keep))
    grouped = with_groups(rows, groups)
    out = grouped.group_by(["year", "importer", "exporter", "group"]).aggregate(
        import_value_usd=exact_sum(grouped.value_usd)
    )
    return to_arrow(con, out).sort_by([("year", "ascending"), ("importer", "ascending"), ("group", "ascending")])
