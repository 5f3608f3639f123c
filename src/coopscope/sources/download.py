"""Resumable HTTP downloads into a cache folder (edge code: network and files).

A download goes to ``NAME.part`` next to its target. After a broken connection it resumes with an
HTTP ``Range: bytes=N-`` request (RFC 9110 §14.2); a server that ignores the range (status 200)
makes it start again from zero. When done, the size is checked against the server's
``Content-Length`` / ``Content-Range`` total and, if given, the SHA-256; only then is the file
renamed into place, so the cache never holds a half-written file under its final name.

Deadlines: each read waits at most ``timeout_s`` and the whole download at most ``deadline_s``
(a server that drips a byte a minute never holds a command forever). A ``.part`` that is
already complete, or larger than the file (the server answers 416), is checked or started
afresh. Two processes fetching the same file take turns: the ``.part`` is locked while written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
import urllib3

from coopscope.errors import NetworkError
from coopscope.sources.progress import progress
from coopscope.store import sha256_of

CHUNK_BYTES = 1 << 16


@dataclass(frozen=True)
class Downloaded:
    """A finished download: where it is, its size in bytes and SHA-256, and how many resumes it took."""

    path: Path
    size_bytes: int
    sha256: str
    resumes: int
    from_cache: bool


def download(
    url: str,
    target: Path,
    *,
    sha256: str | None = None,
    attempts: int = 5,
    backoff_s: float = 1.0,
    timeout_s: float = 60.0,
    deadline_s: float = 6 * 3600.0,
) -> Downloaded:
    """Download ``url`` to ``target`` (resuming a ``.part`` file), verify it, and return what was done.

    A target that already exists is reused when its SHA-256 matches ``sha256`` (or when no
    checksum is given). Raises :class:`NetworkError` after ``attempts`` failed tries.
    """
    if target.exists():
        digest = sha256_of(target)
        if sha256 is None or digest == sha256:
            return Downloaded(target, target.stat().st_size, digest, 0, True)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    with _exclusive(part):
        if target.exists() and (sha256 is None or sha256_of(target) == sha256):  # the other process finished it
            return Downloaded(target, target.stat().st_size, sha256_of(target), 0, True)
        total, resumes = _attempts(url, part, attempts, backoff_s, timeout_s, time.monotonic() + deadline_s)
        return _finish(part, target, total, sha256, resumes, url)


@contextlib.contextmanager
def _exclusive(part: Path) -> Iterator[None]:
    """Hold ``NAME.part.lock`` while the ``.part`` is written; a second process waits its turn."""
    fd = os.open(part.with_name(part.name + ".lock"), os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _attempts(
    url: str, part: Path, attempts: int, backoff_s: float, timeout_s: float, deadline: float
) -> tuple[int | None, int]:
    total, resumes = None, 0
    for attempt in range(1, attempts + 1):
        try:
            total = _fetch_into(url, part, total, timeout_s, deadline)
            break
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
            _Incomplete,
        ) as exc:
            if attempt == attempts:
                raise NetworkError(
                    f"{_safe(url)}: download failed after {attempts} tries ({type(exc).__name__}).",
                    "check the connection or the address (--base-url); run again to resume.",
                ) from None
            resumes += 1
            time.sleep(backoff_s * 2 ** (attempt - 1))
    return total, resumes


class _Incomplete(Exception):
    """The server closed the connection before sending every byte."""


def _fetch_into(url: str, part: Path, total: int | None, timeout_s: float, deadline: float) -> int:
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with requests.get(url, headers=headers, stream=True, timeout=timeout_s) as resp:
        if resp.status_code == 416:
            size = _unsatisfied_size(resp)
            if size is not None and have == size:
                return size  # the .part is complete: verified by _finish
            part.unlink(missing_ok=True)  # larger than the file, or the server does not say: start afresh
            raise _Incomplete()
        _check_status(resp, url)
        if resp.status_code != 206:
            have = 0
        total = _total_size(resp, have)
        with (
            open(part, "ab" if have else "wb") as sink,
            progress(f"Downloading {part.stem}", total, unit="bytes") as advance,
        ):
            advance(have)
            # read1 returns what has arrived, so bytes before a dropped connection are kept for the resume
            while chunk := _read_some(resp):
                sink.write(chunk)
                advance(len(chunk))
                if time.monotonic() > deadline:
                    raise NetworkError(
                        f"{_safe(url)}: the download did not finish within its overall deadline.",
                        "the server is too slow; run again later (the download resumes).",
                    )
    if total is not None and part.stat().st_size < total:
        raise _Incomplete()
    return total if total is not None else part.stat().st_size


def _unsatisfied_size(resp: requests.Response) -> int | None:
    """The full size a 416 answer announces (``Content-Range: bytes */N``), if any."""
    content_range = resp.headers.get("Content-Range", "")
    tail = content_range.rsplit("/", 1)[-1] if "/" in content_range else ""
    return int(tail) if tail.isdigit() else None


def _read_some(resp: requests.Response) -> bytes:
    try:
        return resp.raw.read1(CHUNK_BYTES, decode_content=True)
    except urllib3.exceptions.HTTPError as exc:
        raise _Incomplete() from exc


def _check_status(resp: requests.Response, url: str) -> None:
    if resp.status_code in (200, 206):
        return
    if resp.status_code >= 500 or resp.status_code == 429:
        raise requests.ConnectionError(f"status {resp.status_code}")
    raise NetworkError(
        f"{_safe(url)}: the server answered {resp.status_code} {resp.reason}.",
        "check the release and revision (`coopscope fetch baci --list`) or the address (--base-url).",
    )


def _total_size(resp: requests.Response, have: int) -> int | None:
    content_range = resp.headers.get("Content-Range", "")
    if resp.status_code == 206 and "/" in content_range and not content_range.endswith("*"):
        return int(content_range.rsplit("/", 1)[1])
    length = resp.headers.get("Content-Length")
    return int(length) + have if length is not None else None


def _finish(part: Path, target: Path, total: int | None, sha256: str | None, resumes: int, url: str) -> Downloaded:
    size = part.stat().st_size
    if total is not None and size != total:
        part.unlink()
        raise NetworkError(
            f"{_safe(url)}: got {size} bytes, the server announced {total}.",
            "run the command again; the partial file was removed.",
        )
    digest = sha256_of(part)
    if sha256 is not None and digest != sha256.lower():
        part.unlink()
        raise NetworkError(
            f"{_safe(url)}: SHA-256 {digest[:12]}… differs from the expected {sha256[:12]}….",
            "the file is damaged or the checksum is for another release; it was removed.",
        )
    os.replace(part, target)
    return Downloaded(target, size, digest, resumes, False)


def _safe(url: str) -> str:
    """The address without its query string (which may carry a key)."""
    return url.split("?", 1)[0]
