"""Reading a long trade table from a file for an analysis run on it (``--input FILE --map …``).

The file becomes canonical trade rows (``coopscope.schema``) in memory; nothing is written to a store.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from coopscope.errors import InputError, OptionError
from coopscope.options import check_option
from coopscope.schema import check_trade_arrow
from coopscope.sources.tables import UNIT_FACTOR, TableSpec, ValueUnit, read_table, to_canonical


def read_trade_table(path: Path, mapping: dict[str, str], hs_revision: str | None, value_unit: str) -> pa.Table:
    """A long trade table (CSV/TSV/Excel/Parquet) as canonical trade rows, for analyses run on a file.

    ``mapping`` names the source column of canonical columns (as ``--map``, e.g. ``year=yr``);
    columns already named as in the canonical schema need no mapping, ``hs_revision`` may come from
    the option, ``quantity_t`` may be absent. A file that does not reach the canonical columns this
    way goes through the table reader's own mapping (``value=``, ``partner=`` …). Text files are read
    as text, so product codes keep their leading zeros.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file.", "check the path.")
    if path.suffix.lower() in (".parquet", ".pq"):
        raw, first = pq.read_table(path), 2
    else:
        raw, first = read_table(path, TableSpec(mapping=mapping))
    renamed = _canonical_names(raw, mapping, str(path))
    if renamed is not None:
        return _direct(renamed, hs_revision, value_unit, str(path), first)
    spec = TableSpec(mapping=mapping, hs_revision=hs_revision or "", value_unit=value_unit)
    spec.check(str(path))
    text = pa.table({n: raw[n].cast(pa.string()) for n in raw.column_names})
    groups, _, _ = to_canonical(text, spec, str(path), first)
    if len(groups) != 1:
        raise InputError(
            f"{path}: rows of several bases ({', '.join(sorted(groups))}).",
            "analyses need one table of exporter→importer flows; map exporter= and importer=.",
        )
    return next(iter(groups.values()))


def _canonical_names(raw: pa.Table, mapping: dict[str, str], source: str) -> pa.Table | None:
    """Rename mapped columns to canonical names; None when the canonical flow columns are not all there."""
    from coopscope.schema import TRADE_COLUMNS

    missing = [src for canon, src in mapping.items() if canon in TRADE_COLUMNS and src not in raw.column_names]
    if missing:
        raise InputError.at(
            source,
            f"no column(s) {', '.join(missing)}",
            f"its columns are {', '.join(raw.column_names)}",
            line=1,
            column=missing[0],
        )
    reverse = {src: canon for canon, src in mapping.items() if canon in TRADE_COLUMNS}
    renamed = raw.rename_columns([reverse.get(c, c) for c in raw.column_names])
    needed = {"year", "exporter", "importer", "product", "value_usd"}
    return renamed if needed <= set(renamed.column_names) else None


def _direct(table: pa.Table, hs_revision: str | None, value_unit: str, source: str, first: int) -> pa.Table:
    from coopscope.schema import TRADE_COLUMNS

    n = table.num_rows
    if "hs_revision" not in table.column_names:
        if not hs_revision:
            raise OptionError(f"{source}: no hs_revision column and no --hs-revision.", "pass --hs-revision HS17.")
        table = table.append_column("hs_revision", pa.array([hs_revision] * n, pa.string()))
    if "quantity_t" not in table.column_names:
        table = table.append_column("quantity_t", pa.nulls(n, pa.float64()))
    check_option("--value-unit", value_unit, ValueUnit)
    columns = {c: table[c] for c in TRADE_COLUMNS}
    columns["product"] = pc.cast(table["product"], pa.string())
    columns["value_usd"] = pc.multiply(pc.cast(table["value_usd"], pa.float64()), UNIT_FACTOR[value_unit])
    return check_trade_arrow(pa.table(columns), source, first_line=first)
