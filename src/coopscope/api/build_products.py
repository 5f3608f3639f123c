"""``product_flows``: the trade flows sorted by product, so that one product's rows are read, not all.

The product page and ``/api/v1/products/{hs6}`` ask for one HS6 code: each importer's suppliers
and the world's exporters over every year. Over the trade files that is a scan of every flow;
this table holds the same rows (columns product, year, importer, exporter, value_usd) one file
per year, sorted by product, importer and exporter and written in row groups of
:data:`ROW_GROUP_ROWS` rows, so a filter on ``product`` reads the one or two row groups whose
min/max statistics hold the code (DuckDB prunes row groups by these statistics).

Built by ``coopscope build`` (group ``products``) year by year and resumable like the other
built tables (:mod:`coopscope.api.build_years`); read through :func:`product_flows`, which falls
back to the trade flows whenever the table is not current (issue 19: never read stale).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import pyarrow.parquet as pq

from coopscope.api.build_years import commit_year, plan_years, spill_into
from coopscope.engine import engine_name
from coopscope.sources.progress import progress
from coopscope.store import Store

if TYPE_CHECKING:
    from coopscope.api.build import _Job

PRODUCT_TABLE = "product_flows"
COLUMNS = ("product", "year", "importer", "exporter", "value_usd")
SORT = ["product", "importer", "exporter"]
ROW_GROUP_ROWS = 16_384


def build_product_flows(job: _Job) -> tuple[int, list[int]]:
    """Write ``product_flows`` year by year; returns its rows and the years computed now."""
    setting = repr((PRODUCT_TABLE, COLUMNS, SORT, ROW_GROUP_ROWS, job.revisions))
    prints = {y: hashlib.sha256(f"{job.inputs[y]}\0{setting}".encode()).hexdigest() for y in job.years}
    plan = plan_years(job.store, [PRODUCT_TABLE], job.years, prints, rebuild=job.rebuild)
    label = f"Sorting flows by product: {len(plan.todo)} of {len(plan.years)} years"
    with progress(label, len(plan.todo), unit="years") as advance:
        for year in plan.todo:
            with job.store.transaction() as tx:
                spill_into(job.con, tx.staging)
                flows = job.store.trade(job.con, years=[year], hs_revision=job.hs_revision, basis=job.basis)
                target = tx.staging / f"{PRODUCT_TABLE}-{year}.parquet"
                write_sorted(job.con, flows.select(*COLUMNS), target)
                commit_year(tx, plan, year, {PRODUCT_TABLE: target}, job.details)
            advance(1)
    return int(job.store.manifest()["tables"][PRODUCT_TABLE]["rows"]), plan.todo


def write_sorted(con: ibis.BaseBackend, rows: ibis.Table, path: Path) -> None:
    """Write ``rows`` sorted by :data:`SORT` to ``path`` in row groups of :data:`ROW_GROUP_ROWS` (zstd).

    DuckDB writes the file itself (``COPY`` keeps the order); other engines go through Arrow.
    The file is written under a temporary name and renamed, so ``path`` is either whole or absent.
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        if engine_name(con) == "duckdb":
            con.to_parquet(rows.order_by(SORT), partial, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        else:
            table = con.to_pyarrow(rows).sort_by([(c, "ascending") for c in SORT])
            pq.write_table(table, partial, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def product_flows_current(store: Store) -> bool:
    """Whether ``product_flows`` is fresh and holds every reconciled year of the store's one HS revision."""
    if not store.has_table(PRODUCT_TABLE):
        return False
    record = store.manifest()["tables"][PRODUCT_TABLE]
    revisions = sorted({s.hs_revision for s in store.sources() if s.basis == "reconciled"})
    return (
        len(revisions) == 1
        and record.get("basis") == "reconciled"
        and record.get("hs_revision") == revisions[0]
        and record.get("years") == store.years(basis="reconciled")
    )


def product_flows(store: Store, con: ibis.BaseBackend) -> ibis.Table:
    """The reconciled flows for one-product queries: ``product_flows`` when current, else the trade files.

    Columns (both ways): product, year, importer, exporter, value_usd. Filter on ``product``.
    """
    if product_flows_current(store):
        return store.table(con, PRODUCT_TABLE)
    return store.trade(con).select(*COLUMNS)
