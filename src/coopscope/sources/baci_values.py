"""Mapping and checking raw BACI batches (``t,i,j,k,v,q``) into canonical trade rows.

Every value is checked here, and the first bad one stops the ingest with its file, line and
column: whole numbers for years and codes, BACI country codes known to the country table, six-digit
products of the revision, finite non-negative values and quantities, each flow once per file.

Codes are mapped through lookup tables indexed by BACI's numbers (a :class:`Codebook`), and the
text columns come out dictionary-encoded (ISO3 and HS6 dictionaries, indices per row): the store
writes them as Parquet dictionary pages directly, and every reader sees plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import InputError, UnknownCodeError
from coopscope.schema import YEAR_MAX, YEAR_MIN

CODE_LIMIT = 1_000_000  # BACI's numbers (countries: 3 digits, products: 6) are below this
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


@dataclass
class Codebook:
    """Lookup tables from BACI's numbers to positions in the ISO3 and HS6 dictionaries.

    ``country_index[code]`` and ``product_index[code]`` are −1 for unknown codes. Countries kept
    as ``X<code>`` (``--unknown-countries keep``) are appended to the country dictionary.
    Without a product list (older revisions), products are encoded batch by batch.
    """

    revision: str
    country_index: np.ndarray
    countries: list[str]
    product_index: np.ndarray | None
    products: pa.Array | None
    _country_array: pa.Array | None = field(default=None, repr=False)

    @classmethod
    def build(cls, countries: dict[str, str], products: frozenset[str] | None, revision: str) -> Codebook:
        """The lookup tables for one release: BACI code → ISO3, and the revision's HS6 codes."""
        names = sorted(set(countries.values()))
        position = {name: n for n, name in enumerate(names)}
        country_index = np.full(CODE_LIMIT, -1, dtype=np.int32)
        for code, iso3 in countries.items():
            country_index[int(code)] = position[iso3]
        if products is None:
            return cls(revision, country_index, names, None, None)
        codes = sorted(products)
        product_index = np.full(CODE_LIMIT, -1, dtype=np.int32)
        product_index[np.array([int(c) for c in codes], dtype=np.int64)] = np.arange(len(codes), dtype=np.int32)
        return cls(revision, country_index, names, product_index, pa.array(codes, pa.string()))

    def keep_country(self, code: int) -> None:
        """Add an unknown BACI code as ``X<code>`` (zero-padded to three digits)."""
        self.country_index[code] = len(self.countries)
        self.countries.append(f"X{code:03d}")
        self._country_array = None

    def country_dictionary(self) -> pa.Array:
        """The ISO3 dictionary as an Arrow array (rebuilt only when a code was kept)."""
        if self._country_array is None:
            self._country_array = pa.array(self.countries, pa.string())
        return self._country_array


class DuplicateCheck:
    """Each (year, exporter, importer, product) once per file, checked as batches arrive.

    BACI files are sorted by exporter, importer and product, so strictly increasing keys prove
    there is no repeat without sorting; otherwise the keys are sorted once at the end.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.keys: list[np.ndarray] = []
        self.sorted = True
        self.last = -1

    def add(self, keys: np.ndarray) -> None:
        """Record one batch's keys (int64, see :func:`flow_keys`)."""
        self.keys.append(keys)
        if self.sorted and keys.size:
            self.sorted = bool(keys[0] > self.last) and bool((keys[1:] > keys[:-1]).all())
            self.last = int(keys[-1])

    def finish(self) -> None:
        """Raise on the first repeated flow, naming both its lines."""
        if not self.sorted:
            check_duplicates(self.keys, self.source)


def flow_keys(year: np.ndarray, i: np.ndarray, j: np.ndarray, k: np.ndarray) -> np.ndarray:
    """One int64 per flow: year, exporter and importer codes (< 1000) and the product (< 10⁶)."""
    return ((year * 1000 + i) * 1000 + j) * 1_000_000 + k


def check_duplicates(keys: list[np.ndarray], source: str) -> None:
    """Each (year, exporter, importer, product) once per file; names both lines of the first repeat."""
    if not keys:
        return
    flat = np.concatenate(keys)
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
    book: Codebook,
    unknown: str,
    kept: set[str],
    expected_year: int,
) -> tuple[pa.Table, np.ndarray]:
    """Map and check one raw batch; every value is checked here, so the result is canonical.

    Returns the batch in the trade schema's column order (text columns dictionary-encoded) and
    its flow keys for the duplicate check.
    """
    year = _integers(table, "t", source, line)
    outside = (year < YEAR_MIN) | (year > YEAR_MAX)
    if outside.any():
        _raise_at(
            table, pa.array(outside), "t", source, line, "not a trade year", f"years lie in {YEAR_MIN}-{YEAR_MAX}"
        )
    if expected_year and not (year == expected_year).all():
        bad = pa.array(year != expected_year)
        _raise_at(
            table,
            bad,
            "t",
            source,
            line,
            f"year differs from the file name's {expected_year}",
            "each yearly file holds one year",
        )
    i = _integers(table, "i", source, line)
    j = _integers(table, "j", source, line)
    exporter = _countries(table, i, "i", source, line, book, unknown, kept)
    importer = _countries(table, j, "j", source, line, book, unknown, kept)
    k, product = _products(table, source, line, book)
    n = table.num_rows
    out = [
        pa.array(year),
        exporter,
        importer,
        product,
        pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([book.revision])),
        _thousands(table, source, line),
        _floats(table, "q", source, line, nullable=True),
    ]
    names = ["year", "exporter", "importer", "product", "hs_revision", "value_usd", "quantity_t"]
    return pa.Table.from_arrays(out, names=names), flow_keys(year, i, j, k)


def _thousands(table: pa.Table, source: str, line: int) -> Any:
    """Values in USD (BACI's are in thousands); a value that overflows a float is refused."""
    value = pc.multiply(_floats(table, "v", source, line, nullable=False), 1000.0)
    finite = pc.is_finite(value)
    if not pc.all(finite).as_py():
        _raise_at(table, pc.invert(finite), "v", source, line, "too large for a number", "'v' is in thousand USD")
    return value


def _raise_at(table: pa.Table, bad: Any, column: str, source: str, line: int, what: str, hint: str) -> None:
    index = pc.index(pc.fill_null(bad, True), True).as_py()
    if index < 0:
        raise InputError.at(source, what, hint + ".", line=line, column=column)
    raise InputError.at(
        source, f"{what}: {shown(table[column][index].as_py())}", hint + ".", line=line + index, column=column
    )


def shown(value: Any, limit: int = 40) -> str:
    """A value for an error message: its repr, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _integers(table: pa.Table, column: str, source: str, line: int) -> np.ndarray:
    """Whole numbers as int64; the fast path is a plain cast, the slow path finds the first bad line."""
    values = table[column]
    if values.null_count:
        _raise_at(table, pc.is_null(values), column, source, line, "empty", "BACI codes and years are digits")
    try:
        return np.asarray(pc.cast(values, pa.int64()).to_numpy())
    except pa.ArrowInvalid:
        text = pc.utf8_trim_whitespace(values)
    ok = pc.match_substring_regex(text, r"^[0-9]{1,6}$")
    if not pc.all(ok).as_py():
        _raise_at(table, pc.invert(ok), column, source, line, "not a whole number", "BACI codes and years are digits")
    return np.asarray(pc.cast(text, pa.int64()).to_numpy())


def _floats(table: pa.Table, column: str, source: str, line: int, *, nullable: bool) -> Any:
    """Non-negative finite numbers (``NA`` or empty → null where ``nullable``)."""
    if pa.types.is_floating(table[column].type):  # parsed by the typed reader
        values = table[column]
        if not nullable and values.null_count:
            _raise_at(table, pc.is_null(values), column, source, line, "empty", f"'{column}' must be a number")
        return _non_negative(table, values, column, source, line)
    text = pc.utf8_trim_whitespace(table[column]) if nullable else table[column]
    if nullable:
        text = pc.if_else(pc.or_(pc.equal(text, ""), pc.equal(text, "NA")), pa.scalar(None, pa.string()), text)
    numeric = _numeric(text)
    if not pc.all(numeric).as_py():
        hint = f"'{column}' must be a number" + (" or NA" if nullable else "")
        _raise_at(table, pc.invert(numeric), column, source, line, "not a number", hint)
    return _non_negative(table, pc.cast(text, pa.float64()), column, source, line)


def _non_negative(table: pa.Table, values: Any, column: str, source: str, line: int) -> Any:
    finite = pc.fill_null(pc.is_finite(values), True)  # NaN is not finite; min/max would skip it
    if not pc.all(finite).as_py():
        _raise_at(table, pc.invert(finite), column, source, line, "not a number", f"'{column}' must be a number")
    low = pc.min(values).as_py()
    if low is not None and low < 0:
        negative = pc.fill_null(pc.less(values, 0.0), False)
        _raise_at(table, negative, column, source, line, "negative value", "trade values and quantities are >= 0")
    return values


def _numeric(text: Any) -> Any:
    trimmed = pc.utf8_trim_whitespace(text)
    pattern = r"^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
    return pc.fill_null(pc.match_substring_regex(trimmed, pattern), True)


def _lookup(index: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """``index[numbers]``, with −1 for numbers outside the table."""
    if numbers.size and (numbers.min() < 0 or numbers.max() >= index.size):
        inside = (numbers >= 0) & (numbers < index.size)
        out = np.full(numbers.size, -1, dtype=np.int32)
        out[inside] = index[numbers[inside]]
        return out
    return index[numbers]


def _countries(
    table: pa.Table,
    numbers: np.ndarray,
    column: str,
    source: str,
    line: int,
    book: Codebook,
    unknown: str,
    kept: set[str],
) -> pa.DictionaryArray:
    """ISO3 codes (dictionary-encoded) for BACI's numeric country codes."""
    index = _lookup(book.country_index, numbers)
    missing = index < 0
    if missing.any():
        bad = sorted({int(code) for code in numbers[missing]})
        first = int(np.flatnonzero(missing)[0])
        if unknown == "error" or bad[-1] >= 1000 or bad[0] < 0:
            raise UnknownCodeError.codes(
                "BACI country",
                [str(code) for code in bad],
                f"{source}, line {line + first}, column '{column}'",
                "the code is not in BACI's country table; pass --unknown-countries keep to keep such codes as X<code>."
                if unknown == "error"
                else "BACI country codes have at most three digits.",
            )
        for code in bad:
            book.keep_country(code)
            kept.add(str(code))
        index = _lookup(book.country_index, numbers)
    return pa.DictionaryArray.from_arrays(pa.array(index), book.country_dictionary())


def _products(table: pa.Table, source: str, line: int, book: Codebook) -> tuple[np.ndarray, pa.DictionaryArray]:
    """Product numbers, and zero-padded six-digit codes (dictionary-encoded); 5 digits are fine."""
    try:
        numbers: np.ndarray | None = _integers(table, "k", source, line) if table["k"].null_count == 0 else None
    except InputError:
        numbers = None
    ok = numbers is not None and numbers.size > 0 and numbers.min() >= 1000 and numbers.max() < CODE_LIMIT
    if numbers is None or (numbers.size and not ok):
        text = table["k"] if pa.types.is_string(table["k"].type) else pc.cast(table["k"], pa.string())
        shape = pc.match_substring_regex(pc.utf8_trim_whitespace(text), r"^[0-9]{5,6}$")
        _raise_at(
            table,
            pc.invert(shape),
            "k",
            source,
            line,
            "not a 6-digit HS code",
            "HS6 products have 6 digits (5 when BACI dropped the leading zero)",
        )
    assert numbers is not None
    if book.product_index is None or book.products is None:
        unique, inverse = np.unique(numbers, return_inverse=True)
        codes = pc.utf8_lpad(pc.cast(pa.array(unique), pa.string()), 6, "0")
        return numbers, pa.DictionaryArray.from_arrays(pa.array(inverse.astype(np.int32)), codes)
    index = _lookup(book.product_index, numbers)
    known = index >= 0
    if not known.all():
        _raise_at(
            table,
            pa.array(~known),
            "k",
            source,
            line,
            f"not an {book.revision} six-digit code",
            f"a shortened or mistyped code; {book.revision} codes come from the release's product_codes table",
        )
    return numbers, pa.DictionaryArray.from_arrays(pa.array(index), book.products)
