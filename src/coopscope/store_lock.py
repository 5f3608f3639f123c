"""The store's writer lock: one writer at a time, and a clear error naming the pid of the other."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from coopscope.errors import StoreLockedError


class StoreLock:
    """An exclusive ``flock`` on the lock file, which holds the writer's pid for the error message.

    The kernel drops the lock when its process dies, however it dies, so a killed writer never
    leaves a stale lock behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> StoreLock:
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
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
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
