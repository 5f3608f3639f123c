"""Read-only views of a store pinned to one manifest version (what the dashboard reads).

The manifest is the store's commit point (see :mod:`coopscope.store`): a build running beside the
server publishes a new manifest atomically. Every request reads through one :class:`Snapshot` — a
:class:`~coopscope.store.Store` whose manifest is frozen — so a page never mixes two versions and
never sees a half-written table. When the manifest on disk changes, the next request gets a new
snapshot (and the caches keyed on its version are left behind).
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import ibis

from coopscope.engine import connect
from coopscope.errors import StoreError
from coopscope.store import MANIFEST, Store

_T = TypeVar("_T")
QUERY_THREADS = 2  # per connection: many requests run at once, each query need not use every core


class Snapshot(Store):
    """A store whose manifest is the one read when the snapshot was taken (never written to)."""

    def __init__(self, root: Path, manifest: dict[str, Any], version: str) -> None:
        super().__init__(root)
        self._frozen = manifest
        self.version = version
        # one DuckDB connection per thread, owned here (not in thread-local storage, whose
        # destruction in worker threads at interpreter exit aborts DuckDB)
        self._cons: dict[int, tuple[ibis.BaseBackend, dict[str, ibis.Table]]] = {}
        self._cons_lock = threading.Lock()

    def manifest(self) -> dict[str, Any]:
        """A copy of the frozen manifest (callers may change it freely)."""
        return copy.deepcopy(self._frozen)

    def transaction(self) -> Any:
        """Snapshots are read-only."""
        raise StoreError(f"{self.root}: the dashboard reads the store read-only.", "build with `coopscope build`.")

    def _mine(self) -> tuple[ibis.BaseBackend, dict[str, ibis.Table]]:
        key = threading.get_ident()
        with self._cons_lock:
            if key not in self._cons:
                con = connect("duckdb")
                con.raw_sql(f"SET threads = {QUERY_THREADS}")
                self._cons[key] = (con, {})
            return self._cons[key]

    def con(self) -> ibis.BaseBackend:
        """The DuckDB connection of the calling thread (DuckDB connections are not shared between threads)."""
        return self._mine()[0]

    def built(self, name: str) -> ibis.Table:
        """A lazy table over a built table of this snapshot, registered once per thread."""
        con, tables = self._mine()
        if name not in tables:
            tables[name] = self.table(con, name)
        return tables[name]


class StoreReader:
    """Hands out the current :class:`Snapshot` of a store folder, re-reading the manifest when it changes."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        Store.open(self.root)  # a clear error now if the folder is not a store
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._snapshot: Snapshot | None = None

    def current(self) -> Snapshot:
        """The snapshot of the manifest now on disk (the same object while the manifest is unchanged)."""
        path = self.root / MANIFEST
        try:
            stat = path.stat()
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read ({exc}).", "check that the store folder still exists.") from exc
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._snapshot is None or stamp != self._stamp:
                raw = path.read_bytes()
                version = hashlib.sha256(raw).hexdigest()[:16]
                if self._snapshot is None or version != self._snapshot.version:
                    self._snapshot = Snapshot(self.root, json.loads(raw), version)
                self._stamp = stamp
            return self._snapshot

    def read(self, work: Callable[[Snapshot], _T]) -> _T:
        """Run ``work`` on the current snapshot; once more on a newer one if a build removed its files meanwhile."""
        snapshot = self.current()
        try:
            return work(snapshot)
        except Exception as exc:
            if not _vanished(exc) or self.current() is snapshot:
                raise
            return work(self.current())


def _vanished(exc: BaseException) -> bool:
    """Whether an error says a file of the store went away (a build replaced a table)."""
    text = str(exc)
    return isinstance(exc, FileNotFoundError) or "No files found" in text or "No such file" in text
