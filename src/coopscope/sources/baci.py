"""The BACI loader: a CEPII BACI release (zip, folder or yearly CSVs) into the store.

BACI's raw layout is ``t,i,j,k,v,q``: year, exporter and importer as BACI's numeric country codes
(mapped to ISO3 with BACI's own country table — they differ from ISO numeric for France, Italy,
Norway, Switzerland, India, the USA, Taiwan …), HS6 product, value in **thousand** USD (converted
to USD here) and quantity in metric tons. The loader streams each file in batches, copes with the
real files' quirks (quoted or bare header, CRLF, space-padded or ``NA`` quantities, codes that lost
their leading zero) and stops at the first bad value with the file, line and column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from coopscope.errors import InputError, UnknownCodeError
from coopscope.options import HS_REVISIONS, UnknownCountries, check_option
from coopscope.progress import progress
from coopscope.schema import TRADE_SCHEMA
from coopscope.sources.baci_files import Member, Release, find_release
from coopscope.store import SourceRecord, Store, sha256_of, sha256_of_dir

RAW_COLUMNS = ("t", "i", "j", "k", "v", "q")
# BACI writes a missing quantity as NA, right-aligned in a quoted field of fixed width.
NA_SPELLINGS = ["", *(" " * n + "NA" for n in range(24))]
TYPED_COLUMNS = {
    "t": pa.int64(),
    "i": pa.int64(),
    "j": pa.int64(),
    "k": pa.int64(),
    "v": pa.float64(),
    "q": pa.float64(),
}
BLOCK_BYTES = 16 << 20
# Packaged HS6 lists that are complete (the HS2022 nomenclature and the HS2022-HS2017 correlation);
# older revisions are only known through one-to-one concordances, which miss codes.
COMPLETE_CODE_LISTS = ("HS17", "HS22")


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: the manifest record and whether the source was already in the store."""

    record: SourceRecord
    already_ingested: bool


def ingest_baci(
    path: Path | str,
    store_dir: Path | str,
    *,
    unknown_countries: str = "error",
    hs_revision: str | None = None,
    replace: bool = False,
    synthetic: bool | None = None,
    location: str | None = None,
) -> IngestResult:
    """Ingest a BACI release into the store at ``store_dir`` (created if needed).

    Ingesting the same source twice changes nothing. On any error the store is left unchanged.
    ``synthetic`` defaults to whether the release says so (a ``SYNTHETIC`` marker file).
    """
    check_option("--unknown-countries", unknown_countries, UnknownCountries)
    release = find_release(Path(path))
    revision = _revision(release, hs_revision)
    store = Store.open(store_dir, create=True)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="coopscope-sha256") as pool:
        # the checksum is computed while the file is read; a source seen before is checked first
        sha = pool.submit(_checksum, Path(path))
        where = location or str(Path(path).resolve())
        source = _Source(release, revision, sha, where, synthetic, unknown_countries, replace)
        if any(s.location == source.location for s in store.sources()) and (found := _found(store, sha.result())):
            return IngestResult(found, True)
        try:
            return _ingest(store, source, typed=True)
        except _FastPathFailed:
            # a value the typed reader could not parse: read as text, which names the file, line and column
            return _ingest(store, source, typed=False)


def _checksum(path: Path) -> str:
    return sha256_of(path) if path.is_file() else sha256_of_dir([p for p in path.iterdir() if p.is_file()])


def _found(store: Store, sha256: str) -> SourceRecord | None:
    return next((s for s in store.sources() if s.sha256 == sha256), None)


@dataclass(frozen=True)
class _Source:
    release: Release
    revision: str
    sha256: Future[str]
    location: str
    synthetic: bool | None
    unknown_countries: str
    replace: bool


class _FastPathFailed(Exception):
    """The typed CSV reader met a value it could not convert."""


def _ingest(store: Store, source: _Source, *, typed: bool) -> IngestResult:
    release = source.release
    with store.transaction() as tx:
        countries = load_country_table(release.countries)
        products = _product_codes(release.products, source.revision)
        kept: set[str] = set()
        for year, member in release.years:
            reader = read_baci_csv(
                member, countries, products, source.revision, source.unknown_countries, kept, year, typed=typed
            )
            for batch in reader:
                tx.write_trade(batch)
        if tx.rows == 0:
            raise InputError(
                f"{release.location}: holds no flows (only a header?).",
                "check that the file is a complete BACI yearly file.",
            )
        if found := tx.find_source(source.sha256.result()):
            return IngestResult(found, True)  # the same bytes under another name: nothing changes
        record = tx.commit_source(
            location=source.location,
            sha256=source.sha256.result(),
            kind="baci",
            hs_revision=source.revision,
            release=release.release or "",
            synthetic=_is_synthetic(release) if source.synthetic is None else source.synthetic,
            details={"unknown_countries_kept": sorted(kept)} if kept else {},
            replace=source.replace,
        )
    return IngestResult(record, False)


def _revision(release: Release, given: str | None) -> str:
    revision = (given or release.hs_revision or "").upper()
    if revision not in HS_REVISIONS:
        raise InputError(
            f"{release.location}: the HS revision is not in the file name.",
            f"pass --hs-revision (one of {', '.join(HS_REVISIONS)}).",
        )
    return revision


def _is_synthetic(release: Release) -> bool:
    """A synthetic world carries a SYNTHETIC*.txt member (see coopscope.synth)."""
    return release.synthetic


def load_country_table(member: Member | None) -> dict[str, str]:
    """BACI numeric code (text, no padding) -> ISO3, from the release's table or the packaged one."""
    if member is None:
        text = resources.files("coopscope.data").joinpath("baci_country_codes_V202201.csv").read_text("utf-8")
    else:
        with member.open() as fh:
            raw = fh.read()
        text = raw.decode("utf-8") if _is_utf8(raw) else raw.decode("latin-1")
    rows = list(csv.DictReader(io.StringIO(text)))
    key = next((k for k in ("country_code", "code") if rows and k in rows[0]), None)
    iso = next((k for k in ("iso_3digit_alpha", "country_iso3") if rows and k in rows[0]), None)
    if key is None or iso is None:
        where = member.name if member else "packaged country table"
        raise InputError(f"{where}: no country_code / iso_3digit_alpha columns.", "use BACI's own country_codes file.")
    table = _supplement() | {
        str(int(r[key])): r[iso].strip().upper() for r in rows if r[key].strip() and r[iso].strip()
    }
    return table


def _supplement() -> dict[str, str]:
    """Codes the packaged V202201 table lacks or that later releases changed (see data/SOURCES.md)."""
    text = resources.files("coopscope.data").joinpath("baci_country_codes_supplement.csv").read_text("utf-8")
    return {r["country_code"]: r["iso_3digit_alpha"] for r in csv.DictReader(io.StringIO(text))}


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _product_codes(member: Member | None, revision: str) -> frozenset[str] | None:
    if member is not None:
        with member.open() as fh:
            rows = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", errors="replace"))
            return frozenset(str(r["code"]).strip().zfill(6) for r in rows if str(r.get("code", "")).strip())
    if revision not in COMPLETE_CODE_LISTS:
        return None
    from coopscope.classify.hs import valid_hs6_codes

    return valid_hs6_codes(revision)


class _Counting(io.RawIOBase):
    """A read-only stream that reports how many bytes were read (for the progress bar)."""

    def __init__(self, inner: IO[bytes], advance: Any) -> None:
        self.inner, self.advance = inner, advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.advance(len(data))
        return len(data)


def read_baci_csv(
    member: Member,
    countries: dict[str, str],
    products: frozenset[str] | None,
    revision: str,
    unknown_countries: str = "error",
    kept: set[str] | None = None,
    expected_year: int = 0,
    *,
    typed: bool = False,
) -> Iterator[pa.Table]:
    """Stream one yearly BACI CSV as canonical, checked trade batches.

    ``typed`` parses numbers while reading (fast); a value it cannot parse raises ``_FastPathFailed``
    so the caller can read again as text, where errors name their line and column.
    """
    with progress(f"Reading {Path(member.name).name}", member.size, unit="bytes") as advance, member.open() as raw:
        reader = _open_reader(member, _Counting(raw, advance), typed=typed)  # type: ignore[arg-type]
        line, keys = 2, []
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid as exc:
                if typed and "conversion error" in str(exc):
                    raise _FastPathFailed from exc
                raise InputError(
                    f"{member.name}: cannot be read near line {line} ({_short(exc)}).",
                    "the file is damaged or truncated; download it again.",
                ) from exc
            except (OSError, EOFError, zipfile.BadZipFile) as exc:
                raise InputError(
                    f"{member.name}: cannot be read near line {line} ({_short(exc)}).",
                    "the file is damaged or truncated; download it again.",
                ) from exc
            table = pa.Table.from_batches([batch])
            canonical, batch_keys = _to_canonical(
                table,
                member.name,
                line,
                countries,
                products,
                revision,
                unknown_countries,
                kept if kept is not None else set(),
                expected_year,
            )
            keys.append(batch_keys)
            yield canonical
            line += table.num_rows
        _check_duplicates(keys, member.name)


def _check_duplicates(keys: list[np.ndarray], source: str) -> None:
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


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160]


def _open_reader(member: Member, stream: IO[bytes], *, typed: bool = False) -> pacsv.CSVStreamingReader:
    types = TYPED_COLUMNS if typed else dict.fromkeys(RAW_COLUMNS, pa.string())
    convert = pacsv.ConvertOptions(
        column_types=types,
        null_values=NA_SPELLINGS,
        strings_can_be_null=False,
        quoted_strings_can_be_null=typed,
    )
    try:
        reader = pacsv.open_csv(stream, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES), convert_options=convert)
    except pa.ArrowInvalid as exc:
        if typed and "conversion error" in str(exc):
            raise _FastPathFailed from exc
        raise InputError(
            f"{member.name}: cannot be read as CSV ({_short(exc)}).", "the file is empty, damaged or not a BACI CSV."
        ) from exc
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"{member.name}: cannot be read as CSV ({_short(exc)}).", "the file is empty, damaged or not a BACI CSV."
        ) from exc
    missing = [c for c in RAW_COLUMNS if c not in reader.schema.names]
    if missing:
        raise InputError.at(
            member.name,
            f"missing column(s) {', '.join(missing)}",
            "a BACI file has the header t,i,j,k,v,q.",
            line=1,
            column=missing[0],
        )
    return reader


def _to_canonical(
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
