"""The store's file discipline: which paths it may touch, the manifest's shape, atomic writes.

Every path the store reads, moves or deletes goes through :func:`inside`: a relative name of
the shape the store itself creates (``trade/year=2022/<16 hex>.parquet``,
``tables/<name>/<12 hex>-<n>.parquet``), with no link on the way, resolved inside the store's
folder. A crafted manifest (``"files": ["../victim.txt"]``) is refused when read, so nothing
outside the store is ever read or deleted.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import stat
import uuid
from pathlib import Path
from typing import Any

from coopscope.errors import StoreError

MANIFEST = "manifest.json"
TRADE_FILE = re.compile(r"^trade/year=[0-9]{4}/[0-9a-f]{16}\.parquet$")
TABLE_FILE = re.compile(r"^tables/[A-Za-z0-9_]{1,64}/[0-9a-f]{12}-[0-9]{1,6}\.parquet$")
TABLE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
SOURCE_KEYS: dict[str, type | tuple[type, ...]] = {
    "source_id": str,
    "location": str,
    "sha256": str,
    "kind": str,
    "hs_revision": str,
    "release": str,
    "basis": str,
    "row_count": int,
    "value_total_usd": (int, float),
    "synthetic": bool,
    "years": list,
    "files": list,
    "coopscope_version": str,
    "ingested_at": str,
}
_DAMAGED = "restore the manifest from a backup, or ingest into a new store."


def inside(root: Path, relative: Any) -> Path:
    """The absolute path of a store file named in the manifest, or a StoreError.

    Only names of the store's own shape are accepted, and no part of the path may be a link.
    """
    if not isinstance(relative, str) or not (TRADE_FILE.match(relative) or TABLE_FILE.match(relative)):
        raise StoreError(f"{root / MANIFEST}: lists {relative!r}, not a file this store writes.", _DAMAGED)
    path = root / relative
    here = root
    for part in Path(relative).parts[:-1]:
        here = here / part
        if here.is_symlink():
            raise StoreError(f"{here}: is a link; a store folder never holds links.", _DAMAGED)
    if path.is_symlink():
        raise StoreError(f"{path}: is a link; a store folder never holds links.", _DAMAGED)
    return path


def own_folder(root: Path, name: str) -> Path:
    """A folder directly under the store (``.staging``, ``trade``, ``tables``), refused when it is a link."""
    path = root / name
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise StoreError(f"{path}: is a link or a file, not a store folder.", _DAMAGED)
    return path


def remove(root: Path, relatives: list[str]) -> None:
    """Delete store files named in the manifest (checked by :func:`inside`); absent files are fine."""
    for relative in relatives:
        inside(root, relative).unlink(missing_ok=True)


def check_manifest(data: Any, where: Path) -> dict[str, Any]:
    """The manifest if its shape is right (sources, tables, their files); a StoreError otherwise."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise StoreError(f"{where}: not a coopscope manifest (no list of sources).", _DAMAGED)
    if not isinstance(data.get("tables"), dict):
        raise StoreError(f"{where}: not a coopscope manifest (no table of built tables).", _DAMAGED)
    for n, source in enumerate(data["sources"]):
        _check_source(source, where, n)
    for name, table in data["tables"].items():
        ok = TABLE_NAME.match(name) and isinstance(table, dict) and isinstance(table.get("files"), list)
        if not ok:
            raise StoreError(f"{where}: table entry {name!r} is damaged.", _DAMAGED)
        for f in table["files"]:
            inside(where.parent, f)
    for f in data.setdefault("retired", []):
        inside(where.parent, f)
    return data


def _check_source(source: Any, where: Path, n: int) -> None:
    if not isinstance(source, dict):
        raise StoreError(f"{where}: source {n + 1} is not a record.", _DAMAGED)
    for key, kind in SOURCE_KEYS.items():
        if not isinstance(source.get(key), kind) or isinstance(source.get(key), bool) is not (kind is bool):
            raise StoreError(f"{where}: source {n + 1} has no valid '{key}'.", _DAMAGED)
    if not all(isinstance(y, int) and 0 < y < 10_000 for y in source["years"]):
        raise StoreError(f"{where}: source {n + 1} lists a year that is not a calendar year.", _DAMAGED)
    if not math.isfinite(source["value_total_usd"]):
        raise StoreError(f"{where}: source {n + 1} has a total that is not a finite number.", _DAMAGED)
    for f in source["files"]:
        inside(where.parent, f)


def read_manifest(root: Path) -> dict[str, Any]:
    """Read and check the manifest (one-line errors for unreadable, non-JSON or damaged files)."""
    where = root / MANIFEST
    try:
        text = where.read_text(encoding="utf-8")
        data = json.loads(text, parse_constant=_no_constant)
    except (OSError, ValueError) as exc:
        raise StoreError(f"{where}: cannot be read ({_reason(exc)}).", _DAMAGED) from None
    return check_manifest(data, where)


def _no_constant(name: str) -> Any:
    raise ValueError(f"holds {name}, which is not JSON")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).splitlines()[0][:120]


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` by ``data`` as JSON: write a unique temporary file, fsync, rename.

    Values must be finite (``allow_nan=False``); on any failure (a full disk) the temporary file
    is removed and the old file stays as it was.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        os.fsync(dir_fd)
        os.close(dir_fd)


def open_no_follow(path: Path, flags: int) -> int:
    """``os.open`` that never follows a link and accepts only a plain file with one name."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(f"{path}: is a link; the store never follows links.", "remove the link.") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise StoreError(f"{path}: is not a plain file of this store (hard link?).", "remove it.")
    return fd


def os_error(root: Path, exc: OSError) -> StoreError:
    """A one-line StoreError for a failed file operation (full disk, read-only folder, …)."""
    where = exc.filename or root
    hints = {
        errno.ENOSPC: "free some space; the store was left as it was.",
        errno.EDQUOT: "free some space; the store was left as it was.",
        errno.EROFS: "the store is on a read-only file system; copy it elsewhere to write.",
        errno.EACCES: "the store is not writable by you; check its permissions.",
        errno.EPERM: "the store is not writable by you; check its permissions.",
    }
    return StoreError(f"{where}: {_reason(exc)}.", hints.get(exc.errno or 0, "check the store folder."))
