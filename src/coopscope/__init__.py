"""coopscope: where two economies should cooperate, from real trade and firm data.

The Python API mirrors the command line: ``coopscope.dependence(store="store", importer="KOR", year=2022)``
and the other jobs of :mod:`coopscope.api`, re-exported here.
"""

from __future__ import annotations

from coopscope._version import __version__

# The jobs, re-exported. ``pair`` and ``report`` are bound after their packages are loaded, so here
# they are the functions of coopscope.api (the packages stay importable: ``from coopscope.pair import …``).
from coopscope.api import (
    Result,
    Workspace,
    build,
    complexity,
    dependence,
    ingest,
    match_firms,
    open_store,
    pair,
    product,
    products,
    report,
    screen_firms,
)

__all__ = [
    "Result",
    "Workspace",
    "__version__",
    "build",
    "complexity",
    "dependence",
    "ingest",
    "match_firms",
    "open_store",
    "pair",
    "product",
    "products",
    "report",
    "screen_firms",
]
