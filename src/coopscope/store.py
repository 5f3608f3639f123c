"""The trade store: Parquet partitioned by year (zstd) plus a JSON manifest.

Layout::

    STORE/manifest.json                       every ingested source and every built table
    STORE/trade/year=2022/<source-id>.parquet canonical trade rows (schema.TRADE_SCHEMA)
    STORE/tables/<name>/<file>.parquet        tables built by analyses (``coopscope build``)
    STORE/.staging/                           work in progress; never read
    STORE/.lock                               pid of the one writer
    STORE/.readers                            held shared by readers (see ``store_lock``)

The manifest is the commit point: readers only see files it lists, and it is replaced
atomically (write, fsync, rename). A crash or SIGKILL mid-write leaves it untouched, so the
store reads as before; the files the dead writer moved in are listed in its journal and removed
by the next writer. Files a commit makes obsolete are deleted only when no reader holds the
store; until then the manifest lists them as retired. The store only ever deletes files of its
own shape that it lists (``store_files``), never a path outside its folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.engine import read_parquet
from coopscope.errors import StoreError
from coopscope.options import check_years
from coopscope.schema import TRADE_SCHEMA
from coopscope.store_files import MANIFEST, inside, os_error, own_folder, read_manifest, remove, write_json_atomic
from coopscope.store_lock import StoreLock, hold_shared, make_readers_file, no_readers, release
from coopscope.store_tx import SourceRecord, Transaction, overlaps, sha256_of, sha256_of_dir, year_of

FORMAT_VERSION = 1
__all__ = ["MANIFEST", "SourceRecord", "Store", "Transaction", "sha256_of", "sha256_of_dir"]


class Store:
    """A store folder. Reading needs no lock; writing goes through :meth:`transaction`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._reader: int | None = None
        self._writing = False

    def __del__(self) -> None:
        release(getattr(self, "_reader", None))

    @classmethod
    def open(cls, root: Path | str, *, create: bool = False) -> Store:
        """Open an existing store, or create an empty one when ``create`` is true.

        A folder that holds other files is never adopted: a store is created only in a new or
        empty folder.
        """
        root = Path(root)
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root}: is a file, not a store folder.", "pass a folder for --store.")
        if (root / MANIFEST).is_symlink():
            raise StoreError(f"{root / MANIFEST}: is a link; a store never follows links.", "remove the link.")
        if not (root / MANIFEST).exists():
            if not create:
                raise StoreError(
                    f"{root}: not a coopscope store (no {MANIFEST}).",
                    "ingest data into it first, e.g. `coopscope ingest baci FILE --store DIR`.",
                )
            _create(root)
        return cls(root)

    def manifest(self) -> dict[str, Any]:
        """The manifest as a dict: ``sources`` (list), ``tables`` (name -> record), ``retired`` files.

        The first read takes the readers' lock, so the files it lists stay until this store is
        closed (or the process ends).
        """
        if self._reader is None and not self._writing:
            self._reader = hold_shared(self.root)
        return read_manifest(self.root)

    def close(self) -> None:
        """Release the readers' lock (files retired by later commits may then be deleted)."""
        release(self._reader)
        self._reader = None

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
        clash = [s for s in self.manifest()["sources"] if overlaps(s, years, hs_revision, basis)]
        if clash:
            s = clash[0]
            shared = sorted(set(s["years"]) & set(years))
            raise StoreError(
                f"{self.root}: {basis} {hs_revision} data for {shared} is already in the store (from {s['location']}).",
                f"pass --replace to swap those years ({', '.join(map(str, shared))}) for the new source.",
            )

    def revisions(self) -> list[str]:
        """HS revisions present in the store."""
        return sorted({s.hs_revision for s in self.sources()})

    def trade_files(
        self, *, years: list[int] | None = None, hs_revision: str | None = None, basis: str = "reconciled"
    ) -> list[Path]:
        """The Parquet files of the selected trade data (only files the manifest lists)."""
        if years is not None:
            check_years("year", years)
        out = []
        for s in self.sources():
            if s.basis != basis or (hs_revision and s.hs_revision != hs_revision):
                continue
            out += [inside(self.root, f) for f in s.files if years is None or year_of(f) in years]
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

    def trade_fingerprint(self) -> str:
        """One SHA-256 over the reconciled trade sources (checksum and years): what built tables are built from."""
        return fingerprint(self.manifest())

    def table_state(self, name: str) -> str:
        """``missing``, ``stale`` (built from trade data that has changed since) or ``fresh``."""
        manifest = self.manifest()
        table = manifest["tables"].get(name)
        if table is None:
            return "missing"
        built_from = table.get("inputs")
        return "stale" if built_from is not None and built_from != fingerprint(manifest) else "fresh"

    def table_files(self, name: str) -> list[Path]:
        """The Parquet files of a built table, or an error saying how to (re)build it."""
        state = self.table_state(name)
        if state == "missing":
            raise StoreError(f"{self.root}: table '{name}' has not been built.", "run `coopscope build --store DIR`.")
        if state == "stale":
            raise StoreError(
                f"{self.root}: table '{name}' is stale (the trade data changed after it was built).",
                f"run `coopscope build --store {self.root}` to rebuild it.",
            )
        return [inside(self.root, f) for f in self.manifest()["tables"][name]["files"]]

    def has_table(self, name: str) -> bool:
        """Whether a built table of that name exists and is up to date with the trade data."""
        return self.table_state(name) == "fresh"

    def table(self, con: ibis.BaseBackend, name: str) -> ibis.Table:
        """A lazy Ibis table over a built table (a stale table is refused, see :meth:`table_files`)."""
        return read_parquet(con, self.table_files(name))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock the store, stage writes, and commit them atomically on success.

        A failed file operation (full disk, read-only folder) becomes one StoreError; the store
        stays as it was.
        """
        self.close()  # this process's own reads must not hold back its deletions
        self._writing = True
        try:
            with StoreLock(self.root / ".lock"):
                make_readers_file(self.root)
                self._clean_leftovers()
                tx = Transaction(self)
                try:
                    yield tx
                except BaseException:
                    tx.close(failed=True)
                    raise
                tx.close()
        except OSError as exc:
            raise os_error(self.root, exc) from None
        finally:
            self._writing = False

    def _clean_leftovers(self) -> None:
        """Remove what a dead writer left: files its journal names that the manifest does not list."""
        staging = own_folder(self.root, ".staging")
        manifest = self.manifest()
        listed = listed_files(manifest)
        for journal in sorted(staging.glob("*/journal.json")) if staging.exists() else []:
            with contextlib.suppress(OSError, ValueError, StoreError):
                remove(self.root, [f for f in json.loads(journal.read_text("utf-8")) if f not in listed])
        for child in sorted(staging.iterdir()) if staging.exists() else []:
            remove_tree(child)
        sweep(self.root, manifest)


def fingerprint(manifest: dict[str, Any]) -> str:
    """SHA-256 over the reconciled sources' checksums and years (sorted)."""
    parts = sorted(f"{s['sha256']}:{sorted(s['years'])}" for s in manifest["sources"] if s["basis"] == "reconciled")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def listed_files(manifest: dict[str, Any]) -> set[str]:
    """Every file the manifest's sources and tables list."""
    listed = {f for s in manifest["sources"] for f in s["files"]}
    return listed | {f for t in manifest["tables"].values() for f in t["files"]}


def sweep(root: Path, manifest: dict[str, Any]) -> None:
    """Delete the retired files when no reader holds the store; otherwise leave them for later."""
    retired = [f for f in manifest.get("retired", []) if f not in listed_files(manifest)]
    if not manifest.get("retired"):
        return
    with no_readers(root) as free:
        if not free:
            return
        remove(root, retired)
        write_json_atomic(root / MANIFEST, {**manifest, "retired": []})


def remove_tree(path: Path) -> None:
    """Remove one staging folder; a link is removed itself, never followed."""
    import shutil

    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def _create(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        raise StoreError(
            f"{root}: is not empty and not a coopscope store (no {MANIFEST}).",
            "pass a new or empty folder for the store; coopscope never adopts a folder holding other files.",
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        write_json_atomic(root / MANIFEST, {"format": FORMAT_VERSION, "sources": [], "tables": {}, "retired": []})
    except OSError as exc:
        raise os_error(root, exc) from None
