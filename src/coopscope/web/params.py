"""Checking what a request asks for: countries, products, years, rules, paging (the web's boundary).

Every value is checked here, once, against the reference tables and the store snapshot; nothing a
request sends reaches the filesystem. A bad value is a :class:`WebError` (HTTP 4xx) that names the
parameter, says what is allowed and lists the nearest known values.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from coopscope.classify.countries import BUILTIN_GROUPS, country_table
from coopscope.errors import CoopscopeError

METHODS = ("eu2021", "geodep", "kita", "kiet")
RULES = (*METHODS, "all")
MPE_CLASSES = ("materials", "parts", "equipment", "consumer", "unclassified")
TECH_CLASSES = ("high", "medium-high", "medium", "medium-low", "low", "unclassified")
LANGS = ("en", "ko", "zh")
MAX_PER_PAGE = 500
MAX_DOWNLOAD_ROWS = 200_000
MAX_YEARS = 30
_HS6 = re.compile(r"^[0-9]{6}$")


class WebError(CoopscopeError):
    """A request the dashboard cannot answer: HTTP ``status``, the ``param`` at fault, ``nearest`` known values."""

    def __init__(
        self, message: str, hint: str, *, status: int = 422, param: str = "", nearest: Sequence[str] = ()
    ) -> None:
        super().__init__(message, hint)
        self.status = status
        self.param = param
        self.nearest = list(nearest)


@dataclass(frozen=True)
class Paging:
    """Page number (from 1) and rows per page (at most MAX_PER_PAGE)."""

    page: int = 1
    per_page: int = 50

    @property
    def offset(self) -> int:
        """Rows skipped before this page."""
        return (self.page - 1) * self.per_page


def nearest(value: str, known: Sequence[str], n: int = 5) -> list[str]:
    """Up to ``n`` known values closest to ``value``: longest shared prefix first, else by spelling."""
    value = value.strip().upper()
    out: list[str] = []
    for size in range(min(len(value), 6), 1, -1):
        out += [k for k in sorted(known) if k.upper().startswith(value[:size]) and k not in out]
        if len(out) >= n:
            break
    return out[:n] or difflib.get_close_matches(value, list(known), n=n, cutoff=0.3)


def country(value: str, param: str, *, allowed: Sequence[str] | None = None) -> str:
    """An ISO3 country code (any case) known to the reference table, and present in ``allowed`` if given."""
    codes = country_table()["iso3"].to_pylist()
    code = (value or "").strip().upper()
    pool = list(allowed) if allowed is not None else codes
    if code in pool:
        return code
    known = "not in this store" if code in codes else "not an ISO3 country code"
    raise WebError(
        f"{param}={value!r}: {known}.",
        "pass an ISO3 code such as KOR or CHN; the nearest are listed in 'nearest'.",
        status=404 if code in codes else 422,
        param=param,
        nearest=nearest(code, pool),
    )


def countries(value: str, param: str, *, allowed: Sequence[str] | None = None, most: int = 10) -> tuple[str, ...]:
    """A comma-separated list of ISO3 codes (or one built-in group name such as G7), checked."""
    text = (value or "").strip()
    if text in BUILTIN_GROUPS:
        return BUILTIN_GROUPS[text]
    parts = [p for p in re.split(r"[,\s]+", text) if p]
    if not parts or len(parts) > most:
        raise WebError(
            f"{param}={value!r}: give 1 to {most} ISO3 codes separated by commas.", "e.g. USA,JPN,DEU.", param=param
        )
    return tuple(dict.fromkeys(country(p, param, allowed=allowed) for p in parts))


def hs6(value: str, known: Sequence[str]) -> str:
    """A six-digit HS code present in the store."""
    code = (value or "").strip()
    if _HS6.match(code) and code in set(known):
        return code
    what = "not in this store's products" if _HS6.match(code) else "not a six-digit HS code"
    raise WebError(
        f"product {value!r}: {what}.",
        "pass six digits such as 854231; the nearest codes are listed in 'nearest'.",
        status=404,
        param="hs6",
        nearest=nearest(code, known),
    )


def year(value: int | None, years: Sequence[int], param: str = "year") -> int:
    """A year of the store (the latest when None)."""
    if not years:
        raise WebError("the store holds no years of trade data.", "ingest and build first.", status=409, param=param)
    if value is None:
        return max(years)
    if value not in years:
        shown = [str(y) for y in sorted(years, key=lambda y: abs(y - value))[:5]]
        raise WebError(
            f"{param}={value}: not a year of this store.",
            f"years present: {min(years)}–{max(years)}.",
            status=404,
            param=param,
            nearest=shown,
        )
    return value


def year_range(first: int | None, last: int | None, years: Sequence[int]) -> list[int]:
    """The store's years from ``first`` to ``last`` (both optional, inclusive)."""
    lo = first if first is not None else min(years, default=0)
    hi = last if last is not None else max(years, default=0)
    chosen = [y for y in sorted(years) if lo <= y <= hi]
    if not chosen or len(chosen) > MAX_YEARS:
        raise WebError(
            f"years {lo}–{hi}: no year of the store in that range (or more than {MAX_YEARS}).",
            f"years present: {', '.join(map(str, sorted(years)))}.",
            param="from",
            nearest=[str(y) for y in sorted(years)[-5:]],
        )
    return chosen


def choice(value: str | None, allowed: Sequence[str], param: str, default: str | None = None) -> str | None:
    """One of ``allowed`` (or ``default`` when empty)."""
    if value in (None, ""):
        return default
    if value in allowed:
        return value
    raise WebError(
        f"{param}={value!r}: not one of {', '.join(allowed)}.",
        f"choose one of {', '.join(allowed)}.",
        param=param,
        nearest=difflib.get_close_matches(str(value), list(allowed), n=3, cutoff=0.3) or list(allowed)[:5],
    )


def paging(page: int, per_page: int) -> Paging:
    """Checked paging: page >= 1, 1 <= per_page <= MAX_PER_PAGE."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise WebError(
            f"page={page}, per_page={per_page}: out of range.",
            f"page starts at 1; per_page is 1 to {MAX_PER_PAGE} (download the whole table with format=csv).",
            param="per_page",
        )
    return Paging(page, per_page)


def lang(value: str | None, accept_language: str | None, default: str) -> str:
    """The page language: ``?lang=`` if valid, else the best of Accept-Language, else ``default``."""
    if value in LANGS:
        return value
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGS:
            return tag
    return default
