"""The store's locks: one writer at a time, and readers that keep old files from being deleted.

``.lock`` holds the writer's pid for the error message. ``.readers`` is held shared by every
process that reads the store; a writer deletes the files a commit made obsolete only when it can
take ``.readers`` exclusively (no reader can still need them), else it leaves them listed as
retired for a later writer. Neither file is ever opened through a link.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from coopscope.errors import StoreError, StoreLockedError
from coopscope.store_files import open_no_follow

READERS = ".readers"


class StoreLock:
    """An exclusive ``flock`` on the lock file, which holds the writer's pid for the error message.

    The kernel drops the lock when its process dies, however it dies, so a killed writer never
    leaves a stale lock behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> StoreLock:
        try:
            fd = open_no_follow(self.path, os.O_CREAT | os.O_RDWR)
        except PermissionError:
            raise StoreError(
                f"{self.path.parent}: the store is not writable by you.",
                "check its permissions, or copy it to a folder you can write.",
            ) from None
        except OSError as exc:
            if exc.errno != errno.EROFS:
                raise
            raise StoreError(
                f"{self.path.parent}: the store is on a read-only file system.", "copy it elsewhere to write."
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "another process"
            os.close(fd)
            who = f"pid {holder}" if holder.isdigit() else holder
            raise StoreLockedError(
                f"{self.path.parent}: store is locked by {who}.", "wait for that process to finish, or stop it."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def make_readers_file(root: Path) -> None:
    """Create the readers' lock file (by a writer), so later readers can take it."""
    os.close(open_no_follow(root / READERS, os.O_CREAT | os.O_RDWR))


def hold_shared(root: Path) -> int | None:
    """Take the readers' lock shared; returns its descriptor (None when the store has none yet)."""
    path = root / READERS
    try:
        fd = open_no_follow(path, os.O_RDONLY)
    except (OSError, StoreError):
        return None  # no lock file (an older or read-only store): nobody can be deleting
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def release(fd: int | None) -> None:
    """Release a lock taken by :func:`hold_shared`."""
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


@contextlib.contextmanager
def no_readers(root: Path) -> Iterator[bool]:
    """Yield True while the readers' lock is held exclusively, False when some reader holds it."""
    fd = open_no_follow(root / READERS, os.O_CREAT | os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
