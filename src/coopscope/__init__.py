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
        ai_areas,
        baci_releases,
        build,
        class_counts,
        co_development,
        complexity,
        convert,
        cooperation,
        dependence,
        fetch,
        fetch_firms,
        fetch_plan,
        ingest,
        load_firms,
        match_firms,
        mirror_diagnostics,
        open_store,
        pair,
        product,
        product_lenses,
        products,
        read_trade_table,
        report,
        robustness,
        screen_firms,
        settings,
        store_info,
        synth,
        whatif,
    )

__all__ = [
    "Result",
    "Workspace",
    "__version__",
    "ai_areas",
    "baci_releases",
    "build",
    "class_counts",
    "co_development",
    "complexity",
    "convert",
    "cooperation",
    "dependence",
    "fetch",
    "fetch_firms",
    "fetch_plan",
    "ingest",
    "load_firms",
    "match_firms",
    "mirror_diagnostics",
    "open_store",
    "pair",
    "product",
    "product_lenses",
    "products",
    "read_trade_table",
    "report",
    "robustness",
    "screen_firms",
    "settings",
    "store_info",
    "synth",
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
