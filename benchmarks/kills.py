"""Kills at deterministic random points of ingest, replace and build: the store must read as before or after.

Each operation runs in a forked child whose file operations (renames, fsyncs, deletions, Parquet
writes, folder creation) are counted; a dry run counts them all, then the child is killed with
SIGKILL at the n-th operation for n drawn from a seeded generator. After each kill the store's
logical state (what a reader sees: sources with their files' checksums, tables with the trade
fingerprint they were built from) must equal its state before the operation or after it, and
the next writer must leave no file the manifest does not list.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADER = "t,i,j,k,v,q\n"
ROWS = ["{y},410,156,854231,1000.5,10", "{y},156,410,854231,250.25,2.5", "{y},842,410,848620,12.0,NA"]
OPERATIONS = ("ingest", "replace", "build")


@dataclass
class KillReport:
    """Kills tried per operation and how many left the store before, after, or in between."""

    tried: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """All kills tried."""
        return sum(self.tried.values())


def _year_file(folder: Path, year: int, release: str, value: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"BACI_HS17_Y{year}_{release}.csv"
    rows = [r.format(y=year) for r in ROWS]
    if value is not None:
        rows = [rows[0].replace("1000.5", value)]
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def prepare(work: Path) -> dict[str, tuple[Path, Callable[[Path], Any]]]:
    """For each operation, a store in its 'before' state and the call that runs the operation."""
    from coopscope.api.build import build_store
    from coopscope.sources.baci import ingest_baci

    base = work / "base"
    for year in (2019, 2020, 2021):
        ingest_baci(_year_file(work / "in" / str(year), year, "V202401b"), base)
    build_store(base, groups="dependence")
    new_year = _year_file(work / "in" / "new", 2022, "V202401b")
    one_year = _year_file(work / "in" / "one", 2021, "V202501", value="7")
    stale = work / "stale"
    shutil.copytree(base, stale)
    ingest_baci(new_year, stale)
    return {
        "ingest": (base, lambda s: ingest_baci(new_year, s)),
        "replace": (base, lambda s: ingest_baci(one_year, s, replace=True)),
        "build": (stale, lambda s: build_store(s, groups="dependence")),
    }


def logical_state(store: Path) -> dict[str, Any]:
    """What a reader sees: sources (checksum, years, file checksums) and tables (rows, inputs, files readable)."""
    import pyarrow.parquet as pq

    manifest = json.loads((store / "manifest.json").read_text())

    def digest(files: list[str]) -> tuple[str, ...]:
        return tuple(sorted(hashlib.sha256((store / f).read_bytes()).hexdigest() for f in files))

    sources = sorted((s["sha256"], tuple(s["years"]), digest(s["files"])) for s in manifest["sources"])
    tables = {}
    for name, t in sorted(manifest["tables"].items()):
        rows = sum(pq.ParquetFile(store / f).metadata.num_rows for f in t["files"])
        tables[name] = (t["rows"], rows, t.get("inputs"), len(t["files"]))
    return {"sources": sources, "tables": tables}


def leftovers(store: Path) -> list[str]:
    """Files under trade/ and tables/ the manifest does not list (after a writer has cleaned up)."""
    manifest = json.loads((store / "manifest.json").read_text())
    listed = {f for s in manifest["sources"] for f in s["files"]}
    listed |= {f for t in manifest["tables"].values() for f in t["files"]}
    listed |= set(manifest.get("retired", []))
    on_disk = {str(p.relative_to(store)) for d in ("trade", "tables") for p in (store / d).rglob("*") if p.is_file()}
    staging = [str(p) for p in (store / ".staging").rglob("*") if p.is_file()] if (store / ".staging").exists() else []
    return sorted(on_disk - listed) + staging


def _hooks(on_call: Callable[[], None]) -> None:
    """Count (and maybe kill at) every file operation a writer makes; installed in the child only."""
    import pyarrow.parquet as pq

    def wrap(owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def hooked(*args: Any, **kwargs: Any) -> Any:
            on_call()
            result = original(*args, **kwargs)
            on_call()
            return result

        setattr(owner, name, hooked)

    for owner, name in (
        (os, "replace"), (os, "fsync"), (os, "unlink"), (os, "mkdir"), (os, "open"),
        (shutil, "rmtree"), (pq.ParquetWriter, "write_table"), (pq.ParquetWriter, "close"), (pq, "write_table"),
    ):  # fmt: skip
        wrap(owner, name)


def _fork(store: Path, operation: Callable[[Path], Any], kill_at: int | None, pipe: int | None = None) -> int:
    """Run ``operation`` in a forked child; returns its exit status (or the count through ``pipe``)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            calls = [0]

            def on_call() -> None:
                calls[0] += 1
                if kill_at is not None and calls[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            _hooks(on_call)
            operation(store)
            if pipe is not None:
                os.write(pipe, str(calls[0]).encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return _wait(pid)


def _wait(pid: int, timeout_s: float = 120.0) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise RuntimeError("the child hung")


def count_calls(store: Path, operation: Callable[[Path], Any]) -> int:
    """How many file operations ``operation`` makes on a copy of ``store``."""
    read, write = os.pipe()
    try:
        status = _fork(store, operation, None, write)
        if status != 0:
            raise RuntimeError(f"the operation failed in its dry run (status {status})")
        os.close(write)
        write = -1
        return int(os.read(read, 64).decode())
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)


def run_kills(work: Path, kills: dict[str, int], seed: int = 19) -> KillReport:
    """Kill each operation (``ingest``, ``replace``, ``build``) at ``kills[op]`` seeded random points."""
    rng = random.Random(seed)
    report = KillReport()
    for op, (before_store, operation) in prepare(work).items():
        if not kills.get(op):
            continue
        kills_per_operation = kills[op]
        before = logical_state(before_store)
        dry = work / f"dry-{op}"
        shutil.copytree(before_store, dry)
        total = count_calls(dry, operation)
        after = logical_state(dry)
        for n in sorted(rng.sample(range(1, total + 1), min(kills_per_operation, total))):
            store = work / f"kill-{op}-{n}"
            shutil.copytree(before_store, store)
            _fork(store, operation, n)
            _clean(store)
            state = logical_state(store)
            report.tried[op] = report.tried.get(op, 0) + 1
            if state == before:
                report.before[op] = report.before.get(op, 0) + 1
            elif state == after:
                report.after[op] = report.after.get(op, 0) + 1
            else:
                report.broken.append(f"{op} killed at file operation {n}: neither before nor after")
            if left := leftovers(store):
                report.broken.append(f"{op} killed at file operation {n}: leftovers {left[:3]}")
            shutil.rmtree(store)
    return report


def _clean(store: Path) -> None:
    """Let the next writer open the store and close it again: it removes what the dead one left."""
    from coopscope.store import Store

    with Store.open(store).transaction():
        pass
