"""Three-valued tests for size rules: true, false, or cannot decide because a field is missing.

Combination follows Kleene's logic: ``all_of`` is false as soon as one part is false, whatever is
missing elsewhere; it is undecided only when no part is false and some part lacks data. The
missing fields travel with the verdict so that an undecided rule says exactly what it lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """Outcome of a test: ``value`` None means undecided for lack of the fields in ``missing``."""

    value: bool | None
    why: tuple[str, ...] = ()
    missing: frozenset[str] = frozenset()

    def text(self) -> str:
        """The reasons, or "cannot decide: missing …"."""
        if self.value is None:
            return "cannot decide: missing " + ", ".join(sorted(self.missing))
        return "; ".join(self.why)


def fact(value: bool | None, why: str, field: str) -> Verdict:
    """A recorded yes/no fact (None = not recorded, reported as missing ``field``)."""
    return Verdict(None, (), frozenset({field})) if value is None else Verdict(value, (why if value else "not " + why,))


def compare(x: float | None, op: str, limit: float, field: str, shown: str, limit_shown: str) -> Verdict:
    """``x op limit`` for op in <, <=, >=, >; a missing ``x`` makes the test undecided."""
    if x is None:
        return Verdict(None, (), frozenset({field}))
    value = {"<": x < limit, "<=": x <= limit, ">=": x >= limit, ">": x > limit}[op]
    negated = {"<": ">=", "<=": ">", ">=": "<", ">": "<="}[op]
    return Verdict(value, (f"{field} {shown} {op if value else negated} {limit_shown}",))


def all_of(parts: Iterable[Verdict]) -> Verdict:
    """Kleene AND."""
    parts = list(parts)
    false = [p for p in parts if p.value is False]
    if false:
        return Verdict(False, tuple(w for p in false for w in p.why))
    unknown = [p for p in parts if p.value is None]
    if unknown:
        return Verdict(None, (), frozenset().union(*(p.missing for p in unknown)))
    return Verdict(True, tuple(w for p in parts for w in p.why))


def any_of(parts: Iterable[Verdict]) -> Verdict:
    """Kleene OR."""
    parts = list(parts)
    true = [p for p in parts if p.value is True]
    if true:
        return Verdict(True, tuple(w for p in true for w in p.why))
    unknown = [p for p in parts if p.value is None]
    if unknown:
        return Verdict(None, (), frozenset().union(*(p.missing for p in unknown)))
    return Verdict(False, tuple(w for p in parts for w in p.why))


def negate(v: Verdict) -> Verdict:
    """Kleene NOT (the reasons are kept)."""
    return Verdict(None if v.value is None else not v.value, v.why, v.missing)


def money(x: float, currency: str) -> str:
    """Amount in the unit people use: 억원 for KRW, 万元 for CNY, else millions."""
    if currency == "KRW":
        return f"{x / 1e8:,.1f}억원"
    if currency == "CNY":
        return f"{x / 1e4:,.1f}万元"
    return f"{x / 1e6:,.2f}M {currency}"
