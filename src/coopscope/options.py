"""Literal aliases for every option, and the one checker that validates them.

Options are checked once, at the boundary (CLI, public API), with :func:`check_option`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeVar, get_args

from coopscope.errors import OptionError

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
            if not (1000 <= start <= end <= 9999):
                raise ValueError(part)
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
