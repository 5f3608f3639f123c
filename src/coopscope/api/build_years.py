"""Year-by-year commits of built tables and the fingerprints that let a rerun resume.

A built table's manifest record lists its files in year order with ``years`` (the same order)
and ``year_inputs`` (year → fingerprint of what that year was built from). After each year the
table is committed again with every valid year so far: the earlier years' files are hard-linked
into the transaction's staging folder and published with the new one, so the store is readable
after every commit and a killed build loses only the year in progress.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis

from coopscope import __version__
from coopscope.engine import engine_name
from coopscope.store import Store, Transaction


@dataclass(frozen=True)
class YearPlan:
    """The years of a build: each one's fingerprint, those kept from the last build and those to do."""

    tables: list[str]
    years: list[int]
    fingerprints: dict[int, str]
    kept: list[int]
    todo: list[int]

    def committed_file(self, store: Store, table: str, year: int) -> Path:
        """The committed file of ``year`` in ``table`` (kept or built earlier in this run)."""
        valid = valid_years(store.manifest()["tables"].get(table, {}), self.fingerprints)
        return store.root / valid[year]


def trade_fingerprints(
    store: Store, years: list[int], hs_revision: str | None, basis: str = "reconciled"
) -> dict[int, str]:
    """Per year, a SHA-256 over the checksum of each source holding the year and its file names.

    Re-ingesting a year (new files) or replacing its source changes the year's fingerprint.
    """
    prints = {}
    wanted = {
        str(p.relative_to(store.root)) for p in store.trade_files(years=years, hs_revision=hs_revision, basis=basis)
    }
    for year in years:
        digest = hashlib.sha256(f"{__version__}\0{year}".encode())
        for source in sorted(store.sources(), key=lambda s: s.sha256):
            for name in sorted(f for f in source.files if f in wanted and f"year={year}" in Path(f).parts):
                digest.update(f"\0{source.sha256}\0{name}".encode())
        prints[year] = digest.hexdigest()
    return prints


def valid_years(record: dict[str, Any], fingerprints: dict[int, str]) -> dict[int, str]:
    """Year → file (relative to the store) of the years in ``record`` built from the same inputs."""
    years, files, inputs = record.get("years", []), record.get("files", []), record.get("year_inputs", {})
    if len(years) != len(files):  # a table built before years were recorded: nothing is kept
        return {}
    return {int(y): f for y, f in zip(years, files, strict=True) if inputs.get(str(y)) == fingerprints.get(int(y))}


def plan_years(
    store: Store, tables: list[str], years: list[int], fingerprints: dict[int, str], *, rebuild: bool = False
) -> YearPlan:
    """Which years every one of ``tables`` already holds from the same inputs (kept), and the rest.

    ``rebuild`` keeps nothing.
    """
    records = store.manifest()["tables"]
    kept = set() if rebuild else set(years)
    for name in tables:
        kept &= set(valid_years(records.get(name, {}), fingerprints))
    todo = [y for y in years if y not in kept]
    return YearPlan(tables, list(years), dict(fingerprints), sorted(kept), todo)


def commit_year(tx: Transaction, plan: YearPlan, year: int, staged: dict[str, Path], details: dict[str, Any]) -> None:
    """Publish each table in ``staged`` with its valid earlier years and ``year``'s new file."""
    store = tx.store
    for name, new_file in staged.items():
        valid = valid_years(store.manifest()["tables"].get(name, {}), plan.fingerprints)
        files = {y: store.root / f for y, f in valid.items() if y in plan.years and y != year}
        order = sorted([*files, year])
        parts = [new_file if y == year else _link(files[y], tx.staging / f"{name}-{y}.parquet") for y in order]
        record = {"years": order, "year_inputs": {str(y): plan.fingerprints[y] for y in order}}
        tx.commit_table_parts(name, parts, details={**details, **record}, from_trade=True)


def _link(source: Path, target: Path) -> Path:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)
    return target


def spill_into(con: ibis.BaseBackend, folder: Path) -> None:
    """Let DuckDB spill what does not fit in its memory limit into ``folder`` (staging)."""
    if engine_name(con) == "duckdb":
        spill = folder / "duckdb-spill"
        spill.mkdir(parents=True, exist_ok=True)
        con.con.execute("SET temp_directory = ?", [str(spill)])  # type: ignore[attr-defined]
