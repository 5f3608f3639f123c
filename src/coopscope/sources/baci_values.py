"""Mapping and checking raw BACI batches (``t,i,j,k,v,q``) into canonical trade rows.

Every value is checked here, and the first bad one stops the ingest with its file, line and
column: whole numbers for years and codes, BACI country codes known to the country table, six-digit
products of the revision, finite non-negative values and quantities, each flow once per file.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import InputError, UnknownCodeError
from coopscope.schema import TRADE_SCHEMA


def check_duplicates(keys: list[np.ndarray], source: str) -> None:
    """Each (year, exporter, importer, product) once per file; names both lines of the first repeat."""
    if not keys:
        return
    flat = np.concatenate(keys)
    step = np.diff(flat)
    if (step > 0).all():  # BACI files are sorted by exporter, importer, product: no sort needed
        return
    order = np.argsort(flat, kind="stable")
    repeated = np.flatnonzero(flat[order][1:] == flat[order][:-1])
    if repeated.size == 0:
        return
    first, second = sorted(order[[repeated[0], repeated[0] + 1]])
    key = int(flat[first])
    year, rest = divmod(key, 10**12)
    pair, k = divmod(rest, 10**6)
    i, j = divmod(pair, 1000)
    raise InputError.at(
        source,
        f"duplicate flow {year} {i}→{j} {k:06d} (also line {first + 2})",
        "each flow may appear once; sum duplicates before ingesting.",
        line=int(second) + 2,
        column="k",
    )


def canonical_batch(
    table: pa.Table,
    source: str,
    line: int,
    countries: dict[str, str],
    products: frozenset[str] | None,
    revision: str,
    unknown: str,
    kept: set[str],
    expected_year: int,
) -> tuple[pa.Table, np.ndarray]:
    """Map and check one raw batch; every value is checked here, so the result is canonical."""
    year = _integers(table, "t", source, line)
    if expected_year and not pc.all(pc.equal(year, expected_year)).as_py():
        _raise_at(
            table,
            pc.not_equal(year, expected_year),
            "t",
            source,
            line,
            f"year differs from the file name's {expected_year}",
            "each yearly file holds one year",
        )
    exporter, i = _countries(table, "i", source, line, countries, unknown, kept)
    importer, j = _countries(table, "j", source, line, countries, unknown, kept)
    product, k = _products(table, source, line, products, revision)
    out = {
        "year": year,
        "exporter": exporter,
        "importer": importer,
        "product": product,
        "hs_revision": pa.array([revision] * table.num_rows, pa.string()),
        "value_usd": pc.multiply(_floats(table, "v", source, line, nullable=False), 1000.0),
        "quantity_t": _floats(table, "q", source, line, nullable=True),
    }
    keys = ((year.to_numpy() * 1000 + i.to_numpy()) * 1000 + j.to_numpy()) * 1_000_000 + k.to_numpy()
    return pa.table(out, schema=TRADE_SCHEMA), keys


def _raise_at(table: pa.Table, bad: Any, column: str, source: str, line: int, what: str, hint: str) -> None:
    index = pc.index(pc.fill_null(bad, True), True).as_py()
    value = table[column][index].as_py()
    raise InputError.at(source, f"{what}: {value!r}", hint + ".", line=line + index, column=column)


def _integers(table: pa.Table, column: str, source: str, line: int) -> Any:
    """Whole numbers; the fast path is a plain cast, the slow path finds the first bad line."""
    try:
        return pc.cast(table[column], pa.int64())
    except pa.ArrowInvalid:
        text = pc.utf8_trim_whitespace(table[column])
    ok = pc.match_substring_regex(text, r"^[0-9]{1,6}$")
    if not pc.all(ok).as_py():
        _raise_at(table, pc.invert(ok), column, source, line, "not a whole number", "BACI codes and years are digits")
    return pc.cast(text, pa.int64())


def _floats(table: pa.Table, column: str, source: str, line: int, *, nullable: bool) -> Any:
    """Non-negative finite numbers (``NA`` or empty → null where ``nullable``)."""
    if pa.types.is_floating(table[column].type):  # parsed by the typed reader
        return _non_negative(table, table[column], column, source, line)
    text = pc.utf8_trim_whitespace(table[column]) if nullable else table[column]
    if nullable:
        text = pc.if_else(pc.or_(pc.equal(text, ""), pc.equal(text, "NA")), pa.scalar(None, pa.string()), text)
    try:
        values = pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        values = None
    if values is None or not pc.all(pc.fill_null(pc.is_finite(values), True)).as_py():
        _raise_at(
            table,
            pc.invert(_numeric(text)),
            column,
            source,
            line,
            "not a number",
            f"'{column}' must be a number" + (" or NA" if nullable else ""),
        )
    return _non_negative(table, values, column, source, line)


def _non_negative(table: pa.Table, values: Any, column: str, source: str, line: int) -> Any:
    finite = pc.fill_null(pc.is_finite(values), True)
    if not pc.all(finite).as_py():
        _raise_at(table, pc.invert(finite), column, source, line, "not a number", f"'{column}' must be a number")
    negative = pc.fill_null(pc.less(values, 0.0), False)
    if pc.any(negative).as_py():
        _raise_at(table, negative, column, source, line, "negative value", "trade values and quantities are >= 0")
    return values


def _numeric(text: Any) -> Any:
    trimmed = pc.utf8_trim_whitespace(text)
    pattern = r"^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
    return pc.fill_null(pc.match_substring_regex(trimmed, pattern), True)


def _countries(
    table: pa.Table, column: str, source: str, line: int, countries: dict[str, str], unknown: str, kept: set[str]
) -> tuple[Any, Any]:
    """ISO3 codes (and the numeric codes) for BACI's numeric country codes."""
    numbers = _integers(table, column, source, line)
    index = pc.index_in(numbers, value_set=pa.array([int(c) for c in countries], pa.int64()))
    iso = pc.take(pa.array(list(countries.values()), pa.string()), index)
    missing = pc.is_null(index)
    if not pc.any(missing).as_py():
        return iso, numbers
    codes = pc.cast(numbers, pa.string())
    bad = sorted(set(pc.filter(codes, missing).to_pylist()))
    if unknown == "error":
        first = pc.index(missing, True).as_py()
        raise UnknownCodeError.codes(
            "BACI country",
            bad,
            f"{source}, line {line + first}, column '{column}'",
            "the code is not in BACI's country table; pass --unknown-countries keep to keep such codes as X<code>.",
        )
    kept.update(bad)
    return pc.if_else(missing, pc.binary_join_element_wise("X", pc.utf8_lpad(codes, 3, "0"), ""), iso), numbers


def _products(
    table: pa.Table, source: str, line: int, products: frozenset[str] | None, revision: str
) -> tuple[Any, Any]:
    """Zero-padded six-digit codes (and their numbers); BACI writes k as a number, so 5 digits are fine."""
    try:
        numbers = pc.cast(table["k"], pa.int64())
        ok = pc.and_(pc.greater_equal(numbers, 1000), pc.less(numbers, 1_000_000))
    except pa.ArrowInvalid:
        numbers, ok = None, None
    if ok is None or not pc.all(ok).as_py():
        shape = pc.match_substring_regex(pc.utf8_trim_whitespace(table["k"]), r"^[0-9]{5,6}$")
        _raise_at(
            table,
            pc.invert(shape),
            "k",
            source,
            line,
            "not a 6-digit HS code",
            "HS6 products have 6 digits (5 when BACI dropped the leading zero)",
        )
        numbers = pc.cast(pc.utf8_trim_whitespace(table["k"]), pa.int64())
    if products is None:
        return pc.utf8_lpad(pc.cast(numbers, pa.string()), 6, "0"), numbers
    codes = sorted(products)
    index = pc.index_in(numbers, value_set=pa.array([int(p) for p in codes], pa.int64()))
    known = pc.is_valid(index)
    if not pc.all(known).as_py():
        _raise_at(
            table,
            pc.invert(known),
            "k",
            source,
            line,
            f"not an {revision} six-digit code",
            f"a shortened or mistyped code; {revision} codes come from the release's product_codes table",
        )
    return pc.take(pa.array(codes, pa.string()), index), numbers
