"""``coopscope build``: compute the analysis tables of a store for every year and save them in it.

Tables written (``groups`` chooses the dependence or the complexity tables, both by default):

* ``dependence`` — as :func:`coopscope.indicators.dependence.build_dependence`, every importer,
  product and year, with the named methods' flags and the criteria behind them;
* ``complexity_cells``, ``complexity_countries``, ``complexity_products`` —
  :func:`coopscope.indicators.complexity.compute_complexity` per year (Stata ``ecomplexity``
  semantics) on the exports of every country;
* ``product_flows`` — the trade flows sorted by product for the product page and API
  (:mod:`coopscope.api.build_products`).

Each table holds one Parquet file per year and is committed after every year, so an
interruption loses at most the years in progress. Complexity years are computed in a worker
thread beside the dependence table (and two at a time after it), committed by the caller.

The table's manifest record keeps, per year, a fingerprint of what the year was built from
(``year_inputs``: the trade files of the years it reads, the years present, the method settings
and coopscope's version); a rerun keeps every year whose fingerprint is unchanged and builds the
others (:mod:`coopscope.api.build_years`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.api.build_products import build_product_flows
from coopscope.api.build_years import YearPlan, commit_year, plan_years, spill_into, trade_fingerprints
from coopscope.engine import connect, from_arrow, read_parquet, write_parquet
from coopscope.errors import OptionError, StoreError
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.dependence import (
    ADVANCED_SUPPLIERS,
    DependenceMethods,
    apply_methods,
    dependence_indicators,
    load_methods,
    order_columns,
)
from coopscope.indicators.dependence_flags import earlier_years_met
from coopscope.indicators.dependence_lenses import join_lenses, load_lens_table
from coopscope.options import check_option
from coopscope.sources.progress import progress
from coopscope.store import Store

BLOCS = ("EU27",)  # stored beside the countries: the EU method is defined for the bloc
TABLES = ("dependence", "complexity_cells", "complexity_countries", "complexity_products", "product_flows")
COMPLEXITY_TABLES = TABLES[1:4]
TABLE_GROUPS = ("dependence", "complexity", "products")
GROUPS = (*TABLE_GROUPS, "evidence")  # evidence: the default pair's model, kept (coopscope.api.cooperation)
BuildGroup = Literal["dependence", "complexity", "products", "evidence"]


@dataclass(frozen=True)
class BuildReport:
    """Rows written per table, the years covered, the years rebuilt and whether inputs were synthetic."""

    rows: dict[str, int]
    years: list[int]
    hs_revision: str | None
    synthetic: bool
    built: dict[str, list[int]] | None = None


def build_store(
    store_dir: Path | str,
    *,
    engine: str = "duckdb",
    hs_revision: str | None = None,
    con: ibis.BaseBackend | None = None,
    groups: Sequence[str] | str = TABLE_GROUPS,
    memory_limit: str | None = None,
    basis: str = "reconciled",
    rebuild: bool = False,
) -> BuildReport:
    """Build the analysis tables of the store at ``store_dir`` (see the module docstring).

    ``groups``: ``dependence``, ``complexity`` and/or ``products`` (default all three), and ``evidence`` (the evidence
    model of KOR–CHN kept in the store for the dashboard and ``coopscope.api.cooperation``; on the
    reconciled basis only); the tables of a group not built are left as they are.
    ``hs_revision`` builds the years that revision covers; ``basis`` the data basis read
    (reconciled, reported_imports or mirror_exports; recorded with the tables).
    ``memory_limit`` (e.g. ``"3GB"``) caps DuckDB, which spills what does not fit into the
    store's staging folder (default: DuckDB's own limit, 80 % of RAM).

    Memory stays that of one year's flows however many years the store holds: each year's
    dependence indicators, flags and lenses are one query written as Parquet, the GeoDep window
    counting the years met in the earlier years' files. Years whose inputs are unchanged since
    the last build are kept (``BuildReport.built`` lists the years computed now); ``rebuild``
    computes every year again.
    """
    chosen = _check_groups(groups)
    store = Store.open(store_dir)
    years = _years(store, hs_revision, basis)
    revisions = [hs_revision] if hs_revision else store.revisions()
    details = {
        "synthetic": store.is_synthetic(),
        "hs_revision": hs_revision or ",".join(store.revisions()),
        "suppliers": list(ADVANCED_SUPPLIERS),
        "blocs": list(BLOCS),
        "basis": basis,
    }
    con = con or connect(engine, memory_limit=memory_limit)
    inputs = trade_fingerprints(store, years, hs_revision, basis)
    job = _Job(con, store, years, hs_revision, inputs, revisions, details, basis, rebuild)
    rows: dict[str, int] = {}
    built: dict[str, list[int]] = {}
    with _Alongside(job, active="complexity" in chosen) as alongside:
        if "dependence" in chosen:
            rows["dependence"], built["dependence"] = _dependence(job, between=alongside.step)
        if "complexity" in chosen:
            counts, built["complexity"] = _complexity(job, alongside)
            rows |= counts
    if "products" in chosen:
        rows["product_flows"], built["products"] = build_product_flows(job)
    if "evidence" in chosen and basis == "reconciled":
        rows["evidence"] = _evidence(store, engine)
    return BuildReport(rows, years, hs_revision, store.is_synthetic(), built)


@dataclass(frozen=True)
class _Job:
    con: ibis.BaseBackend
    store: Store
    years: list[int]
    hs_revision: str | None
    inputs: dict[int, str]  # year -> fingerprint of its trade files
    revisions: list[str]
    details: dict[str, object]
    basis: str
    rebuild: bool


def _evidence(store: Store, engine: str) -> int:
    """Keep the default pair's evidence model in the store (:func:`coopscope.api.cooperation.keep_cooperation`)."""
    from coopscope.api.cooperation import keep_cooperation

    result = keep_cooperation(store.root, engine=engine)  # type: ignore[arg-type]
    return sum(1 for s in result.table["status"].to_pylist() if s != "skipped")


def _years(store: Store, hs_revision: str | None, basis: str) -> list[int]:
    years = store.years(hs_revision=hs_revision, basis=basis)
    if not years:
        which = f" of {hs_revision}" if hs_revision else ""
        present = ", ".join(store.revisions()) or "none"
        raise StoreError(
            f"{store.root}: holds no trade flows{which} to build from.",
            f"ingest a source first (coopscope ingest); revisions in the store: {present}.",
        )
    return years


def _check_groups(groups: Sequence[str] | str) -> list[str]:
    chosen = [groups] if isinstance(groups, str) else list(groups)
    if not chosen:
        raise OptionError("build: no table group given.", f"choose one or more of {', '.join(GROUPS)}.")
    for group in chosen:
        check_option("groups", group, BuildGroup)
    return chosen


def _complexity(job: _Job, alongside: _Alongside) -> tuple[dict[str, int], list[int]]:
    """The three complexity tables, one file each per year, committed year by year.

    Years already computed and committed alongside the dependence table are only counted.
    """
    plan = alongside.plan
    with progress(_label("Computing complexity", plan), len(plan.todo), unit="years") as advance:
        for year in plan.todo:
            if year not in alongside.committed:
                _commit_complexity(job, plan, year, alongside.result(year))
            advance(1)
    return {name: _rows(job.store, name) for name in COMPLEXITY_TABLES}, plan.todo


def _exports(job: _Job, year: int) -> pa.Table:
    """One year's exports by country and product, read through the job's engine (its own thread)."""
    trade = job.store.trade(job.con, years=[year], hs_revision=job.hs_revision, basis=job.basis)
    return job.con.to_pyarrow(exports_by_country(trade))


def _complexity_files(exports: pa.Table) -> dict[str, pa.Buffer]:
    """One year's three complexity tables, each as the bytes of a zstd-compressed Parquet file."""
    result = compute_complexity(exports)
    files = {}
    for name, table in zip(COMPLEXITY_TABLES, (result.cells, result.countries, result.products), strict=True):
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        files[name] = sink.getvalue()
    return files


def _commit_complexity(job: _Job, plan: YearPlan, year: int, files: dict[str, pa.Buffer]) -> None:
    """Stage and commit one year of the three complexity tables."""
    with job.store.transaction() as tx:
        staged = {}
        for name, data in files.items():
            staged[name] = tx.staging / f"{name}-{year}.parquet"
            with pa.OSFile(str(staged[name]), "wb") as out:
                out.write(data)
        commit_year(tx, plan, year, staged, job.details)


class _Alongside:
    """Complexity years computed in one worker thread, beside the dependence table or another year.

    The complexity of a year is NumPy work and the dependence table's is the engine's, so on two
    cores they overlap. The worker only computes: the engine is queried and the store written by
    the calling thread, between dependence years (:meth:`step`), so one transaction at a time
    holds the store. At most one year is computed ahead; after the dependence table, the worker
    computes the next year while the calling thread computes one; each uses one BLAS thread
    (:mod:`coopscope.indicators.complexity_threads`). ``active=False`` (no complexity to build)
    starts no worker.
    """

    def __init__(self, job: _Job, *, active: bool) -> None:
        self.job, self.active = job, active
        self.plan = plan_years(job.store, list(COMPLEXITY_TABLES), job.years, job.inputs, rebuild=job.rebuild)
        self.waiting, self.committed = list(self.plan.todo), set[int]()
        self.running: tuple[int, Future[dict[str, pa.Buffer]]] | None = None
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coopscope-complexity") if active else None

    def __enter__(self) -> _Alongside:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def step(self) -> None:
        """Commit the year the worker finished, if any, and hand it the next one."""
        if self.pool is None:
            return
        if self.running is not None and self.running[1].done():
            year, future = self.running
            self.running = None
            _commit_complexity(self.job, self.plan, year, future.result())
            self.committed.add(year)
        if self.running is None and self.waiting:
            year = self.waiting.pop(0)
            self.running = (year, self.pool.submit(_complexity_files, _exports(self.job, year)))

    def result(self, year: int) -> dict[str, pa.Buffer]:
        """The complexity of ``year``: the worker's when it has it, else computed now.

        While this thread computes ``year`` the worker starts on the next year waiting, so the
        complexity years left after the dependence table take both cores.
        """
        if self.running is not None and self.running[0] == year:
            future, self.running = self.running[1], None
            return future.result()
        if year in self.waiting:
            self.waiting.remove(year)
        exports = _exports(self.job, year)
        if self.pool is not None and self.running is None and self.waiting:
            later = self.waiting.pop(0)
            self.running = (later, self.pool.submit(_complexity_files, _exports(self.job, later)))
        return _complexity_files(exports)


def _dependence(job: _Job, between: Callable[[], None] = lambda: None) -> tuple[int, list[int]]:
    """The dependence table, one file per year in order, committed year by year.

    Each year's GeoDep window counts the years met in the files of the earlier years of its
    window, so a year's fingerprint covers the trade files of its whole window. ``between`` is
    called before each year and after the last (it commits complexity years computed meanwhile).
    """
    methods = load_methods()
    setting = repr((methods, ADVANCED_SUPPLIERS, BLOCS, job.revisions))
    prints = {y: _window_print(job.inputs, y, methods.geodep.window_years, setting) for y in job.years}
    plan = plan_years(job.store, ["dependence"], job.years, prints, rebuild=job.rebuild)
    lenses = load_lens_table(job.con, job.revisions)
    with progress(_label("Building dependence", plan), len(plan.todo), unit="years") as advance:
        for year in plan.todo:
            between()
            with job.store.transaction() as tx:
                spill_into(job.con, tx.staging)
                target = tx.staging / f"dependence-{year}.parquet"
                write_parquet(job.con, _dependence_year(job, year, methods, plan, lenses), target)
                commit_year(tx, plan, year, {"dependence": target}, job.details)
            advance(1)
        between()
    return _rows(job.store, "dependence"), plan.todo


def _dependence_year(
    job: _Job, year: int, methods: DependenceMethods, plan: YearPlan, lenses: ibis.Table | None
) -> ibis.Table:
    """The lazy query of one year's dependence table (indicators, flags, lenses)."""
    window, con = methods.geodep.window_years, job.con
    flows = job.store.trade(con, years=[year], hs_revision=job.hs_revision, basis=job.basis)
    indicators = dependence_indicators(flows, suppliers=ADVANCED_SUPPLIERS, blocs=BLOCS)
    earlier = [plan.committed_file(job.store, "dependence", y) for y in job.years if year - window < y < year]
    met = earlier_years_met(read_parquet(con, earlier), year, window) if earlier else _none_met(con, year)
    flagged = apply_methods(indicators, methods, years_present=job.years, earlier_met=met)
    return order_columns(join_lenses(con, flagged, job.revisions, loaded=lenses))


def _window_print(inputs: dict[int, str], year: int, window: int, setting: str) -> str:
    inside = sorted(y for y in inputs if year - window < y <= year)
    text = repr((year, setting, [(y, inputs[y]) for y in inside]))
    return hashlib.sha256(text.encode()).hexdigest()


def _label(what: str, plan: YearPlan) -> str:
    kept = len(plan.kept)
    return f"{what}: {len(plan.todo)} of {len(plan.years)} years" + (f" ({kept} unchanged, kept)" if kept else "")


def _rows(store: Store, name: str) -> int:
    return int(store.manifest()["tables"][name]["rows"])


def _none_met(con: ibis.BaseBackend, year: int) -> ibis.Table:
    """An empty ``earlier_met`` table for ``year``: no earlier year of its window is in the store."""
    names = ("importer", "product", "hs_revision")
    schema = pa.schema([("year", pa.int64()), *((n, pa.string()) for n in names), ("earlier_years_met", pa.int64())])
    return from_arrow(con, schema.empty_table())
