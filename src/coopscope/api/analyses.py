"""The analyses beyond the peers, with the API's one way of naming things (METHODS.md §7).

:func:`whatif` (supplier loss), :func:`co_development` (opportunities), :func:`robustness`
(threshold sensitivity) and :func:`mirror_diagnostics` (reported vs mirror) are the jobs of
:mod:`coopscope.pair` (``whatif_run``, ``opportunities_run``, ``sensitivity_run``,
``mirror_run``); here their inputs are checked the way every other job checks them before they
run: countries by ISO3, ISO numeric or English/Korean/Chinese name, with the nearest codes for a
typo; one year as ``2022`` or ``"2022"`` (each analysis then says which years the store holds).
The analyses check their AI area, product class and year themselves. ``store`` is a path,
a :class:`~coopscope.store.Store` or a workspace (``None``: the setting, else the last demo's store).
Each returns its analysis's own result object (tables as attributes, ``synthetic``, ``notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coopscope.api.workspace import Workspace, workspace
from coopscope.classify.countries import ADVANCED, resolve_countries
from coopscope.errors import OptionError
from coopscope.options import parse_years
from coopscope.pair import mirror_run, opportunities_run, sensitivity_run, whatif_run
from coopscope.store import Store

StoreArg = Workspace | Store | Path | str | None
with_shares = sensitivity_run.with_shares  # rows joined with a robustness table's shares (the faces' --sensitivity)
Countries = str | Sequence[str]

__all__ = ["co_development", "mirror_diagnostics", "robustness", "whatif"]


def _one_year(year: int | str | None) -> int | None:
    years = parse_years(year, "year")
    if len(years) > 1:
        raise OptionError(f"year: this analysis takes one year, not {len(years)}.", f"pass one, e.g. {years[-1]}.")
    return years[0] if years else None


def _pair(a: str, b: str | None) -> tuple[str, str | None]:
    first = resolve_countries(a, option="partner A")[0]
    if b is None:  # one importer (robustness of its dependence flags only)
        return first, None
    second = resolve_countries(b, option="partner B")[0]
    if first == second:
        raise OptionError(f"partners: {first} and {second} are the same country.", "name two different countries.")
    return first, second


def whatif(
    store: StoreArg = None,
    *,
    importers: Countries,
    suppliers: Countries,
    year: int | str | None = None,
    partner: str | None = None,
    product_class: str | None = None,
    area: str | None = None,
    engine: str | None = None,
    **options: Any,
) -> whatif_run.WhatIfResult:
    """What ``importers`` (one, or two to see what they share) would lose if ``suppliers`` stopped (METHODS.md §7).

    Further options (``rule``, ``top_alternatives``, ``con``, ``to``) and the result's tables
    (products, alternatives, totals, shared): :func:`coopscope.pair.whatif_run.whatif`.
    """
    ws = workspace(store, engine)  # type: ignore[arg-type]
    return whatif_run.whatif(
        ws.store, importers=resolve_countries(importers, option="importers"),
        suppliers=resolve_countries(suppliers, option="suppliers"), year=_one_year(year),
        partner=resolve_countries(partner, option="partner")[0] if partner else None, product_class=product_class,
        area=area, engine=ws.engine, **options,
    )  # fmt: skip


def co_development(
    store: StoreArg = None,
    *,
    a: str = "KOR",
    b: str = "CHN",
    year: int | str | None = None,
    area: str | None = None,
    engine: str | None = None,
    **options: Any,
) -> opportunities_run.OpportunitiesResult:
    """Co-development opportunities of ``a`` and ``b`` per AI area (METHODS.md §7).

    Further options (``preset``, ``top``, ``con``, ``to``) and the result:
    :func:`coopscope.pair.opportunities_run.co_development`.
    """
    ws = workspace(store, engine)  # type: ignore[arg-type]
    first, second = _pair(a, b)
    if second is None:
        raise OptionError("co-development compares two countries; partner B is missing.", "name b, e.g. b='CHN'.")
    return opportunities_run.co_development(ws.store, a=first, b=second, year=_one_year(year),
                                            area=area, engine=ws.engine, **options)  # fmt: skip


def robustness(
    store: StoreArg = None,
    *,
    a: str = "KOR",
    b: str | None = "CHN",
    year: int | str | None = None,
    suppliers: Countries = ADVANCED,
    engine: str | None = None,
    **options: Any,
) -> sensitivity_run.RobustnessResult:
    """How the dependence flags and pair classes of ``a`` and ``b`` move with their thresholds (METHODS.md §7).

    ``b=None`` with ``pair_classes=False``: the dependence flags of ``a`` alone.

    Further options (``method``, ``factors``, ``con``) and the result:
    :func:`coopscope.pair.sensitivity_run.robustness`.
    """
    ws = workspace(store, engine)  # type: ignore[arg-type]
    first, second = _pair(a, b)
    return sensitivity_run.robustness(ws.store, a=first, b=second, year=_one_year(year),
                                      suppliers=resolve_countries(suppliers, option="suppliers"),
                                      engine=ws.engine, **options)  # fmt: skip


def mirror_diagnostics(
    store: StoreArg = None,
    *,
    importers: Countries,
    year: int | str | None = None,
    engine: str | None = None,
    **options: Any,
) -> mirror_run.MirrorResult:
    """Reported imports against the partners' mirror exports, per importer and product (METHODS.md §7).

    Further options (``margin``, ``band``, ``con``) and the result:
    :func:`coopscope.pair.mirror_run.mirror_diagnostics`. ``year``: one year holding both bases.
    """
    ws = workspace(store, engine)  # type: ignore[arg-type]
    return mirror_run.mirror_diagnostics(ws.store, importers=resolve_countries(importers, option="importers"),
                                         year=_one_year(year), engine=ws.engine, **options)  # fmt: skip
