"""UN Comtrade files into the store: the API's own layout and the bulk-download layout.

Two layouts are read, told apart by their headers:

* the API response as saved by clients such as R ``comtradr``: 47 snake_case columns
  (``ref_year, reporter_iso, partner_iso, flow_code, cmd_code, primary_value, net_wgt,
  classification_code`` …);
* the bulk files and the API's JSON fields: camelCase (``refYear, reporterISO, partnerISO,
  flowCode, cmdCode, primaryValue, netWgt, classificationCode`` …), comma- or tab-separated,
  optionally gzip-compressed. camelCase names are turned into the snake_case ones. A file with
  area codes only (``reporterCode``, ``partnerCode``: UN Comtrade's M49-based codes) gets its
  ISO3 from the same code table BACI uses (France 251, USA 842, …).

Rows kept: annual (``freqCode`` A), HS-coded (``classificationCode`` H0…H6 → HS92…HS22), product
codes of ``product_digits`` digits, partner and reporter that are economies (ISO3 of three letters;
``S19`` "Other Asia, nes" is Taiwan, TWN, as in BACI), and totals over the second partner, mode of
transport and customs procedure. Dropped rows are counted by reason: the world (``W00``) and other
aggregate or "nes" areas, aggregate product codes (``TOTAL``, 2/4 digits), flows other than M and X,
and breakdown rows. Imports (M) are stored as reported by the importer (basis
``reported_imports``: exporter = partner); exports (X) as the partner-side mirror (basis
``mirror_exports``: exporter = reporter), so an analysis can choose. Values are ``primaryValue``
in USD; quantities are ``netWgt`` in kg, stored in metric tons.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from coopscope.errors import InputError
from coopscope.schema import TRADE_KEY, check_trade_arrow
from coopscope.sources.ingest_common import Committed, Group, check_codes, check_header, commit_groups
from coopscope.store import sha256_of

CLASSIFICATION_REVISION = {
    "H0": "HS92",
    "H1": "HS96",
    "H2": "HS02",
    "H3": "HS07",
    "H4": "HS12",
    "H5": "HS17",
    "H6": "HS22",
}
FLOW_BASIS = {"M": "reported_imports", "X": "mirror_exports"}
REQUIRED = ("ref_year", "reporter_iso", "partner_iso", "flow_code", "cmd_code", "primary_value", "classification_code")
ISO_OVERRIDES = {"S19": "TWN"}
_ECONOMY = r"^[A-Z]{3}$"
_AGGREGATE_ISO = frozenset({"EUR", "WLD"})


@dataclass(frozen=True)
class ComtradeIngest:
    """What an ingest did: one entry per (basis, revision) source and the rows dropped by reason."""

    sources: list[Committed]
    rows_read: int
    dropped: dict[str, int]
    layout: str


def snake_case(name: str) -> str:
    """``reporterISO`` → ``reporter_iso``, ``partner2Code`` → ``partner2code`` (comtradr's spelling)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name.strip()).lower()


def read_comtrade(path: Path | str) -> tuple[pa.Table, str]:
    """Read a Comtrade file as text columns in snake_case, with a ``_line`` column; returns (table, layout)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file.", "check the path.")
    try:
        with pa.input_stream(str(path), compression="detect") as fh:
            raw = fh.read()
    except (OSError, pa.ArrowException) as exc:
        raise InputError(
            f"{path}: cannot be read ({str(exc).splitlines()[0][:120]}).",
            "the file is truncated or damaged (a broken .gz?); download it again.",
        ) from None
    delimiter, names = _sniff(raw, path)
    check_header([snake_case(n) for n in names], str(path))
    layout = "api-snake_case" if "ref_year" in names else "camelCase"
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            read_options=pacsv.ReadOptions(column_names=[snake_case(n) for n in names], skip_rows=1, encoding="utf-8"),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys([snake_case(n) for n in names], pa.string())
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputError(
            f"{path}: cannot be read as CSV ({str(exc).splitlines()[0][:160]}).",
            "the file is damaged, or not a UN Comtrade export.",
        ) from exc
    if table.num_rows == 0:
        raise InputError(f"{path}: holds no rows (only a header).", "export the data again from UN Comtrade.")
    table = _iso_from_codes(table)
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise InputError.at(
            str(path),
            f"missing column(s) {', '.join(missing)}",
            "expected the API layout (ref_year, reporter_iso …) or the bulk layout (refYear, reporterISO …).",
            line=1,
            column=missing[0],
        )
    return table.append_column("_line", pa.array(range(2, table.num_rows + 2), pa.int64())), layout


def _iso_from_codes(table: pa.Table) -> pa.Table:
    """Bulk files may carry only area codes: add ``*_iso`` from UN Comtrade's codes (BACI's table).

    A code without an ISO3 (0 = World, 899 = Areas nes, …) gets ``W00``-like text that the
    filter drops and counts as an aggregate area.
    """
    from coopscope.sources.baci import load_country_table

    for side in ("reporter", "partner"):
        if f"{side}_iso" in table.column_names or f"{side}_code" not in table.column_names:
            continue
        codes = load_country_table(None)
        text = pc.utf8_trim_whitespace(table[f"{side}_code"]).to_pylist()
        iso = [codes.get(c.lstrip("0") or "0", f"#{c}") if c else "" for c in text]
        table = table.append_column(f"{side}_iso", pa.array(iso, pa.string()))
    return table


def _sniff(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """The delimiter (tab or comma) and the header names of a Comtrade file."""
    head = raw[:4096].decode("utf-8-sig", errors="replace").splitlines()
    if not head:
        raise InputError(f"{path}: the file is empty.", "export the data again from UN Comtrade.")
    delimiter = "\t" if head[0].count("\t") > head[0].count(",") else ","
    return delimiter, next(csv.reader([head[0]], delimiter=delimiter))


def to_canonical(
    table: pa.Table, source: str, *, product_digits: int = 6
) -> tuple[dict[tuple[str, str], pa.Table], dict[str, int]]:
    """Filter and map a Comtrade table (from :func:`read_comtrade`) to canonical trade tables.

    Output: {(basis, hs_revision): checked canonical table}, and rows dropped by reason.
    """
    _check_frequency(table, source)
    keep, dropped = _keep_mask(table, product_digits)
    rows = table.filter(keep)
    _check_classification(rows, source)
    groups: dict[tuple[str, str], pa.Table] = {}
    for flow, basis in FLOW_BASIS.items():
        for code, revision in CLASSIFICATION_REVISION.items():
            part = rows.filter(pc.and_(pc.equal(rows["flow_code"], flow), pc.equal(rows["classification_code"], code)))
            if part.num_rows:
                groups[(basis, revision)] = _canonical(part, flow, revision, source)
    return groups, dropped


def _check_frequency(table: pa.Table, source: str) -> None:
    if "freq_code" not in table.column_names:
        return
    bad = pc.invert(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(table["freq_code"]), "A"), False))
    _raise_first(
        table,
        bad,
        "freq_code",
        source,
        "not annual data",
        "coopscope stores annual flows; download annual data (freqCode A)",
    )


def _keep_mask(table: pa.Table, digits: int) -> tuple[Any, dict[str, int]]:
    reporter, partner = _iso(table["reporter_iso"]), _iso(table["partner_iso"])
    flow = pc.utf8_trim_whitespace(table["flow_code"])
    tests = {
        "world_or_aggregate_area": pc.and_(_is_economy(reporter), _is_economy(partner)),
        "aggregate_product": pc.match_substring_regex(
            pc.utf8_trim_whitespace(table["cmd_code"]), f"^[0-9]{{{digits}}}$"
        ),
        "other_flow": pc.is_in(flow, pa.array(list(FLOW_BASIS))),
        "breakdown_row": _is_total_row(table),
    }
    keep = pa.array([True] * table.num_rows)
    dropped: dict[str, int] = {}
    for reason, ok in tests.items():
        ok = pc.fill_null(ok, False)
        newly = pc.sum(pc.and_(keep, pc.invert(ok))).as_py() or 0
        if newly:
            dropped[reason] = newly
        keep = pc.and_(keep, ok)
    return keep, dropped


def _iso(column: Any) -> Any:
    text = pc.utf8_upper(pc.utf8_trim_whitespace(column))
    for old, new in ISO_OVERRIDES.items():
        text = pc.if_else(pc.equal(text, old), new, text)
    return text


def _is_economy(iso: Any) -> Any:
    return pc.and_(pc.match_substring_regex(iso, _ECONOMY), pc.invert(pc.is_in(iso, pa.array(sorted(_AGGREGATE_ISO)))))


def _is_total_row(table: pa.Table) -> Any:
    ok = pa.array([True] * table.num_rows)
    for column, totals in (("partner2code", ("0", "")), ("mot_code", ("0", "")), ("customs_code", ("C00", ""))):
        if column in table.column_names:
            value = pc.fill_null(pc.utf8_trim_whitespace(table[column]), "")
            ok = pc.and_(ok, pc.is_in(value, pa.array(list(totals))))
    return ok


def _check_classification(rows: pa.Table, source: str) -> None:
    code = pc.utf8_trim_whitespace(rows["classification_code"])
    bad = pc.invert(pc.fill_null(pc.is_in(code, pa.array(list(CLASSIFICATION_REVISION))), False))
    _raise_first(
        rows,
        bad,
        "classification_code",
        source,
        "not an HS classification",
        "only HS data (H0…H6) can be stored; download with clCode HS",
    )


def _canonical(rows: pa.Table, flow: str, revision: str, source: str) -> pa.Table:
    reporter, partner = _iso(rows["reporter_iso"]), _iso(rows["partner_iso"])
    exporter, importer = (partner, reporter) if flow == "M" else (reporter, partner)
    out = pa.table(
        {
            "year": _numbers(rows, "ref_year", source, pa.int64(), r"^[0-9]{4}$"),
            "exporter": exporter,
            "importer": importer,
            "product": pc.utf8_trim_whitespace(rows["cmd_code"]),
            "hs_revision": pa.array([revision] * rows.num_rows, pa.string()),
            "value_usd": _numbers(rows, "primary_value", source, pa.float64(), _NUMBER),
            "quantity_t": _quantity(rows, source),
        }
    )
    _check_duplicates(out, rows, source)
    check_codes(out, rows["_line"], source, revision)
    lines = rows["_line"]
    return (
        check_trade_arrow(out, source, first_line=int(lines[0].as_py()))
        if _contiguous(lines)
        else check_trade_arrow(out, f"{source} (rows after filtering)")
    )


_NUMBER = r"^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def _numbers(rows: pa.Table, column: str, source: str, dtype: pa.DataType, pattern: str) -> Any:
    text = pc.utf8_trim_whitespace(rows[column])
    bad = pc.invert(pc.fill_null(pc.match_substring_regex(text, pattern), False))
    _raise_first(rows, bad, column, source, "not a valid number", f"'{column}' must be a non-negative number")
    return pc.cast(pc.cast(text, pa.float64()), dtype) if dtype == pa.int64() else pc.cast(text, dtype)


def _quantity(rows: pa.Table, source: str) -> Any:
    if "net_wgt" not in rows.column_names:
        return pa.nulls(rows.num_rows, pa.float64())
    text = pc.fill_null(pc.utf8_trim_whitespace(rows["net_wgt"]), "")
    missing = pc.equal(text, "")
    bad = pc.and_(pc.invert(missing), pc.invert(pc.match_substring_regex(text, _NUMBER)))
    _raise_first(rows, bad, "net_wgt", source, "not a valid weight", "'net_wgt' is kilograms, or empty")
    return pc.divide(pc.cast(pc.if_else(missing, None, text), pa.float64()), 1000.0)


def _check_duplicates(out: pa.Table, rows: pa.Table, source: str) -> None:
    keys = [c for c in TRADE_KEY if c != "hs_revision"]
    counts = out.group_by(keys).aggregate([([], "count_all")])
    dup = counts.filter(pc.greater(counts["count_all"], 1))
    if dup.num_rows == 0:
        return
    first = dup.slice(0, 1).to_pylist()[0]
    mask = pc.and_(
        pc.and_(pc.equal(out["year"], first["year"]), pc.equal(out["exporter"], first["exporter"])),
        pc.and_(pc.equal(out["importer"], first["importer"]), pc.equal(out["product"], first["product"])),
    )
    lines = pc.filter(rows["_line"], mask).to_pylist()
    raise InputError.at(
        source,
        f"flow {first['year']} {first['exporter']}→{first['importer']} {first['product']} "
        f"appears twice (lines {lines[0]} and {lines[1]})",
        "keep one row per flow: totals over partner2, mode of transport and customs procedure.",
        line=lines[1],
        column="cmd_code",
    )


def _contiguous(lines: Any) -> bool:
    return len(lines) == 0 or lines[len(lines) - 1].as_py() - lines[0].as_py() == len(lines) - 1


def _raise_first(rows: pa.Table, bad: Any, column: str, source: str, what: str, hint: str) -> None:
    if not pc.any(bad).as_py():
        return
    index = pc.index(bad, True).as_py()
    raise InputError.at(
        source, f"{what}: {rows[column][index].as_py()!r}", hint + ".", line=rows["_line"][index].as_py(), column=column
    )


def ingest_comtrade(
    path: Path | str,
    store_dir: Path | str,
    *,
    product_digits: int = 6,
    replace: bool = False,
    location: str | None = None,
    details: dict[str, Any] | None = None,
) -> ComtradeIngest:
    """Read a Comtrade file and add one source per (basis, revision) to the store; all or nothing.

    The same file ingested twice changes nothing (checksum). Raises :class:`InputError` naming
    the file, line and column of the first bad value, or when no product-level rows remain.
    """
    path = Path(path)
    table, layout = read_comtrade(path)
    groups, dropped = to_canonical(table, str(path), product_digits=product_digits)
    if not groups:
        reasons = ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in sorted(dropped.items())) or "no rows"
        raise InputError(
            f"{path}: no {product_digits}-digit flows between economies ({reasons}).",
            "download product-level data (cmdCode AG6) with partners other than the world.",
        )
    notes = {"layout": layout, "rows_read": table.num_rows, "rows_dropped": dict(sorted(dropped.items()))}
    flow_of = {basis: flow for flow, basis in FLOW_BASIS.items()}
    committed = commit_groups(
        store_dir,
        [Group(b, r, [t], {"flow_code": flow_of[b]}) for (b, r), t in sorted(groups.items())],
        file_sha256=sha256_of(path),
        location=location or str(path),
        kind="comtrade",
        replace=replace,
        details={**notes, **(details or {})},
    )
    return ComtradeIngest(committed, table.num_rows, dropped, layout)
