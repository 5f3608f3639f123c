"""coopscope: where two economies should cooperate, from real trade and firm data.

The Python API mirrors the command line; see :mod:`coopscope.api` for the entry points.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coopscope")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
