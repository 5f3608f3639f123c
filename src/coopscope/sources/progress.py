"""Progress bars for long work (edge code only): rich bars on stderr, silent when disabled."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)


class Advance(Protocol):
    """Call with the amount of work just done."""

    def __call__(self, amount: float = 1, /) -> None:
        """Advance the bar by ``amount``."""


def _enabled() -> bool:
    """On for a terminal, off otherwise; COOPSCOPE_PROGRESS=on|off overrides."""
    setting = os.environ.get("COOPSCOPE_PROGRESS", "auto")
    return setting == "on" or (setting == "auto" and sys.stderr.isatty())


@contextmanager
def progress(description: str, total: float | None, *, unit: str = "rows") -> Iterator[Advance]:
    """Show a progress bar while the block runs; yields a function that advances it.

    ``unit="bytes"`` shows transfer speed and sizes (downloads, file reads).
    """
    columns: list = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn()]
    if unit == "bytes":
        columns += [DownloadColumn(), TransferSpeedColumn()]
    columns.append(TimeRemainingColumn())
    bar = Progress(
        *columns,
        transient=False,
        disable=not _enabled(),
        redirect_stdout=False,
        redirect_stderr=False,
        console=None if sys.stderr.isatty() else _plain_console(),
    )
    with bar:
        task = bar.add_task(description, total=total)
        yield lambda amount=1: bar.advance(task, amount)


def _plain_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True, force_terminal=False)
