"""BACI ingest on a Spark cluster: one task per yearly file, the same reader and checks as on one machine.

The release and the store must be on a path every worker sees (a shared or network file system).
Each task opens the release itself, reads its year with :func:`coopscope.sources.baci.read_baci_csv`
(the same checks, and errors that name the same file, line and column) and writes that year's
Parquet part into the transaction's staging folder inside the store. The driver waits for every
year, then publishes the source with one manifest swap (:meth:`Transaction.adopt_year`,
:meth:`Transaction.commit_source`); if any year fails, nothing reaches the store and the first
error in year order is raised. Years run as concurrent Spark jobs, as many at once as the
cluster has cores, and the progress bar counts years done.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopscope.errors import CoopscopeError, InputError
from coopscope.sources.progress import progress


@dataclass(frozen=True)
class YearTask:
    """What a Spark task needs to ingest one year (all plain values: it is pickled to the worker)."""

    release: str
    year: int
    revision: str
    unknown_countries: str
    part: str


@dataclass(frozen=True)
class YearDone:
    """A task's answer: the rows and value total written, the unknown codes kept, or the error."""

    year: int
    rows: int = 0
    value_total: float = 0.0
    kept: tuple[str, ...] = ()
    error: tuple[str, str, str] | None = None  # (error class name, message, hint)


def convert_year(task: YearTask) -> YearDone:
    """Read one year of the release and write its canonical Parquet part (runs on a worker)."""
    from coopscope.sources import baci
    from coopscope.sources.baci_files import find_release
    from coopscope.sources.baci_tables import load_country_table, product_codes
    from coopscope.sources.baci_values import Codebook

    os.environ["COOPSCOPE_PROGRESS"] = "off"  # a worker has no terminal; the driver counts years
    try:
        release = find_release(Path(task.release))
        member = dict(release.years)[task.year]
        book = Codebook.build(
            load_country_table(release.countries), product_codes(release.products, task.revision), task.revision
        )
        kept: set[str] = set()
        try:
            batches = baci.read_baci_csv(member, book, task.unknown_countries, kept, task.year, typed=True)
            rows, total = _write_part(batches, task.part)
        except baci.FastPathFailed:  # a value the typed reader could not parse: the text reader names it
            batches = baci.read_baci_csv(member, book, task.unknown_countries, kept, task.year)
            rows, total = _write_part(batches, task.part)
        return YearDone(task.year, rows, total, tuple(sorted(kept)))
    except CoopscopeError as exc:
        return YearDone(task.year, error=(type(exc).__name__, exc.message, exc.hint))


def _write_part(batches: Any, part: str) -> tuple[int, float]:
    import pyarrow.compute as pc

    from coopscope.store_tx import stored_trade_batch, trade_part_writer

    rows, total = 0, 0.0
    with trade_part_writer(Path(part)) as writer:
        for batch in batches:
            stored = stored_trade_batch(batch)
            writer.write_table(stored)
            rows += stored.num_rows
            total += float(pc.sum(stored["value_usd"]).as_py() or 0.0)
    return rows, total


def run_years(session: Any, tasks: list[YearTask]) -> list[YearDone]:
    """Run one Spark job per year, as many at once as the cluster has cores; answers in year order."""
    context = session.sparkContext
    slots = max(1, min(len(tasks), int(context.defaultParallelism)))

    def one(task: YearTask) -> YearDone:
        context.setJobDescription(f"coopscope ingest {task.year}")
        try:
            answer: list[YearDone] = context.parallelize([task], 1).map(convert_year).collect()
        except Exception as exc:  # a worker died or could not reach the files: one line, not a JVM trace
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            hint = "every worker must see the release and the store at the same path, with coopscope installed."
            return YearDone(task.year, error=("StoreError", f"Spark could not ingest {task.year}: {reason}", hint))
        return answer[0]

    done: list[YearDone] = []
    with progress("Ingesting years on Spark", len(tasks), unit="years") as advance, ThreadPoolExecutor(slots) as pool:
        for answer in pool.map(one, tasks):
            done.append(answer)
            advance(1)
    return done


def raise_first_error(done: list[YearDone]) -> None:
    """Raise the first failed year's error as the one-line error it was on the worker."""
    from coopscope import errors

    for answer in done:
        if answer.error is not None:
            kind, message, hint = answer.error
            error_class = getattr(errors, kind, InputError)
            raise error_class(message, hint) if issubclass(error_class, CoopscopeError) else InputError(message, hint)
