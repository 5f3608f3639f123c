"""Literal aliases for every option, and the one checker that validates them.

Options are checked once, at the boundary (CLI, public API), with :func:`check_option` and the
value checkers below (codes, booleans, counts, finite numbers, plain names, years).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal, TypeVar, get_args

from coopscope.errors import OptionError

YEAR_MIN = 1950
YEAR_MAX = datetime.now(UTC).year + 1
"""Trade years accepted anywhere (files, APIs, options): no trade statistics before 1950 or after next year."""

EngineName = Literal["duckdb", "spark"]
HsRevision = Literal["HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22"]
OutputFormat = Literal["table", "csv", "json", "parquet"]
SynthScale = Literal["tiny", "demo", "medium", "full"]
UnknownCountries = Literal["error", "keep"]
DependenceMethod = Literal["eu2021", "geodep", "kita", "kiet"]
PresenceRule = Literal["rca", "rpop", "both", "manual"]
DataBasis = Literal["reconciled", "reported_imports", "mirror_exports"]
ProximityKind = Literal["symmetric", "asymmetric", "continuous"]

HS_REVISIONS: tuple[str, ...] = get_args(HsRevision)
ENGINES: tuple[str, ...] = get_args(EngineName)
OUTPUT_FORMATS: tuple[str, ...] = get_args(OutputFormat)

_T = TypeVar("_T", bound=str)


def check_option(name: str, value: str, alias: object) -> str:
    """Return ``value`` if it is one of the Literal ``alias``'s choices, else raise OptionError."""
    choices = get_args(alias)
    if value not in choices:
        raise OptionError(
            f"{name}: '{value}' is not a valid choice.",
            f"use one of: {', '.join(map(str, choices))}.",
        )
    return value


_CODE = re.compile(r"^[A-Z][A-Z0-9]{2}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def check_codes(name: str, value: str | Sequence[str]) -> tuple[str, ...]:
    """Country codes from ``"USA,JPN"`` or ``["USA", "JPN"]`` (a plain string is never read letter by letter).

    Every entry must be a three-character ISO3-style code; empty entries (``"FOO,,BAR"``) are refused.
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = tuple(str(item).strip().upper() for item in items)
    bad = [c for c in codes if not _CODE.match(c)]
    if not codes or bad:
        shown = ", ".join(repr(c) for c in bad[:3]) or "nothing"
        raise OptionError(
            f"{name}: {shown} is not a country code.", "give ISO3 codes separated by commas, e.g. USA,JPN,DEU."
        )
    return codes


def check_bool(name: str, value: object) -> bool:
    """A true/false option; ``"no"``, ``"false"``, ``"0"`` are false (never truthy text), other values an error."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise OptionError(f"{name}: {value!r} is not true or false.", "use true/false (yes/no, 1/0).")


def check_count(name: str, value: object, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number in ``[minimum, maximum]`` (e.g. ``--top``: 0 or -5 are refused)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < minimum
        or (maximum is not None and value > maximum)
    ):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise OptionError(
            f"{name}: {value!r} is not a whole number of at least {minimum}{upper}.", f"e.g. {name} {max(minimum, 10)}."
        )
    return value


def check_finite(name: str, value: object) -> float:
    """A finite number (NaN and ±infinity refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise OptionError(f"{name}: {value!r} is not a finite number.", "give a number such as 1.0.")
    return float(value)


def check_name(name: str, value: str) -> str:
    """A name that becomes a file name (profiles): letters, digits, ``_ . -``; no folders, no ``..``."""
    if not _NAME.match(value) or ".." in value:
        raise OptionError(f"{name}: {value!r} is not a plain name.", "use letters, digits, _ . - (no / or ..).")
    return value


def check_years(name: str, years: Sequence[int]) -> list[int]:
    """Trade years, each in the schema's range (a 20-digit ``--year`` is refused, not overflowed)."""
    bad = [
        y for y in years if isinstance(y, bool) or not isinstance(y, numbers.Integral) or not YEAR_MIN <= y <= YEAR_MAX
    ]
    if bad:
        raise OptionError(f"{name}: {str(bad[0])[:24]} is not a trade year.", f"years lie in {YEAR_MIN}-{YEAR_MAX}.")
    return [int(y) for y in years]


def parse_years(value: int | str | Sequence[int | str] | None, option: str = "--year") -> list[int]:
    """Years as ``2022``, ``"2019-2022"``, ``"2019,2021"`` (or a mix) or a sequence, sorted and unique.

    ``None`` gives an empty list (the caller picks its default). Anything else is an OptionError.
    """
    if value is None:
        return []
    parts = [str(v) for v in value] if isinstance(value, Sequence) and not isinstance(value, str) else [str(value)]
    years: set[int] = set()
    try:
        for part in (p.strip() for text in parts for p in text.split(",")):
            first, _, last = part.partition("-")
            start, end = int(first), int(last or first)
            if end < start:
                raise OptionError(
                    f"{option}: '{part}' is not a year range: it runs backwards.", f"write {end}-{start}."
                )
            check_years(option, [start, end])  # bounded: a range never reaches outside trade years
            years.update(range(start, end + 1))
    except ValueError:
        raise OptionError(
            f"{option}: '{','.join(parts)}' is not a year, a range or a list of years.",
            "write e.g. 2022, 2019-2022 or 2019,2021.",
        ) from None
    return sorted(years)


def check_present(option: str, wanted: Sequence[_T | int], present: Sequence[_T | int], what: str) -> None:
    """An OptionError when any of ``wanted`` is not in ``present``, listing what is there."""
    missing = [w for w in wanted if w not in present]
    if missing:
        shown = ", ".join(map(str, present)) or "none"
        raise OptionError(
            f"{option}: {', '.join(map(str, missing))} not in {what}.",
            f"{what} has: {shown}.",
        )
