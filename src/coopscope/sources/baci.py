"""The BACI loader: a CEPII BACI release (zip, folder or yearly CSVs) into the store.

BACI's raw layout is ``t,i,j,k,v,q``: year, exporter and importer as BACI's numeric country codes
(mapped to ISO3 with BACI's own country table — they differ from ISO numeric for France, Italy,
Norway, Switzerland, India, the USA, Taiwan …), HS6 product, value in **thousand** USD (converted
to USD here) and quantity in metric tons. The loader streams each file in batches, copes with the
real files' quirks (quoted or bare header, CRLF, space-padded or ``NA`` quantities, codes that lost
their leading zero) and stops at the first bad value with the file, line and column.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv

from coopscope.errors import InputError
from coopscope.options import HS_REVISIONS, UnknownCountries, check_bool, check_option
from coopscope.sources.baci_files import Member, Release, find_release
from coopscope.sources.baci_tables import load_country_table, product_codes
from coopscope.sources.baci_values import Codebook, DuplicateCheck, canonical_batch
from coopscope.sources.progress import progress
from coopscope.store import SourceRecord, Store, sha256_of, sha256_of_dir

RAW_COLUMNS = ("t", "i", "j", "k", "v", "q")
LINE = re.compile(r"\bline (\d+)")
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
DUCKDB_BATCH_ROWS = 1 << 20


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
    spark: Any = None,
) -> IngestResult:
    """Ingest a BACI release into the store at ``store_dir`` (created if needed).

    Ingesting the same source twice changes nothing. On any error the store is left unchanged.
    ``synthetic`` defaults to whether the release says so (a ``SYNTHETIC`` marker file).
    With ``spark`` (a SparkSession), each yearly file is read and written by a task on the
    cluster (:mod:`coopscope.sources.baci_spark`); the release and the store must then be on a
    path every worker sees. The rows, checks and errors are the same.
    """
    check_option("--unknown-countries", unknown_countries, UnknownCountries)
    replace = check_bool("replace", replace)
    synthetic = None if synthetic is None else check_bool("synthetic", synthetic)
    release = find_release(Path(path))
    revision = _revision(release, hs_revision)
    store = Store.open(store_dir, create=True)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="coopscope-sha256") as pool:
        # the checksum is computed while the file is read; a source seen before is checked first
        sha = pool.submit(_checksum, Path(path))
        where = location or str(Path(path).resolve())
        source = _Source(release, revision, sha, where, synthetic, unknown_countries, replace)
        if any(s.location == source.location for s in store.sources()) and (found := store.find_source(sha.result())):
            return IngestResult(found, True)
        if spark is not None:
            return _ingest(store, source, typed=True, spark=spark)
        try:
            return _ingest(store, source, typed=True)
        except FastPathFailed:
            # a value the typed reader could not parse: read as text, which names the file, line and column
            return _ingest(store, source, typed=False)


def _checksum(path: Path) -> str:
    return sha256_of(path) if path.is_file() else sha256_of_dir([p for p in path.iterdir() if p.is_file()])


@dataclass(frozen=True)
class _Source:
    release: Release
    revision: str
    sha256: Future[str]
    location: str
    synthetic: bool | None
    unknown_countries: str
    replace: bool


class FastPathFailed(Exception):
    """The typed CSV reader met a value it could not convert."""


def _ingest(store: Store, source: _Source, *, typed: bool, spark: Any = None) -> IngestResult:
    release = source.release
    with store.transaction() as tx:
        kept = _ingest_on_spark(spark, tx, source) if spark is not None else _ingest_here(tx, source, typed=typed)
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
            synthetic=release.synthetic if source.synthetic is None else source.synthetic,
            details={"unknown_countries_kept": sorted(kept)} if kept else {},
            replace=source.replace,
        )
    return IngestResult(record, False)


def _ingest_here(tx: Any, source: _Source, *, typed: bool) -> set[str]:
    """Each year read on this machine and staged in ``tx``; the unknown country codes kept."""
    release = source.release
    book = Codebook.build(
        load_country_table(release.countries), product_codes(release.products, source.revision), source.revision
    )
    kept: set[str] = set()
    for year, member in release.years:
        for batch in read_baci_csv(member, book, source.unknown_countries, kept, year, typed=typed):
            tx.write_trade(batch)
    return kept


def _ingest_on_spark(spark: Any, tx: Any, source: _Source) -> set[str]:
    """Each year read and written by a Spark task into ``tx``'s staging folder; the codes kept."""
    from coopscope.sources import baci_spark

    if len(source.release.paths) != 1:
        raise InputError(
            f"{source.release.location}: Spark ingests a release zip, a folder of yearly files or one file.",
            "give the path of the release.",
        )
    tasks = [
        baci_spark.YearTask(str(source.release.paths[0].resolve()), year, source.revision, source.unknown_countries,
                            str(tx.year_part(year)))
        for year, _member in source.release.years
    ]  # fmt: skip
    done = baci_spark.run_years(spark, tasks)
    baci_spark.raise_first_error(done)
    for answer in done:
        tx.adopt_year(answer.year, answer.rows, answer.value_total)
    return {code for answer in done for code in answer.kept}


def _revision(release: Release, given: str | None) -> str:
    revision = (given or release.hs_revision or "").upper()
    if revision not in HS_REVISIONS:
        raise InputError(
            f"{release.location}: the HS revision is not in the file name.",
            f"pass --hs-revision (one of {', '.join(HS_REVISIONS)}).",
        )
    return revision


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
    book: Codebook,
    unknown_countries: str = "error",
    kept: set[str] | None = None,
    expected_year: int = 0,
    *,
    typed: bool = False,
) -> Iterator[pa.Table]:
    """Stream one yearly BACI CSV as canonical, checked trade batches.

    ``typed`` parses numbers while reading (fast: a plain file is parsed by DuckDB on every core);
    a value it cannot parse raises ``FastPathFailed`` so the caller can read again as text, where
    errors name their line and column.
    """
    checker = DuplicateCheck(member.name)
    try:
        with progress(f"Reading {Path(member.name).name}", member.size, unit="bytes") as advance:
            line = 2
            for table in _raw_batches(member, advance, typed=typed):
                canonical, keys = canonical_batch(
                    table,
                    member.name,
                    line,
                    book,
                    unknown_countries,
                    kept if kept is not None else set(),
                    expected_year,
                )
                checker.add(keys)
                yield canonical
                line += table.num_rows
        checker.finish()
    except InputError as exc:
        raise _relocated(exc, member) from None


def _relocated(exc: InputError, member: Member) -> InputError:
    """The error with its line numbers counted in the file, blank lines included (the reader skips them)."""
    numbers = {int(n) for n in LINE.findall(exc.message)}
    mapping = _physical_lines(member, numbers) if numbers else {}
    if all(mapping.get(n, n) == n for n in numbers):
        return exc
    message = LINE.sub(lambda m: f"line {mapping.get(int(m.group(1)), int(m.group(1)))}", exc.message)
    return type(exc)(message, exc.hint)


def _physical_lines(member: Member, rows: set[int]) -> dict[int, int]:
    """Counted line (header = 1, then one per non-empty line) -> line in the file."""
    out, counted, last = {}, 1, max(rows)
    with member.open() as fh:
        for physical, raw in enumerate(fh, start=1):
            if physical > 1 and raw.rstrip(b"\r\n"):
                counted += 1
                if counted in rows:
                    out[counted] = physical
            if counted >= last:
                break
    return out


def _raw_batches(member: Member, advance: Any, *, typed: bool) -> Iterator[pa.Table]:
    """The raw ``t,i,j,k,v,q`` batches of one file, in file order."""
    if typed and member.path is not None and _bare_layout(member.path):
        yield from _duckdb_batches(member.path, member.size, advance)
        return
    with member.open() as raw:
        reader = _open_reader(member, _Counting(raw, advance), typed=typed)  # type: ignore[arg-type]
        line = 2
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowInvalid as exc:
                if typed and "conversion error" in str(exc):
                    raise FastPathFailed from exc
                raise _damaged(member, line, exc) from exc
            except (OSError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
                raise _damaged(member, line, exc) from exc
            yield pa.Table.from_batches([batch])
            line += batch.num_rows


def _damaged(member: Member, line: int, exc: Exception) -> InputError:
    if "straddl" in str(exc):
        return InputError(
            f"{member.name}: a line near line {line} is longer than {BLOCK_BYTES >> 20} MB.",
            "BACI lines are short; the file is damaged or not a BACI file.",
        )
    return InputError(
        f"{member.name}: cannot be read near line {line} ({_short(exc)}).",
        "the file is damaged or truncated; download it again.",
    )


def _bare_layout(path: Path) -> bool:
    """Whether the file starts with BACI's header in BACI's column order (quoted or not)."""
    with open(path, "rb") as fh:
        header = fh.readline(4096).decode("utf-8", errors="replace")
    return [name.strip().strip('"') for name in header.strip().split(",")] == list(RAW_COLUMNS)


def _duckdb_batches(path: Path, size: int, advance: Any) -> Iterator[pa.Table]:
    """Typed batches parsed by DuckDB's parallel CSV reader, in file order.

    Any value DuckDB cannot read (a bad number, a short line, a truncated file) raises
    ``FastPathFailed``: the text reader then finds it and names its line and column.
    """
    import duckdb

    columns = {name: ("DOUBLE" if name in ("v", "q") else "BIGINT") for name in RAW_COLUMNS}
    query = (
        "SELECT t, i, j, k, v, q FROM read_csv($path, header = true, delim = ',', quote = '\"', escape = '\"', "
        "auto_detect = false, strict_mode = true, columns = $columns, nullstr = $nulls)"
    )
    con = duckdb.connect()
    try:
        with open(path, "rb") as fh:
            sample = fh.read(1 << 16)
        bytes_per_row = len(sample) / max(sample.count(b"\n"), 1)
        done = 0
        reader = con.sql(query, params={"path": str(path), "columns": columns, "nulls": NA_SPELLINGS}).to_arrow_reader(
            DUCKDB_BATCH_ROWS
        )
        for batch in reader:
            step = min(int(batch.num_rows * bytes_per_row), size - done)
            advance(step)
            done += step
            yield pa.Table.from_batches([batch])
        advance(size - done)
    except (duckdb.Error, OSError, pa.ArrowException) as exc:
        # DuckDB's errors after the first batch reach here through Arrow's stream as OSError
        raise FastPathFailed from exc
    finally:
        con.close()


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
            raise FastPathFailed from exc
        if "straddl" in str(exc):
            raise _damaged(member, 2, exc) from None
        raise InputError(
            f"{member.name}: cannot be read as CSV ({_short(exc)}).", "the file is empty, damaged or not a BACI CSV."
        ) from exc
    except (OSError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise InputError(
            f"{member.name}: cannot be read as CSV ({_short(exc)}).", "the file is empty, damaged or not a BACI CSV."
        ) from exc
    try:
        names = reader.schema.names
    except UnicodeDecodeError:
        raise InputError.at(
            member.name, "the header is not UTF-8 text", "a BACI file has the header t,i,j,k,v,q.", line=1
        ) from None
    twice = [c for c in RAW_COLUMNS if names.count(c) > 1]
    if twice:
        raise InputError.at(
            member.name, "the column appears twice in the header", "keep one t,i,j,k,v,q each.", line=1, column=twice[0]
        )
    missing = [c for c in RAW_COLUMNS if c not in names]
    if missing:
        raise InputError.at(
            member.name,
            f"missing column(s) {', '.join(missing)}",
            "a BACI file has the header t,i,j,k,v,q.",
            line=1,
            column=missing[0],
        )
    return reader
