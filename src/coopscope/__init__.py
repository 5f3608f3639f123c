"""coopscope: where two economies should cooperate, from real trade and firm data.

The Python API mirrors the command line: ``coopscope.dependence(store="store", importer="KOR", year=2022)``
and the other jobs of :mod:`coopscope.api`, re-exported here.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from coopscope._version import __version__

if TYPE_CHECKING:
    from coopscope.api import (  # type: ignore[no-redef]
        Result,
        Workspace,
        build,
        co_development,
        complexity,
        cooperation,
        dependence,
        ingest,
        match_firms,
        mirror_diagnostics,
        open_store,
        pair,
        product,
        products,
        report,
        robustness,
        screen_firms,
        whatif,
    )

__all__ = [
    "Result",
    "Workspace",
    "__version__",
    "build",
    "co_development",
    "complexity",
    "cooperation",
    "dependence",
    "ingest",
    "match_firms",
    "mirror_diagnostics",
    "open_store",
    "pair",
    "product",
    "products",
    "report",
    "robustness",
    "screen_firms",
    "whatif",
]


class _Package(ModuleType):
    """The package, whose jobs load on first use (so ``import coopscope.cli`` starts fast).

    ``pair`` and ``report`` name both a job and a subpackage: here they are always the jobs
    (``from coopscope.pair import …`` still reads the subpackage through ``sys.modules``).
    """

    def __getattr__(self, name: str) -> Any:
        if name in __all__:
            return getattr(import_module("coopscope.api"), name)
        raise AttributeError(f"module 'coopscope' has no attribute {name!r}")

    def __getattribute__(self, name: str) -> Any:
        if name in ("pair", "report"):
            return getattr(import_module("coopscope.api"), name)
        return super().__getattribute__(name)


sys.modules[__name__].__class__ = _Package
