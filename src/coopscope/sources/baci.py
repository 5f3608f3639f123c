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
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from coopscope.errors import InputError, UnknownCodeError
from coopscope.options import HS_REVISIONS, UnknownCountries, check_option
from coopscope.progress import progress
from coopscope.schema import check_trade_arrow
from coopscope.sources.baci_files import Member, Release, find_release
from coopscope.store import SourceRecord, Store, sha256_of, sha256_of_dir

RAW_COLUMNS = ("t", "i", "j", "k", "v", "q")
BLOCK_BYTES = 16 << 20


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: the manifest record and whether the source was already in the store."""

    record: SourceRecord
    already_ingested: bool


def ingest_baci(path: Path | str, store_dir: Path | str, *, unknown_countries: str = "error",
                hs_revision: str | None = None, replace: bool = False, synthetic: bool | None = None,
                location: str | None = None) -> IngestResult:
    """Ingest a BACI release into the store at ``store_dir`` (created if needed).

    Ingesting the same source twice changes nothing. On any error the store is left unchanged.
    ``synthetic`` defaults to whether the release says so (a ``SYNTHETIC`` marker file).
    """
    check_option("--unknown-countries", unknown_countries, UnknownCountries)
    release = find_release(Path(path))
    revision = _revision(release, hs_revision)
    sha = sha256_of(release.paths[0]) if Path(path).is_file() else sha256_of_dir(
        [p for p in Path(path).iterdir() if p.is_file()])
    store = Store.open(store_dir, create=True)
    with store.transaction() as tx:
        if found := tx.find_source(sha):
            return IngestResult(found, True)
        countries = load_country_table(release.countries)
        products = _product_codes(release.products, revision)
        is_synth = _is_synthetic(release) if synthetic is None else synthetic
        kept: set[str] = set()
        for year, member in release.years:
            for batch in read_baci_csv(member, countries, products, revision, unknown_countries, kept, year):
                tx.write_trade(batch)
        details = {"unknown_countries_kept": sorted(kept)} if kept else {}
        record = tx.commit_source(location=location or str(path), sha256=sha, kind="baci", hs_revision=revision,
                                  release=release.release or "", synthetic=is_synth, details=details,
                                  replace=replace)
    return IngestResult(record, False)


def _revision(release: Release, given: str | None) -> str:
    revision = (given or release.hs_revision or "").upper()
    if revision not in HS_REVISIONS:
        raise InputError(f"{release.location}: the HS revision is not in the file name.",
                         f"pass --hs-revision (one of {', '.join(HS_REVISIONS)}).")
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
    table = _supplement() | {str(int(r[key])): r[iso].strip().upper() for r in rows if r[key].strip() and r[iso].strip()}
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
    try:
        from coopscope.classify.hs import valid_hs6_codes
    except ImportError:
        return None
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


def read_baci_csv(member: Member, countries: dict[str, str], products: frozenset[str] | None, revision: str,
                  unknown_countries: str = "error", kept: set[str] | None = None,
                  expected_year: int = 0) -> Iterator[pa.Table]:
    """Stream one yearly BACI CSV as canonical, checked trade batches."""
    with progress(f"Reading {Path(member.name).name}", member.size, unit="bytes") as advance, member.open() as raw:
        reader = _open_reader(member, _Counting(raw, advance))
        line = 2
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, OSError, EOFError) as exc:
                raise InputError(f"{member.name}: cannot be read near line {line} ({_short(exc)}).",
                                 "the file is damaged or truncated; download it again.") from exc
            table = pa.Table.from_batches([batch])
            yield _to_canonical(table, member.name, line, countries, products, revision, unknown_countries,
                                kept if kept is not None else set(), expected_year)
            line += table.num_rows


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160]


def _open_reader(member: Member, stream: IO[bytes]) -> pacsv.CSVStreamingReader:
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(RAW_COLUMNS, pa.string()), strings_can_be_null=False,
                                   quoted_strings_can_be_null=False)
    try:
        reader = pacsv.open_csv(stream, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
                                convert_options=convert)
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        raise InputError(f"{member.name}: cannot be read as CSV ({_short(exc)}).",
                         "the file is empty, damaged or not a BACI CSV.") from exc
    missing = [c for c in RAW_COLUMNS if c not in reader.schema.names]
    if missing:
        raise InputError.at(member.name, f"missing column(s) {', '.join(missing)}",
                            "a BACI file has the header t,i,j,k,v,q.", line=1, column=missing[0])
    return reader


def _to_canonical(table: pa.Table, source: str, line: int, countries: dict[str, str],
                  products: frozenset[str] | None, revision: str, unknown: str, kept: set[str],
                  expected_year: int) -> pa.Table:
    year = _integers(table, "t", source, line)
    if expected_year and not pc.all(pc.equal(year, expected_year)).as_py():
        _raise_at(table, pc.not_equal(year, expected_year), "t", source, line,
                  f"year differs from the file name's {expected_year}", "each yearly file holds one year")
    out = {
        "year": year,
        "exporter": _countries(table, "i", source, line, countries, unknown, kept),
        "importer": _countries(table, "j", source, line, countries, unknown, kept),
        "product": _products(table, source, line, products, revision),
        "hs_revision": pa.array([revision] * table.num_rows, pa.string()),
        "value_usd": pc.multiply(_floats(table, "v", source, line, nullable=False), 1000.0),
        "quantity_t": _floats(table, "q", source, line, nullable=True),
    }
    return check_trade_arrow(pa.table(out), source, first_line=line)


def _stripped(table: pa.Table, column: str) -> Any:
    return pc.utf8_trim_whitespace(table[column])


def _raise_at(table: pa.Table, bad: Any, column: str, source: str, line: int, what: str, hint: str) -> None:
    index = pc.index(pc.fill_null(bad, True), True).as_py()
    value = table[column][index].as_py()
    raise InputError.at(source, f"{what}: {value!r}", hint + ".", line=line + index, column=column)


def _integers(table: pa.Table, column: str, source: str, line: int) -> Any:
    text = _stripped(table, column)
    ok = pc.match_substring_regex(text, r"^[0-9]{1,6}$")
    if not pc.all(ok).as_py():
        _raise_at(table, pc.invert(ok), column, source, line, "not a whole number", "BACI codes and years are digits")
    return pc.cast(text, pa.int64())


def _floats(table: pa.Table, column: str, source: str, line: int, *, nullable: bool) -> Any:
    text = _stripped(table, column)
    missing = pc.or_(pc.equal(text, ""), pc.equal(pc.utf8_upper(text), "NA"))
    numeric = pc.match_substring_regex(text, r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
    bad = pc.invert(pc.or_(numeric, missing)) if nullable else pc.invert(numeric)
    if pc.any(bad).as_py():
        _raise_at(table, bad, column, source, line, "not a number", f"'{column}' must be a number"
                  + (" or NA" if nullable else ""))
    values = pc.cast(pc.if_else(missing, None, text), pa.float64())
    negative = pc.fill_null(pc.less(values, 0.0), False)
    if pc.any(negative).as_py():
        _raise_at(table, negative, column, source, line, "negative value", "trade values and quantities are >= 0")
    return values


def _countries(table: pa.Table, column: str, source: str, line: int, countries: dict[str, str], unknown: str,
               kept: set[str]) -> Any:
    codes = pc.cast(_integers(table, column, source, line), pa.string())
    keys = pa.array(list(countries), pa.string())
    index = pc.index_in(codes, value_set=keys)
    iso = pc.take(pa.array(list(countries.values()), pa.string()), index)
    missing = pc.is_null(index)
    if not pc.any(missing).as_py():
        return iso
    bad = sorted(set(pc.filter(codes, missing).to_pylist()))
    if unknown == "error":
        first = pc.index(missing, True).as_py()
        raise UnknownCodeError.codes("BACI country", bad, f"{source}, line {line + first}, column '{column}'",
                                     "the code is not in BACI's country table; pass --unknown-countries keep "
                                     "to keep such codes as X<code>.")
    kept.update(bad)
    return pc.if_else(missing, pc.binary_join_element_wise("X", pc.utf8_lpad(codes, 3, "0"), ""), iso)


def _products(table: pa.Table, source: str, line: int, products: frozenset[str] | None, revision: str) -> Any:
    text = _stripped(table, "k")
    ok = pc.match_substring_regex(text, r"^[0-9]{5,6}$")
    if not pc.all(ok).as_py():
        _raise_at(table, pc.invert(ok), "k", source, line, "not a 6-digit HS code",
                  "HS6 products have 6 digits (5 when BACI dropped the leading zero)")
    padded = pc.utf8_lpad(text, 6, "0")
    if products is not None:
        known = pc.is_in(padded, value_set=pa.array(sorted(products), pa.string()))
        if not pc.all(known).as_py():
            _raise_at(table, pc.invert(known), "k", source, line, f"not an {revision} six-digit code",
                      f"a shortened or mistyped code; {revision} codes come from the release's product_codes table")
    return padded
