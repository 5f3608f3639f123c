"""National customs tables and other trade tables (CSV, TSV, Excel) into the store.

A mapping names the file's columns for the canonical fields (``--map year=연도,partner=국가,…``):

* ``year``, ``product``, ``value`` (in ``value_unit``: usd, kusd = thousand, musd = million USD),
  optional ``quantity_t`` (metric tons);
* either ``exporter`` and ``importer``, or one ``partner`` column with a fixed ``reporter`` and a
  ``flow`` (fixed ``import``/``export``, or a ``flow`` column with values such as import, export,
  M, X, 수입, 수출, 进口, 出口). Reporter-side imports get the basis ``reported_imports`` and
  reporter-side exports ``mirror_exports`` (as for Comtrade); a table with exporter and importer
  columns gets ``basis`` (default ``reconciled``).

Countries are read with :func:`coopscope.classify.countries.to_iso3` in the chosen style (ISO3,
ISO numeric, or English/Korean/Chinese names). Product codes lose dots, dashes and spaces, get a
lost leading zero back (odd length), and national codes — Korea's HSK (10 digits), China's 8-digit
codes, any code longer than 6 — are cut to HS6; flows that then coincide are summed and the number
of merged lines is reported. The year is the first four digits of the year column (so monthly rows
are summed into their year). Rows whose value is empty or ``-`` are dropped and counted. A mapping
and its options can be saved as a named profile (TOML under the config folder) and reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import InputError, OptionError, UnknownCodeError
from coopscope.options import HsRevision, check_option
from coopscope.schema import YEAR_MAX, YEAR_MIN, check_trade_arrow
from coopscope.sources.baci_values import shown
from coopscope.sources.ingest_common import Committed, Group, check_header, commit_groups
from coopscope.store import sha256_of

ValueUnit = Literal["usd", "kusd", "musd"]
CountryStyle = Literal["iso3", "iso_numeric", "name"]
UNIT_FACTOR = {"usd": 1.0, "kusd": 1_000.0, "musd": 1_000_000.0}
FLOW_WORDS = {
    "import": "M",
    "imports": "M",
    "m": "M",
    "수입": "M",
    "进口": "M",
    "export": "X",
    "exports": "X",
    "x": "X",
    "수출": "X",
    "出口": "X",
}
BASIS_OF_FLOW = {"M": "reported_imports", "X": "mirror_exports"}
MAP_KEYS = ("year", "exporter", "importer", "reporter", "partner", "flow", "product", "value", "quantity_t")
ENCODINGS = ("utf-8-sig", "cp949", "gb18030")


@dataclass(frozen=True)
class TableSpec:
    """How to read one table: the column mapping and the options (all saved in a profile)."""

    mapping: dict[str, str] = field(default_factory=dict)
    hs_revision: str = ""
    value_unit: str = "usd"
    country_style: str = "iso3"
    reporter: str = ""
    flow: str = ""
    basis: str = "reconciled"
    sheet: str = ""
    encoding: str = ""
    skip_rows: int = 0

    def merged(self, **overrides: Any) -> TableSpec:
        """A copy with the given non-empty options (and mapping entries) replacing its own."""
        mapping = {**self.mapping, **(overrides.pop("mapping", None) or {})}
        return replace(self, mapping=mapping, **{k: v for k, v in overrides.items() if v not in (None, "")})

    def check(self, source: str) -> None:
        """Raise :class:`OptionError` when the mapping or an option cannot work."""
        unknown = sorted(set(self.mapping) - set(MAP_KEYS))
        if unknown:
            raise OptionError(f"--map: unknown field(s) {', '.join(unknown)}.", f"map any of {', '.join(MAP_KEYS)}.")
        if not self.hs_revision:
            raise OptionError(f"{source}: the HS revision is not given.", "pass --hs-revision (e.g. HS17 for 2017-21).")
        check_option("--hs-revision", self.hs_revision, HsRevision)
        check_option("--value-unit", self.value_unit, ValueUnit)
        check_option("--country-style", self.country_style, CountryStyle)
        needed = ["year", "product", "value"] + (["partner"] if self.reporter else ["exporter", "importer"])
        missing = [k for k in needed if k not in self.mapping]
        if missing:
            raise OptionError(
                f"--map: no column for {', '.join(missing)}.",
                "map exporter= and importer=, or partner= with --reporter and --flow / flow=.",
            )
        if self.reporter and not self.flow and "flow" not in self.mapping:
            raise OptionError("--reporter needs a flow.", "pass --flow import|export or map flow=COLUMN.")


@dataclass(frozen=True)
class TableIngest:
    """What an ingest did: the sources, lines read, lines merged by the cut to HS6, lines dropped."""

    sources: list[Committed]
    lines_read: int
    lines_merged: int
    dropped: dict[str, int]


# ---- reading ----


def read_table(path: Path, spec: TableSpec) -> tuple[pa.Table, int]:
    """Read CSV/TSV/Excel as text columns; returns the table and the file line of its first row."""
    if not path.exists():
        raise InputError(f"{path}: no such file.", "check the path.")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return _read_excel(path, spec), spec.skip_rows + 2
    return _read_text(path, spec), spec.skip_rows + 2


def _read_excel(path: Path, spec: TableSpec) -> pa.Table:
    import pandas as pd

    try:
        frame = pd.read_excel(
            path, sheet_name=spec.sheet or 0, dtype=str, skiprows=spec.skip_rows, keep_default_na=False
        )
    except ValueError as exc:
        raise InputError(f"{path}: {exc}.", "name an existing sheet with --sheet.") from exc
    except Exception as exc:
        raise InputError(
            f"{path}: cannot be read as Excel ({type(exc).__name__}: {exc}).", "save it again as .xlsx, or export CSV."
        ) from exc
    return pa.Table.from_pandas(frame.astype(str), preserve_index=False)


def _read_text(path: Path, spec: TableSpec) -> pa.Table:
    import csv
    import io

    raw = path.read_bytes()
    text = _decode(raw, path, spec.encoding)
    lines = text.splitlines()[spec.skip_rows :]
    if not lines:
        raise InputError(f"{path}: the file is empty.", "check --skip-rows and the file.")
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") or lines[0].count("\t") > lines[0].count(",") else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    check_header(header, str(path), spec.skip_rows + 1)
    for n, row in enumerate(rows[1:], start=spec.skip_rows + 2):
        if len(row) != len(header) and any(c.strip() for c in row):
            raise InputError.at(
                str(path),
                f"{len(row)} fields where the header has {len(header)}",
                "check the delimiter and quoting of this line.",
                line=n,
            )
    body = rows[1:]
    while body and not any(c.strip() for c in body[-1]):
        body.pop()
    if not body:
        raise InputError(f"{path}: holds no rows (only a header).", "check the file and --skip-rows.")
    return pa.table(
        {h: pa.array([r[i] if i < len(r) else "" for r in body], pa.string()) for i, h in enumerate(header)}
    )


def _decode(raw: bytes, path: Path, encoding: str) -> str:
    for enc in [encoding] if encoding else ENCODINGS:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(f"{path}: not readable as {encoding or ' / '.join(ENCODINGS)}.", "pass --encoding.")


# ---- mapping ----


def to_canonical(
    table: pa.Table, spec: TableSpec, source: str, first_line: int
) -> tuple[dict[str, pa.Table], int, dict[str, int]]:
    """Map a text table to canonical trade tables by basis; returns (groups, lines merged, lines dropped)."""
    absent = [f"{k}={c}" for k, c in spec.mapping.items() if c not in table.column_names]
    if absent:
        raise InputError.at(
            source,
            f"no column(s) {', '.join(absent)}",
            f"the header has: {', '.join(table.column_names[:12])}",
            line=spec.skip_rows + 1,
        )
    lines = pa.array(range(first_line, first_line + table.num_rows), pa.int64())
    value_text = _col(table, spec, "value")
    keep = pc.invert(pc.is_in(value_text, pa.array(["", "-"])))
    dropped = {"empty_value": table.num_rows - (pc.sum(keep).as_py() or 0)}
    table, lines = table.filter(keep), lines.filter(keep)
    out = {
        "year": _year(table, spec, source, lines),
        "product": _product(table, spec, source, lines),
        "value_usd": pc.multiply(_number(table, spec, "value", source, lines), UNIT_FACTOR[spec.value_unit]),
        "quantity_t": _number(table, spec, "quantity_t", source, lines)
        if "quantity_t" in spec.mapping
        else pa.nulls(table.num_rows, pa.float64()),
    }
    flows = _flows(table, spec, source, lines)
    groups, merged = {}, 0
    for basis, mask in flows.items():
        part = {k: pc.filter(v, mask) for k, v in out.items()}
        part |= _parties(table.filter(mask), spec, source, lines.filter(mask), basis)
        summed = _sum_flows(pa.table(part), spec.hs_revision)
        merged += int(pc.sum(mask).as_py() or 0) - summed.num_rows
        groups[basis] = check_trade_arrow(summed, f"{source} (after summing to HS6)")
    return groups, merged, {k: v for k, v in dropped.items() if v}


def _col(table: pa.Table, spec: TableSpec, key: str) -> Any:
    return pc.utf8_trim_whitespace(pc.fill_null(pc.cast(table[spec.mapping[key]], pa.string()), ""))


def _raise_first(bad: Any, values: Any, lines: Any, source: str, column: str, what: str, hint: str) -> None:
    bad = pc.fill_null(bad, True)
    if pc.any(bad).as_py():
        i = pc.index(bad, True).as_py()
        raise InputError.at(source, f"{what}: {shown(values[i].as_py())}", hint, line=lines[i].as_py(), column=column)


def _year(table: pa.Table, spec: TableSpec, source: str, lines: Any) -> Any:
    text = _col(table, spec, "year")
    ok = pc.match_substring_regex(text, r"^(19|20)[0-9]{2}")
    _raise_first(
        pc.invert(ok),
        text,
        lines,
        source,
        spec.mapping["year"],
        "not a year",
        "the year column must start with the four-digit year (2023, 2023-01, 2023년).",
    )
    year = pc.cast(pc.utf8_slice_codeunits(text, 0, 4), pa.int64())
    outside = pc.or_(pc.less(year, YEAR_MIN), pc.greater(year, YEAR_MAX))
    _raise_first(
        outside, text, lines, source, spec.mapping["year"], "not a trade year", f"years lie in {YEAR_MIN}-{YEAR_MAX}."
    )
    return year


def _product(table: pa.Table, spec: TableSpec, source: str, lines: Any) -> Any:
    digits = pc.replace_substring_regex(_col(table, spec, "product"), r"[\s.\-]", "")
    ok = pc.match_substring_regex(digits, r"^[0-9]{5,}$")
    _raise_first(
        pc.invert(ok),
        _col(table, spec, "product"),
        lines,
        source,
        spec.mapping["product"],
        "not an HS6-or-longer product code",
        "codes need at least 6 digits (HS6, HSK10, CN8); drop subtotal rows first.",
    )
    odd = pc.equal(pc.bit_wise_and(pc.utf8_length(digits), 1), 1)
    digits = pc.if_else(odd, pc.binary_join_element_wise("0", digits, ""), digits)
    return pc.utf8_slice_codeunits(digits, 0, 6)


def _number(table: pa.Table, spec: TableSpec, key: str, source: str, lines: Any) -> Any:
    text = pc.replace_substring(_col(table, spec, key), ",", "")
    if key == "quantity_t":
        text = pc.if_else(pc.is_in(text, pa.array(["", "-"])), None, text)
    ok = pc.match_substring_regex(text, r"^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
    bad = pc.invert(ok) if key != "quantity_t" else pc.and_(pc.is_valid(text), pc.invert(pc.fill_null(ok, True)))
    _raise_first(
        bad,
        _col(table, spec, key),
        lines,
        source,
        spec.mapping[key],
        "not a non-negative number",
        f"'{spec.mapping[key]}' must hold numbers (thousands separators are fine).",
    )
    values = pc.cast(text, pa.float64())
    infinite = pc.invert(pc.fill_null(pc.is_finite(values), True))
    _raise_first(infinite, text, lines, source, spec.mapping[key], "too large for a number", "use finite numbers.")
    return values


def _flows(table: pa.Table, spec: TableSpec, source: str, lines: Any) -> dict[str, Any]:
    if not spec.reporter:
        return {spec.basis: pa.array([True] * table.num_rows)}
    if "flow" in spec.mapping:
        words = pc.utf8_lower(_col(table, spec, "flow"))
        known = pc.is_in(words, pa.array(list(FLOW_WORDS)))
        _raise_first(
            pc.invert(known),
            _col(table, spec, "flow"),
            lines,
            source,
            spec.mapping["flow"],
            "not a known flow",
            "use import/export, M/X, 수입/수출 or 进口/出口.",
        )
        codes = pc.if_else(pc.is_in(words, pa.array([w for w, f in FLOW_WORDS.items() if f == "M"])), "M", "X")
    else:
        flow = FLOW_WORDS.get(spec.flow.lower())
        if flow is None:
            raise OptionError(f"--flow: '{spec.flow}' is not import or export.", "use --flow import or --flow export.")
        codes = pa.array([flow] * table.num_rows)
    return {BASIS_OF_FLOW[f]: pc.equal(codes, f) for f in ("M", "X") if pc.any(pc.equal(codes, f)).as_py()}


def _parties(table: pa.Table, spec: TableSpec, source: str, lines: Any, basis: str) -> dict[str, Any]:
    if not spec.reporter:
        return {k: _countries(table, spec, k, source, lines) for k in ("exporter", "importer")}
    from coopscope.classify.countries import to_iso3

    reporter = to_iso3([spec.reporter], style="iso3", source="--reporter")[0]
    partner = _countries(table, spec, "partner", source, lines)
    fixed = pa.array([reporter] * table.num_rows, pa.string())
    return (
        {"exporter": partner, "importer": fixed}
        if basis == "reported_imports"
        else {"exporter": fixed, "importer": partner}
    )


def _countries(table: pa.Table, spec: TableSpec, key: str, source: str, lines: Any) -> Any:
    from coopscope.classify.countries import to_iso3

    values = _col(table, spec, key)
    uniques = pc.unique(values).to_pylist()
    found: dict[str, str] = {}
    for value in uniques:
        try:
            found[value] = to_iso3([value], style=spec.country_style, source=source)[0]  # type: ignore[arg-type]
        except UnknownCodeError as exc:
            unknown = [u for u in uniques if _try_iso3(u, spec) is None]
            bad = pc.is_in(values, pa.array(unknown))
            i = pc.index(bad, True).as_py()
            more = f" ({len(unknown)} unknown: {', '.join(unknown[:5])})" if len(unknown) > 1 else ""
            raise InputError.at(
                source,
                f"unknown country {values[i].as_py()!r}{more}",
                exc.hint,
                line=lines[i].as_py(),
                column=spec.mapping[key],
            ) from None
    return pc.take(pa.array([found[u] for u in uniques], pa.string()), pc.index_in(values, pa.array(uniques)))


def _try_iso3(value: str, spec: TableSpec) -> str | None:
    from coopscope.classify.countries import to_iso3

    try:
        return to_iso3([value], style=spec.country_style, source="")[0]  # type: ignore[arg-type]
    except UnknownCodeError:
        return None


def _sum_flows(table: pa.Table, revision: str) -> pa.Table:
    keys = ["year", "exporter", "importer", "product"]
    summed = table.group_by(keys).aggregate([("value_usd", "sum"), ("quantity_t", "sum")])
    summed = summed.rename_columns(
        [{"value_usd_sum": "value_usd", "quantity_t_sum": "quantity_t"}.get(n, n) for n in summed.column_names]
    )
    summed = summed.append_column("hs_revision", pa.array([revision] * summed.num_rows, pa.string()))
    return summed.sort_by([(k, "ascending") for k in keys])


# ---- ingest and profiles ----


def ingest_table(path: Path | str, store_dir: Path | str, spec: TableSpec, *, replace: bool = False) -> TableIngest:
    """Read, map, check and store a table; all or nothing. The same file twice changes nothing."""
    path = Path(path)
    spec.check(str(path))
    table, first_line = read_table(path, spec)
    groups, merged, dropped = to_canonical(table, spec, str(path), first_line)
    if not groups:
        raise InputError(f"{path}: no rows with a value.", "check --map value= and the file.")
    details = {
        "mapping": spec.mapping,
        "value_unit": spec.value_unit,
        "country_style": spec.country_style,
        "lines_read": table.num_rows,
        "lines_merged_to_hs6": merged,
        "lines_dropped": dropped,
    }
    committed = commit_groups(
        store_dir,
        [Group(b, spec.hs_revision, [t]) for b, t in sorted(groups.items())],
        file_sha256=sha256_of(path),
        location=str(path),
        kind="table",
        replace=replace,
        details=details,
    )
    return TableIngest(committed, table.num_rows, merged, dropped)
