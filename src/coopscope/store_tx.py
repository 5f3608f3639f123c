"""Staged writes to a locked store (:class:`Transaction`) and what a commit changes in the manifest.

A commit moves its staged files into place and then swaps the manifest. Before moving, it writes
the targets to a journal in its staging folder, so the next writer removes them if this one dies
before the swap. ``replace`` swaps exactly the years of the new source: other years of an older
source stay, its record trimmed to them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from coopscope._version import __version__
from coopscope.errors import StoreError
from coopscope.options import check_bool
from coopscope.schema import STORED_TRADE_SCHEMA, check_finite_values
from coopscope.store_files import MANIFEST, TABLE_NAME, inside, own_folder, remove, write_json_atomic

if TYPE_CHECKING:
    from coopscope.store import Store


@dataclass(frozen=True)
class SourceRecord:
    """One ingested source, as recorded in the manifest."""

    source_id: str
    location: str
    sha256: str
    kind: str
    hs_revision: str
    release: str
    basis: str
    row_count: int
    value_total_usd: float
    synthetic: bool
    years: list[int]
    files: list[str]
    coopscope_version: str
    ingested_at: str
    details: dict[str, Any] = field(default_factory=dict)


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sha256_of_dir(paths: list[Path]) -> str:
    """One SHA-256 over several files (sorted by name), for folder sources."""
    digest = hashlib.sha256()
    for p in sorted(paths, key=lambda q: q.name):
        digest.update(p.name.encode() + b"\0" + sha256_of(p).encode())
    return digest.hexdigest()


def year_of(relative: str) -> int:
    """The year of a trade file from its ``year=NNNN`` folder."""
    part = next(p for p in Path(relative).parts if p.startswith("year="))
    return int(part.split("=", 1)[1])


def overlaps(source: dict[str, Any], years: list[int], hs_revision: str, basis: str) -> bool:
    """Whether a manifest source holds ``basis`` data of ``hs_revision`` for any of ``years``."""
    return source["hs_revision"] == hs_revision and source["basis"] == basis and bool(set(source["years"]) & set(years))


class Transaction:
    """Staged writes to a locked store; :meth:`commit_source` / :meth:`commit_table` publish them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.staging = own_folder(store.root, ".staging") / f"{os.getpid()}-{uuid.uuid4().hex}"
        self.staging.mkdir(parents=True)
        self._writers: dict[int, pq.ParquetWriter] = {}
        self._adopted: set[int] = set()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coopscope-store")
        self._pending: Future[None] | None = None
        self.rows = 0
        self.value_total = 0.0

    def find_source(self, sha256: str) -> SourceRecord | None:
        """The record of an already ingested source with this checksum, if any."""
        return self.store.find_source(sha256)

    def write_trade(self, batch: pa.Table) -> None:
        """Stage canonical trade rows (already checked), split by year.

        Values must be finite (checked again here, whatever the source). Compression and writing
        run on one background thread, overlapping the reading of the next batch; at most one batch
        waits, so memory stays bounded.
        """
        batch = stored_trade_batch(batch)
        self.rows += batch.num_rows
        self.value_total += float(pc.sum(batch["value_usd"]).as_py() or 0.0)
        self._wait()
        self._pending = self._pool.submit(self._write_parts, batch)

    def _write_parts(self, batch: pa.Table) -> None:
        years = pc.unique(batch["year"]).to_pylist()
        for year in years:
            part = batch if len(years) == 1 else batch.filter(pc.equal(batch["year"], year))
            if year not in self._writers:
                self._writers[year] = trade_part_writer(self.year_part(year))
            self._writers[year].write_table(part)

    def year_part(self, year: int) -> Path:
        """Where the staged trade rows of ``year`` go (its folder is created)."""
        path = self.staging / f"year={year}" / "part.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def adopt_year(self, year: int, rows: int, value_total: float) -> None:
        """Take in a year's part written by another process at :meth:`year_part` (e.g. a Spark task).

        The file must be there and hold ``rows`` rows; it is then published like the rows given to
        :meth:`write_trade`.
        """
        path = self.staging / f"year={year}" / "part.parquet"
        if year in self._writers or year in self._adopted:
            raise StoreError(f"year {year} is staged twice.", "a release holds one file per year.")
        if not path.is_file() or pq.ParquetFile(path).metadata.num_rows != rows:
            raise StoreError(f"the staged rows of {year} are missing or incomplete.", "run the ingest again.")
        self._adopted.add(year)
        self.rows += rows
        self.value_total += value_total

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def commit_source(
        self,
        *,
        location: str,
        sha256: str,
        kind: str,
        hs_revision: str,
        release: str = "",
        basis: str = "reconciled",
        synthetic: bool = False,
        details: dict[str, Any] | None = None,
        replace: bool = False,
    ) -> SourceRecord:
        """Publish the staged trade rows as one new source; returns its manifest record.

        With ``replace``, older sources lose exactly the years this one holds (a source left
        with no year is dropped); ``details["replaced"]`` says which years of which source.
        """
        replace = check_bool("replace", replace)
        self._close_writers()
        source_id = sha256[:16]
        years = sorted(set(self._writers) | self._adopted)
        if not math_finite(self.value_total):
            raise StoreError(f"{location}: the values add up to more than a float can hold.", "check the values.")
        if not replace:
            self.store.check_no_overlap(years, hs_revision, basis)
        staged = {f"trade/year={y}/{source_id}.parquet": self.staging / f"year={y}" / "part.parquet" for y in years}
        manifest = self.store.manifest()
        kept, dropped, replaced = trim_sources(self.store.root, manifest["sources"], years, hs_revision, basis, replace)
        extra = {"replaced": replaced} if replaced else {}
        record = SourceRecord(
            source_id, location, sha256, kind, hs_revision, release, basis, self.rows, self.value_total,
            synthetic, years, list(staged), __version__, _now(), {**(details or {}), **extra},
        )  # fmt: skip
        manifest["sources"] = [*kept, asdict(record)]
        self._publish(manifest, staged, dropped)
        return record

    def commit_table(
        self, name: str, table: pa.Table, *, details: dict[str, Any] | None = None, from_trade: bool = False
    ) -> None:
        """Publish a built table (replacing an older table of the same name)."""
        staged = self.staging / f"{name}.parquet"
        pq.write_table(table, staged, compression="zstd")
        self.commit_table_parts(name, [staged], details=details, from_trade=from_trade)

    def commit_table_parts(
        self, name: str, staged: list[Path], *, details: dict[str, Any] | None = None, from_trade: bool = False
    ) -> int:
        """Publish a built table written as Parquet files in :attr:`staging`; returns its row count.

        The files must share one schema (e.g. one per year). Replaces an older table of the name.
        ``from_trade`` records the fingerprint of the trade data it was built from, so a later
        ingest marks it stale (:meth:`Store.table_state`).
        """
        if not TABLE_NAME.match(name):
            raise StoreError(f"table name {name!r}: letters, digits and _ only.", "pick another name.")
        rows = sum(pq.ParquetFile(path).metadata.num_rows for path in staged)
        stem = uuid.uuid4().hex[:12]
        targets = {f"tables/{name}/{stem}-{n}.parquet": path for n, path in enumerate(staged)}
        manifest = self.store.manifest()
        old = manifest["tables"].get(name, {}).get("files", [])
        from coopscope.store import fingerprint

        inputs = {"inputs": fingerprint(manifest)} if from_trade else {}
        manifest["tables"][name] = {
            "files": list(targets),
            "rows": rows,
            "built_at": _now(),
            "coopscope_version": __version__,
            **(details or {}),
            **inputs,
        }
        self._publish(manifest, targets, old)
        return rows

    def _publish(self, manifest: dict[str, Any], staged: dict[str, Path], dropped: list[str]) -> None:
        """Journal the targets, move the staged files in, swap the manifest, retire ``dropped``."""
        from coopscope.store import listed_files, sweep

        root = self.store.root
        before = listed_files(self.store.manifest())
        journal = self.staging / "journal.json"
        journal.write_text(json.dumps(sorted(staged)), encoding="utf-8")
        try:
            for relative, path in staged.items():
                target = inside(root, relative)
                own_folder(root, relative.split("/")[0])
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            listed = listed_files(manifest)
            manifest["retired"] = sorted(set(manifest.get("retired", [])) | set(dropped) - listed)
            write_json_atomic(root / MANIFEST, manifest)
        except BaseException:
            with contextlib.suppress(OSError):
                remove(root, [f for f in staged if f not in before])  # the manifest was not swapped
            raise
        journal.unlink()
        sweep(root, manifest)

    def _close_writers(self) -> None:
        self._wait()
        for writer in self._writers.values():
            writer.close()

    def close(self, *, failed: bool = False) -> None:
        """Close writers and remove the staging folder (whatever was not committed is dropped).

        An error closing the writers is raised, except when the transaction already ``failed``:
        then the error that made it fail is the one the caller sees, not a consequence of it.
        """
        try:
            self._close_writers()
        except Exception:
            if not failed:
                raise
        finally:
            self._pool.shutdown(wait=True)
            shutil.rmtree(self.staging, ignore_errors=True)


def stored_trade_batch(batch: pa.Table) -> pa.Table:
    """Canonical trade rows as stored: values checked finite, text dictionary-encoded."""
    check_finite_values(batch, "trade rows")
    return batch.cast(STORED_TRADE_SCHEMA)


def trade_part_writer(path: Path) -> pq.ParquetWriter:
    """The Parquet writer of one year's trade part (the one layout every ingest writes)."""
    # no stored Arrow schema: readers see the text columns as plain strings; values and
    # quantities are too varied for dictionary pages, so they are not tried
    return pq.ParquetWriter(
        path,
        STORED_TRADE_SCHEMA,
        compression="zstd",
        store_schema=False,
        use_dictionary=["year", "exporter", "importer", "product", "hs_revision"],
    )


def trim_sources(
    root: Path, sources: list[dict[str, Any]], years: list[int], revision: str, basis: str, replace: bool
) -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]]:
    """Sources with ``years`` taken out (when ``replace``), the files that go, and which years of what."""
    if not replace:
        return sources, [], []
    kept, dropped, replaced = [], [], []
    for s in sources:
        if not overlaps(s, years, revision, basis):
            kept.append(s)
            continue
        gone = sorted(set(s["years"]) & set(years))
        replaced.append({"location": s["location"], "sha256": s["sha256"], "years": gone})
        dropped += [f for f in s["files"] if year_of(f) in gone]
        left = [f for f in s["files"] if year_of(f) not in gone]
        if left:
            kept.append(_trimmed(root, s, gone, left))
    return kept, dropped, replaced


def _trimmed(root: Path, source: dict[str, Any], gone: list[int], files: list[str]) -> dict[str, Any]:
    """The record of a source whose years ``gone`` were replaced: counts and checksum of what is left."""
    paths = [inside(root, f) for f in files]
    total = sum(float(pc.sum(pq.read_table(p, columns=["value_usd"])["value_usd"]).as_py() or 0.0) for p in paths)
    details = dict(source.get("details", {}))
    details.setdefault("file_sha256", source["sha256"])
    details["replaced_years"] = sorted(set(details.get("replaced_years", [])) | set(gone))
    return {
        **source,
        "sha256": hashlib.sha256(f"{source['sha256']}:without:{details['replaced_years']}".encode()).hexdigest(),
        "years": sorted(set(source["years"]) - set(gone)),
        "files": files,
        "row_count": sum(pq.ParquetFile(p).metadata.num_rows for p in paths),
        "value_total_usd": total,
        "details": details,
    }


def math_finite(value: float) -> bool:
    """Whether a number is finite (not NaN, not ±Inf)."""
    return value == value and abs(value) != float("inf")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
