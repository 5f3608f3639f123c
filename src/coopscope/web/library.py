"""The dashboard's one seam to the library: every number the pages show comes through here.

Each function takes a :class:`~coopscope.web.snapshot.Snapshot` and checked arguments and returns
Arrow tables (sorted) read from the store's built tables or from the library's analyses
(:func:`coopscope.pair.run.analyse_pair`, :func:`coopscope.firms.api.match`). Expensive results
(the pair analysis, firm matches) are cached per snapshot version, so a new build invalidates them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any, TypeVar

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from coopscope.engine import to_arrow
from coopscope.web.snapshot import Snapshot

_T = TypeVar("_T")
FLAG_OF_RULE: dict[str, Callable[[ir.Table], ir.BooleanValue]] = {
    "eu2021": lambda t: t.eu2021.fill_null(False),
    "geodep": lambda t: t.geodep.fill_null(False),
    "kita": lambda t: t.kita_band.notnull(),
    "kiet": lambda t: t.kiet_class.notnull(),
}
PRODUCT_COLUMNS = (
    "year",
    "importer",
    "product",
    "import_value_usd",
    "n_suppliers",
    "top_supplier",
    "top_supplier_share",
    "hhi",
    "group_share",
    "eu2021",
    "geodep",
    "kita_band",
    "kiet_class",
    "mpe_class",
    "tech_class",
    "ai_areas",
)
FLAG_COLUMNS = (
    "year",
    "importer",
    "import_value_usd",
    "top_supplier",
    "top_supplier_share",
    "hhi",
    "group_share",
    "eu2021",
    "eu2021_c1",
    "eu2021_c2",
    "eu2021_c3",
    "geodep",
    "geodep_years_met",
    "geodep_years_observed",
    "kita_band",
    "kita_supplier",
    "kiet_class",
    "kiet_supplier",
)


class Cache:
    """A small thread-safe LRU cache whose keys include the snapshot version."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._busy: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """The cached value of ``key``, made once (concurrent callers of one key wait for the first)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
            lock = self._busy.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._items:
                    return self._items[key]  # type: ignore[no-any-return]
            value = make()
            with self._lock:
                self._items[key] = value
                self._busy.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value


CACHE = Cache()


def store_years(snap: Snapshot) -> list[int]:
    """Years of the store's built dependence table (else of its trade data)."""
    return CACHE.get(("years", snap.root, snap.version), lambda: _years(snap))


def _years(snap: Snapshot) -> list[int]:
    if snap.has_table("dependence"):
        t = snap.built("dependence")
        return sorted(to_arrow(snap.con(), t.select("year").distinct())["year"].to_pylist())
    return snap.years()


def store_products(snap: Snapshot) -> list[str]:
    """Every product code in the store's built dependence table, sorted."""

    def make() -> list[str]:
        t = snap.built("dependence")
        return sorted(to_arrow(snap.con(), t.select("product").distinct())["product"].to_pylist())

    return CACHE.get(("products", snap.root, snap.version), make)


def store_importers(snap: Snapshot) -> list[str]:
    """Every importer (country or bloc) in the built dependence table, sorted."""

    def make() -> list[str]:
        t = snap.built("dependence")
        return sorted(to_arrow(snap.con(), t.select("importer").distinct())["importer"].to_pylist())

    return CACHE.get(("importers", snap.root, snap.version), make)


def built_suppliers(snap: Snapshot) -> tuple[str, ...]:
    """The supplier group the built dependence table's ``group_share`` was computed for."""
    record = snap.manifest()["tables"].get("dependence", {})
    return tuple(record.get("suppliers", ()))


def dependence_filtered(
    snap: Snapshot,
    *,
    importers: Sequence[str],
    years: Sequence[int],
    suppliers: Sequence[str],
    mpe_class: str | None = None,
    area: str | None = None,
    tech_class: str | None = None,
    products: Sequence[str] | None = None,
) -> ir.Table:
    """Lazy rows of the built dependence table for the importers and years, with the filters applied.

    Output columns: PRODUCT_COLUMNS (``group_share`` recomputed from the flows when ``suppliers`` is
    not the group the table was built for). ``products`` keeps only those codes.
    """
    t = importer_rows(snap, importers)
    t = t.filter(t.importer.isin(list(importers)), t.year.isin(list(years)))
    if mpe_class:
        t = t.filter(t.mpe_class == mpe_class)
    if tech_class:
        t = t.filter(t.tech_class == tech_class)
    if area:
        t = t.filter(t.ai_areas.fill_null("").contains(area))
    if products is not None:
        t = t.filter(t.product.isin(list(products)))
    if tuple(suppliers) != built_suppliers(snap):
        t = _regrouped(snap, t, importers, years, suppliers)
    return t.select(*PRODUCT_COLUMNS)


def _regrouped(
    snap: Snapshot, t: ir.Table, importers: Sequence[str], years: Sequence[int], suppliers: Sequence[str]
) -> ir.Table:
    """``t`` with ``group_share`` = imports from ``suppliers`` / foreign imports (METHODS.md §3.2)."""
    flows = snap.trade(snap.con(), years=list(years))
    own = flows.filter(
        flows.importer.isin(list(importers)), flows.exporter.isin(list(suppliers)), flows.exporter != flows.importer
    )
    group = own.group_by(["year", "importer", "product"]).aggregate(group_usd=own.value_usd.sum())
    joined = t.drop("group_share").left_join(group, ["year", "importer", "product"])
    share = (joined.group_usd.fill_null(0.0) / joined.import_value_usd).name("group_share")
    return joined.mutate(group_share=ibis.ifelse(joined.import_value_usd > 0, share, ibis.null("float64")))


def dependent(t: ir.Table, rule: str) -> ir.BooleanValue:
    """Whether a row is flagged as dependent by ``rule`` (any rule for ``all``)."""
    if rule == "all":
        flags = [flag(t) for flag in FLAG_OF_RULE.values()]
        return flags[0] | flags[1] | flags[2] | flags[3]
    return FLAG_OF_RULE[rule](t)


def dependence_trend(t: ir.Table, rules: Sequence[str]) -> ir.Table:
    """Counts and values of dependent products per year, importer and rule.

    Input: rows of :func:`dependence_filtered`. Output: year, importer, rule, n_products, import_value_usd.
    """
    parts = []
    for rule in rules:
        kept = t.filter(FLAG_OF_RULE[rule](t))
        parts.append(
            kept.group_by(["year", "importer"]).aggregate(
                rule=ibis.literal(rule), n_products=kept.product.count(), import_value_usd=kept.import_value_usd.sum()
            )
        )
    return ibis.union(*parts).order_by(["importer", "rule", "year"])


def page_of(snap: Snapshot, t: ir.Table, *, sort: str, descending: bool, offset: int, limit: int) -> pa.Table:
    """One page of ``t`` sorted by ``sort`` (ties by importer, product, year)."""
    key = ibis.desc(sort) if descending else ibis.asc(sort)
    keys = [key, *[k for k in ("importer", "product", "year") if k in t.columns and k != sort]]
    return to_arrow(snap.con(), t.order_by(keys).limit(limit, offset=offset))


def aligned_keys(
    snap: Snapshot, shown: ir.Table, *, sort: str, descending: bool, offset: int, limit: int
) -> tuple[pa.Table, int]:
    """One page of the (product, year) keys of ``shown`` for two importers side by side, and their count.

    A key ranks by the better of its importers' values of ``sort`` (the larger when ``descending``),
    ties by product and year. Output columns: product, year.
    """
    column = shown[sort].cast("int8") if shown[sort].type().is_boolean() else shown[sort]
    keys = shown.group_by(["product", "year"]).aggregate(k=column.max() if descending else column.min())
    order = [ibis.desc("k") if descending else ibis.asc("k"), "product", "year"]
    page = to_arrow(snap.con(), keys.order_by(order).limit(limit, offset=offset).select("product", "year"))
    return page, count_rows(snap, keys)


def rows_of_keys(snap: Snapshot, rows: ir.Table, keys: pa.Table) -> dict[tuple[str, str, int], dict[str, Any]]:
    """The rows of ``rows`` at the (product, year) ``keys``, by (importer, product, year)."""
    if keys.num_rows == 0:
        return {}
    wanted = set(zip(keys["product"].to_pylist(), keys["year"].to_pylist(), strict=True))
    t = rows.filter(rows.product.isin(sorted({p for p, _ in wanted})), rows.year.isin(sorted({y for _, y in wanted})))
    found = to_arrow(snap.con(), t).to_pylist()
    return {(r["importer"], r["product"], r["year"]): r for r in found if (r["product"], r["year"]) in wanted}


def count_rows(snap: Snapshot, t: ir.Table) -> int:
    """Number of rows of a lazy table."""
    return int(snap.con().execute(t.count()))


def sparklines(snap: Snapshot, keys: pa.Table) -> dict[tuple[str, str], list[float | None]]:
    """Import value by year (every year of the store) per (importer, product) in ``keys``."""
    years = store_years(snap)
    if keys.num_rows == 0:
        return {}
    t = importer_rows(snap, keys["importer"].to_pylist())
    t = t.filter(t.importer.isin(keys["importer"].to_pylist()), t.product.isin(keys["product"].to_pylist()))
    rows = to_arrow(snap.con(), t.select("importer", "product", "year", "import_value_usd")).to_pylist()
    found = {(r["importer"], r["product"], r["year"]): r["import_value_usd"] for r in rows}
    pairs = set(zip(keys["importer"].to_pylist(), keys["product"].to_pylist(), strict=True))
    return {(i, p): [found.get((i, p, y)) for y in years] for i, p in pairs}


IMPORTER_ROWS = Cache(size=8)  # one importer's rows: ~54 k rows, ~15 MB on a full-scale 10-year store


def importer_rows(snap: Snapshot, importers: Sequence[str]) -> ir.Table:
    """The built dependence rows (every year, every column) of ``importers``, held in memory per snapshot.

    The explorer runs several queries per request (page, count, trend, sparklines) on one or two
    importers; the built table is not ordered by importer, so each would scan it all. The rows of
    an importer are read once per snapshot version (a new build reads them again) and kept in a
    small LRU of :data:`IMPORTER_ROWS`. Same rows as filtering the built table on ``importer``.
    """

    def one(importer: str) -> pa.Table:
        t = snap.built("dependence")
        return to_arrow(snap.con(), t.filter(t.importer == importer))

    wanted = sorted(set(importers))
    parts = [IMPORTER_ROWS.get(("importer_rows", snap.root, snap.version, i), partial(one, i)) for i in wanted]
    return ibis.memtable(pa.concat_tables(parts) if parts else one(""))


def arrow(snap: Snapshot, t: ir.Table) -> pa.Table:
    """Run a lazy table on the snapshot's connection."""
    return to_arrow(snap.con(), t)
