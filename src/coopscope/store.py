"""The trade store: Parquet partitioned by year (zstd) plus a JSON manifest.

Layout::

    STORE/manifest.json                       every ingested source and every built table
    STORE/trade/year=2022/<source-id>.parquet canonical trade rows (schema.TRADE_SCHEMA)
    STORE/tables/<name>/<file>.parquet        tables built by analyses (``coopscope build``)
    STORE/.staging/                           work in progress; never read
    STORE/.lock                               pid of the one writer

The manifest is the commit point: readers only see files it lists, and it is replaced
atomically (write, fsync, rename). A crash or SIGKILL mid-write leaves it untouched, so the
store reads as before; leftovers are removed by the next writer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from coopscope._version import __version__
from coopscope.engine import read_parquet
from coopscope.errors import StoreError
from coopscope.schema import STORED_TRADE_SCHEMA, TRADE_SCHEMA
from coopscope.store_lock import StoreLock

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


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


class Store:
    """A store folder. Reading needs no lock; writing goes through :meth:`transaction`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def open(cls, root: Path | str, *, create: bool = False) -> Store:
        """Open an existing store, or create an empty one when ``create`` is true."""
        root = Path(root)
        if not (root / MANIFEST).exists():
            if not create:
                raise StoreError(
                    f"{root}: not a coopscope store (no {MANIFEST}).",
                    "ingest data into it first, e.g. `coopscope ingest baci FILE --store DIR`.",
                )
            root.mkdir(parents=True, exist_ok=True)
            _write_json_atomic(root / MANIFEST, {"format": FORMAT_VERSION, "sources": [], "tables": {}})
        return cls(root)

    def manifest(self) -> dict[str, Any]:
        """The manifest as a dict: ``sources`` (list) and ``tables`` (name -> record)."""
        try:
            return json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"{self.root / MANIFEST}: cannot be read ({exc}).", "restore it from a backup.") from exc

    def sources(self) -> list[SourceRecord]:
        """Every ingested source."""
        return [SourceRecord(**s) for s in self.manifest()["sources"]]

    def is_synthetic(self) -> bool:
        """True if any source in the store is synthetic."""
        return any(s.synthetic for s in self.sources())

    def bases(self) -> list[str]:
        """The data bases of the trade sources present (reconciled, reported_imports, mirror_exports)."""
        return sorted({s.basis for s in self.sources()})

    def years(self, *, basis: str = "reconciled", hs_revision: str | None = None) -> list[int]:
        """Years with trade data of the given basis (and HS revision, if given), sorted."""
        sources = [s for s in self.sources() if s.basis == basis and hs_revision in (None, s.hs_revision)]
        return sorted({y for s in sources for y in s.years})

    def find_source(self, sha256: str) -> SourceRecord | None:
        """The record of an already ingested source with this checksum, if any."""
        return next((s for s in self.sources() if s.sha256 == sha256), None)

    def check_no_overlap(self, years: list[int], hs_revision: str, basis: str) -> None:
        """A StoreError if a source already holds ``basis`` data of ``hs_revision`` for any of ``years``."""
        clash = [s for s in self.manifest()["sources"] if _overlaps(s, years, hs_revision, basis)]
        if clash:
            s = clash[0]
            shared = sorted(set(s["years"]) & set(years))
            raise StoreError(
                f"{self.root}: {basis} {hs_revision} data for {shared} is already in the store (from {s['location']}).",
                "pass --replace to swap it for the new source.",
            )

    def revisions(self) -> list[str]:
        """HS revisions present in the store."""
        return sorted({s.hs_revision for s in self.sources()})

    def trade_files(
        self, *, years: list[int] | None = None, hs_revision: str | None = None, basis: str = "reconciled"
    ) -> list[Path]:
        """The Parquet files of the selected trade data (only files the manifest lists)."""
        out = []
        for s in self.sources():
            if s.basis != basis or (hs_revision and s.hs_revision != hs_revision):
                continue
            out += [self.root / f for f in s.files if years is None or _year_of(f) in years]
        return sorted(out)

    def trade(
        self,
        con: ibis.BaseBackend,
        *,
        years: list[int] | None = None,
        hs_revision: str | None = None,
        basis: str = "reconciled",
        to: str | None = None,
    ) -> ibis.Table:
        """A lazy Ibis table of canonical trade rows on the given backend.

        ``to`` converts the rows to another HS revision on the way (``coopscope.classify.convert``, equal
        split of 1:n links), as ``--to`` on the analyses does.
        """
        if to:
            from coopscope.classify.convert import convert_trade

            source = hs_revision or self._single_revision(basis) or to
            table = self.trade(con, years=years, hs_revision=source, basis=basis)
            return table if source == to else convert_trade(table, source=source, target=to).table
        revision = hs_revision or self._single_revision(basis)
        files = self.trade_files(years=years, hs_revision=revision, basis=basis)
        if not files:
            wanted = f" for {years}" if years else ""
            raise StoreError(
                f"{self.root}: no {basis} trade data{wanted} in {revision}.",
                f"years present: {self.years(basis=basis) or 'none'}; ingest more or pick another year.",
            )
        return read_parquet(con, files)

    def trade_arrow(
        self, *, years: list[int] | None = None, hs_revision: str | None = None, basis: str = "reconciled"
    ) -> pa.Table:
        """The selected trade rows as an in-memory Arrow table (for small stores and tests)."""
        files = self.trade_files(years=years, hs_revision=hs_revision, basis=basis)
        return pq.read_table([str(f) for f in files], partitioning=None) if files else TRADE_SCHEMA.empty_table()

    def _single_revision(self, basis: str) -> str | None:
        revisions = sorted({s.hs_revision for s in self.sources() if s.basis == basis})
        if len(revisions) > 1:
            raise StoreError(
                f"{self.root}: holds several HS revisions ({', '.join(revisions)}).",
                "pick one with --hs-revision, or convert with `coopscope convert --to HS22`.",
            )
        return revisions[0] if revisions else None

    def table_files(self, name: str) -> list[Path]:
        """The Parquet files of a built table, or an error saying how to build it."""
        tables = self.manifest()["tables"]
        if name not in tables:
            raise StoreError(f"{self.root}: table '{name}' has not been built.", "run `coopscope build --store DIR`.")
        return [self.root / f for f in tables[name]["files"]]

    def has_table(self, name: str) -> bool:
        """Whether a built table of that name exists."""
        return name in self.manifest()["tables"]

    def table(self, con: ibis.BaseBackend, name: str) -> ibis.Table:
        """A lazy Ibis table over a built table."""
        return read_parquet(con, self.table_files(name))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock the store, stage writes, and commit them atomically on success."""
        with StoreLock(self.root / ".lock"):
            self._clean_leftovers()
            tx = Transaction(self)
            try:
                yield tx
            except BaseException:
                tx.close(failed=True)
                raise
            tx.close()

    def _clean_leftovers(self) -> None:
        shutil.rmtree(self.root / ".staging", ignore_errors=True)
        listed = {f for s in self.sources() for f in s.files}
        listed |= {f for t in self.manifest()["tables"].values() for f in t["files"]}
        for folder in ("trade", "tables"):
            for path in (self.root / folder).rglob("*.parquet") if (self.root / folder).exists() else []:
                if str(path.relative_to(self.root)) not in listed:
                    path.unlink()


def _year_of(relative: str) -> int:
    part = next(p for p in Path(relative).parts if p.startswith("year="))
    return int(part.split("=", 1)[1])


class Transaction:
    """Staged writes to a locked store; :meth:`commit_source` / :meth:`commit_table` publish them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.staging = store.root / ".staging" / uuid.uuid4().hex
        self.staging.mkdir(parents=True)
        self._writers: dict[int, pq.ParquetWriter] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coopscope-store")
        self._pending: Future[None] | None = None
        self.rows = 0
        self.value_total = 0.0

    def find_source(self, sha256: str) -> SourceRecord | None:
        """The record of an already ingested source with this checksum, if any."""
        return self.store.find_source(sha256)

    def write_trade(self, batch: pa.Table) -> None:
        """Stage canonical trade rows (already checked), split by year.

        Compression and writing run on one background thread, overlapping the reading of the next
        batch; at most one batch waits, so memory stays bounded.
        """
        batch = batch.cast(STORED_TRADE_SCHEMA)  # text dictionary-encoded, as the Parquet pages hold it
        self.rows += batch.num_rows
        self.value_total += float(pc.sum(batch["value_usd"]).as_py() or 0.0)
        self._wait()
        self._pending = self._pool.submit(self._write_parts, batch)

    def _write_parts(self, batch: pa.Table) -> None:
        years = pc.unique(batch["year"]).to_pylist()
        for year in years:
            part = batch if len(years) == 1 else batch.filter(pc.equal(batch["year"], year))
            if year not in self._writers:
                path = self.staging / f"year={year}" / "part.parquet"
                path.parent.mkdir(parents=True)
                # no stored Arrow schema: readers see the text columns as plain strings; values and
                # quantities are too varied for dictionary pages, so they are not tried
                self._writers[year] = pq.ParquetWriter(
                    path,
                    STORED_TRADE_SCHEMA,
                    compression="zstd",
                    store_schema=False,
                    use_dictionary=["year", "exporter", "importer", "product", "hs_revision"],
                )
            self._writers[year].write_table(part)

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
        """Publish the staged trade rows as one new source; returns its manifest record."""
        self._close_writers()
        source_id = sha256[:16]
        years = sorted(self._writers)
        self._check_overlap(years, hs_revision, basis, replace)
        files = []
        for year in years:
            target = self.store.root / "trade" / f"year={year}" / f"{source_id}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / f"year={year}" / "part.parquet", target)
            files.append(str(target.relative_to(self.store.root)))
        record = SourceRecord(
            source_id,
            location,
            sha256,
            kind,
            hs_revision,
            release,
            basis,
            self.rows,
            self.value_total,
            synthetic,
            years,
            files,
            __version__,
            _now(),
            details or {},
        )
        manifest = self.store.manifest()
        dropped = [s for s in manifest["sources"] if replace and _overlaps(s, years, hs_revision, basis)]
        manifest["sources"] = [s for s in manifest["sources"] if s not in dropped] + [asdict(record)]
        _write_json_atomic(self.store.root / MANIFEST, manifest)
        for s in dropped:
            for f in s["files"]:
                (self.store.root / f).unlink(missing_ok=True)
        return record

    def _check_overlap(self, years: list[int], hs_revision: str, basis: str, replace: bool) -> None:
        if not replace:
            self.store.check_no_overlap(years, hs_revision, basis)

    def commit_table(self, name: str, table: pa.Table, *, details: dict[str, Any] | None = None) -> None:
        """Publish a built table (replacing an older table of the same name)."""
        staged = self.staging / f"{name}.parquet"
        pq.write_table(table, staged, compression="zstd")
        self.commit_table_parts(name, [staged], details=details)

    def commit_table_parts(self, name: str, staged: list[Path], *, details: dict[str, Any] | None = None) -> int:
        """Publish a built table written as Parquet files in :attr:`staging`; returns its row count.

        The files must share one schema (e.g. one per year). Replaces an older table of the name.
        """
        folder = self.store.root / "tables" / name
        folder.mkdir(parents=True, exist_ok=True)
        rows = sum(pq.ParquetFile(path).metadata.num_rows for path in staged)
        stem = uuid.uuid4().hex[:12]
        targets = [folder / f"{stem}-{n}.parquet" for n in range(len(staged))]
        for path, target in zip(staged, targets, strict=True):
            os.replace(path, target)
        manifest = self.store.manifest()
        old = manifest["tables"].get(name, {}).get("files", [])
        manifest["tables"][name] = {
            "files": [str(target.relative_to(self.store.root)) for target in targets],
            "rows": rows,
            "built_at": _now(),
            "coopscope_version": __version__,
            **(details or {}),
        }
        _write_json_atomic(self.store.root / MANIFEST, manifest)
        for f in old:
            (self.store.root / f).unlink(missing_ok=True)
        return rows

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


def _overlaps(source: dict[str, Any], years: list[int], hs_revision: str, basis: str) -> bool:
    return source["hs_revision"] == hs_revision and source["basis"] == basis and bool(set(source["years"]) & set(years))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        os.fsync(dir_fd)
        os.close(dir_fd)
