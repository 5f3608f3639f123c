"""Small pure helpers shared by the section builders (rule flags, group names, sums)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pyarrow as pa

from coopscope.classify.areas import AREA_IDS

MPE = ("materials", "parts", "equipment")
MPE_GROUPS = tuple(f"mpe:{c}" for c in MPE)
AREA_GROUPS = tuple(f"ai:{a}" for a in AREA_IDS)
Row = dict[str, Any]


def flagged(row: Mapping[str, Any], rule: str) -> bool:
    """Whether a dependence row is dependent under ``rule`` (METHODS.md §1–§2); undecided is False."""
    if rule == "kita":
        return row.get("kita_band") is not None
    if rule == "kiet":
        return row.get("kiet_class") is not None
    return row.get(rule) is True


def decided(row: Mapping[str, Any], rule: str) -> bool:
    """Whether ``rule`` can decide for the row (GeoDep and EU 2021 are null while they cannot)."""
    return rule in ("kita", "kiet") or row.get(rule) is not None


def groups_of(row: Mapping[str, Any]) -> list[str]:
    """The product groups of a dependence row: ``all``, ``mpe:<class>`` and ``mpe:all``, ``ai:<area>``."""
    out = ["all"]
    if row.get("mpe_class") in MPE:
        out += [f"mpe:{row['mpe_class']}", "mpe:all"]
    out += [f"ai:{a}" for a in str(row.get("ai_areas") or "").split(";") if a]
    return out


def rows_of(table: pa.Table) -> list[Row]:
    """An Arrow table as a list of dicts."""
    return table.to_pylist()


def total_by(rows: Iterable[Row], keys: tuple[str, ...], value: Callable[[Row], float]) -> dict[tuple[Any, ...], float]:
    """Sum of ``value(row)`` per key tuple."""
    out: dict[tuple[Any, ...], float] = defaultdict(float)
    for r in rows:
        out[tuple(r[k] for k in keys)] += value(r)
    return dict(out)


def ratio(part: float | None, whole: float | None) -> float | None:
    """``part / whole``, None when the whole is zero or missing."""
    return None if not whole or part is None else part / whole


def by_country(rows: Iterable[Row], country: str) -> list[Row]:
    """The rows of one importer."""
    return [r for r in rows if r["importer"] == country]
