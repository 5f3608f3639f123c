"""coopscope: where two economies should cooperate, from real trade and firm data.

The Python API mirrors the command line; see :mod:`coopscope.api` for the entry points.
"""

from __future__ import annotations

from coopscope._interrupt import quiet_start

_restore = quiet_start()  # Ctrl-C while loading: one line, no traceback
from importlib.metadata import PackageNotFoundError, version  # noqa: E402

try:
    __version__ = version("coopscope")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"
_restore()

__all__ = ["__version__"]
