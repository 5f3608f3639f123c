"""Literal aliases for every option, and the one checker that validates them.

Options are checked once, at the boundary (CLI, public API), with :func:`check_option`.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

from coopscope.errors import OptionError

EngineName = Literal["duckdb", "spark"]
HsRevision = Literal["HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22"]
OutputFormat = Literal["table", "csv", "json", "parquet"]
SynthScale = Literal["tiny", "demo", "medium", "full"]
UnknownCountries = Literal["error", "keep"]
DependenceMethod = Literal["eu2021", "geodep", "kita", "kiet"]
PresenceRule = Literal["rca", "rpop", "both", "manual"]
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
