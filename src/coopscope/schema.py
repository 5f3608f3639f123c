"""Canonical tables: column -> type, and the functions that check a table at a boundary.

The trade table has one row per flow (METHODS.md notation: exporter i, importer j, product k):

=============  ==========  =====================================================
column         type        meaning
=============  ==========  =====================================================
year           int64       calendar year of the flow
exporter       string      ISO3 code of the exporting economy
importer       string      ISO3 code of the importing economy
product        string      HS code as zero-padded digits (6 for HS6)
hs_revision    string      one of HS92, HS96, HS02, HS07, HS12, HS17, HS22
value_usd      float64     value in US dollars (BACI's thousands already converted)
quantity_t     float64     quantity in metric tons, null when unknown
=============  ==========  =====================================================
"""

from __future__ import annotations

from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import InputError, SchemaError
from coopscope.options import HS_REVISIONS, YEAR_MAX, YEAR_MIN

TRADE_COLUMNS: dict[str, pa.DataType] = {
    "year": pa.int64(),
    "exporter": pa.string(),
    "importer": pa.string(),
    "product": pa.string(),
    "hs_revision": pa.string(),
    "value_usd": pa.float64(),
    "quantity_t": pa.float64(),
}
TRADE_SCHEMA = pa.schema([pa.field(n, t, nullable=(n == "quantity_t")) for n, t in TRADE_COLUMNS.items()])
STORED_TRADE_SCHEMA = pa.schema(
    [f.with_type(pa.dictionary(pa.int32(), pa.string())) if f.type == pa.string() else f for f in TRADE_SCHEMA]
)
"""The trade schema as the store writes it: text columns dictionary-encoded (read back as strings)."""
TRADE_KEY = ("year", "exporter", "importer", "product", "hs_revision")


_ISO3 = r"^[A-Z][A-Z0-9]{2,3}$"
_DIGITS = r"^[0-9]{2,10}$"


def ibis_trade_schema() -> ibis.Schema:
    """The trade schema as an Ibis schema (for empty tables and casts)."""
    return ibis.schema({n: _ibis_type(n) for n in TRADE_COLUMNS})


def _ibis_type(name: str) -> str:
    return {"year": "int64", "value_usd": "float64", "quantity_t": "float64"}.get(name, "string")


def check_trade_columns(table: ibis.Table, source: str = "trade table") -> ibis.Table:
    """Check that a lazy Ibis table has the canonical trade columns; return it cast and ordered.

    Only names and type families are checked (no data is read); values are checked by
    :func:`check_trade_arrow` where data is materialised.
    """
    missing = [c for c in TRADE_COLUMNS if c not in table.columns]
    if missing:
        raise SchemaError(
            f"{source}: missing column(s) {', '.join(missing)}.",
            f"a trade table needs {', '.join(TRADE_COLUMNS)}; use --map to rename columns.",
        )
    for name in ("value_usd", "quantity_t", "year"):
        dtype = table[name].type()
        if not (dtype.is_numeric() or dtype.is_null()):
            raise SchemaError(f"{source}: column '{name}' has type {dtype}, not a number.", "convert it first.")
    return table.select(**{n: table[n].cast(_ibis_type(n)) for n in TRADE_COLUMNS})


def check_trade_arrow(table: pa.Table, source: str, *, first_line: int = 2) -> pa.Table:
    """Check the values of a materialised trade table; return it in canonical column order.

    Raises :class:`InputError` naming the line (``first_line`` is the line of row 0) and column
    of the first bad value: non-ISO3 codes, non-digit products, an unknown HS revision, a
    negative or missing value, or a duplicate flow.
    """
    table = _cast_arrow(table, source)
    _check_pattern(table, "exporter", _ISO3, source, first_line, "country codes must be ISO3 (e.g. KOR)")
    _check_pattern(table, "importer", _ISO3, source, first_line, "country codes must be ISO3 (e.g. CHN)")
    _check_pattern(table, "product", _DIGITS, source, first_line, "HS codes are zero-padded digits")
    bad_rev = pc.invert(pc.is_in(table["hs_revision"], pa.array(HS_REVISIONS)))
    _raise_first(
        table,
        bad_rev,
        "hs_revision",
        source,
        first_line,
        "not a known HS revision",
        f"use one of {', '.join(HS_REVISIONS)}",
    )
    value = table["value_usd"]
    bad_value = pc.or_kleene(pc.is_null(value, nan_is_null=True), pc.less(value, 0.0))
    _raise_first(
        table,
        pc.fill_null(bad_value, True),
        "value_usd",
        source,
        first_line,
        "value is missing or negative",
        "trade values must be zero or positive numbers",
    )
    check_finite_values(table, source, first_line=first_line)
    _check_duplicates(table, source, first_line)
    return table


def check_finite_values(table: pa.Table, source: str, *, first_line: int = 2) -> None:
    """Raise InputError at the first non-finite value or quantity (NaN, ±Inf) or a year out of range.

    Quantities may be null (unknown); values may not. Years must lie in [YEAR_MIN, YEAR_MAX].
    """
    for column in ("value_usd", "quantity_t"):
        if column in table.column_names:
            values = table[column]
            bad = pc.invert(pc.fill_null(pc.is_finite(values), column == "quantity_t"))
            _raise_first(table, bad, column, source, first_line, "not a finite number", "NaN and infinity are refused")
    if "year" in table.column_names:
        year = table["year"]
        bad_year = pc.fill_null(pc.or_(pc.less(year, YEAR_MIN), pc.greater(year, YEAR_MAX)), True)
        _raise_first(
            table, bad_year, "year", source, first_line, "year out of range", f"years lie in {YEAR_MIN}-{YEAR_MAX}"
        )


def _cast_arrow(table: pa.Table, source: str) -> pa.Table:
    missing = [c for c in TRADE_COLUMNS if c not in table.column_names]
    if missing:
        raise SchemaError(
            f"{source}: missing column(s) {', '.join(missing)}.", f"a trade table needs {', '.join(TRADE_COLUMNS)}."
        )
    try:
        return table.select(list(TRADE_COLUMNS)).cast(TRADE_SCHEMA)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        raise SchemaError(
            f"{source}: a column has the wrong type ({exc}).", "numbers must be numeric, codes text."
        ) from exc


def _check_pattern(table: pa.Table, column: str, pattern: str, source: str, first_line: int, hint: str) -> None:
    bad = pc.invert(pc.fill_null(pc.match_substring_regex(table[column], pattern), False))
    _raise_first(table, bad, column, source, first_line, "malformed code", hint)


def _raise_first(table: pa.Table, bad: Any, column: str, source: str, first_line: int, what: str, hint: str) -> None:
    if not pc.any(bad).as_py():
        return
    index = pc.index(bad, True).as_py()
    text = repr(table[column][index].as_py())
    value = text if len(text) <= 40 else f"{text[:40]}… ({len(text):,} characters)"
    raise InputError.at(source, f"{what}: {value}", hint + ".", line=first_line + index, column=column)


def _check_duplicates(table: pa.Table, source: str, first_line: int) -> None:
    counts = table.group_by(list(TRADE_KEY)).aggregate([([], "count_all")])
    dup = counts.filter(pc.greater(counts["count_all"], 1))
    if dup.num_rows == 0:
        return
    row = dup.slice(0, 1).to_pylist()[0]
    mask = pc.and_(*[pc.equal(table[k], row[k]) for k in ("exporter", "importer")])
    mask = pc.and_(mask, pc.and_(pc.equal(table["product"], row["product"]), pc.equal(table["year"], row["year"])))
    lines = [first_line + i for i in pc.indices_nonzero(mask).to_pylist()[:2]]
    key = f"{row['year']} {row['exporter']}→{row['importer']} {row['product']}"
    raise InputError.at(
        source,
        f"duplicate flow {key} (also line {lines[0]})",
        "each flow may appear once; sum duplicates before ingesting.",
        line=lines[-1],
        column="product",
    )


def empty_trade_table() -> pa.Table:
    """An empty Arrow table with the canonical trade schema."""
    return TRADE_SCHEMA.empty_table()
