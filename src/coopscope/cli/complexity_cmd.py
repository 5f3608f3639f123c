"""``coopscope complexity``: RCA, ECI/PCI, density, COI/COG and fitness for one year."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from coopscope.cli.common import (
    emit_table,
    engine_option,
    format_option,
    parse_map,
    resolve_engine,
    resolve_store,
    store_option,
    to_option,
)
from coopscope.errors import InputError, OptionError
from coopscope.indicators.complexity import EXPORT_COLUMNS, compute_complexity, exports_by_country
from coopscope.indicators.complexity_filters import ATLAS_2011, ATLAS_CURRENT, CountryFilter

NAMED_FILTERS: dict[str, CountryFilter | None] = {"none": None, "atlas": ATLAS_CURRENT, "atlas2011": ATLAS_2011}

LEVELS = {"cell": "cells", "country": "countries", "product": "products", "filtered": "filtered"}


def register(main: click.Group) -> None:
    """Add the ``complexity`` command to the main command."""

    @main.command("complexity")
    @click.option("--year", type=int, required=True, help="Year to compute.")
    @store_option
    @click.option(
        "--input",
        "input_path",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        help="Export table, CSV or Parquet: year, country, product, export_value_usd (see --map).",
    )
    @click.option("--map", "mapping", default=None, help="Rename input columns, e.g. country=origin,product=hs92.")
    @click.option(
        "--population",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        help="CSV/Parquet with year, country, population (--map renames those too), for rpop/both and filters.",
    )
    @click.option(
        "--presence",
        type=click.Choice(["rca", "rpop", "both", "manual"]),
        default="rca",
        show_default=True,
        help="Presence test: RCA, RPOP (per head), either, or --manual.",
    )
    @click.option(
        "--manual",
        "manual_path",
        type=click.Path(exists=True, path_type=Path),
        default=None,
        help="CSV/Parquet with year, country, product, m (0/1), for --presence manual.",
    )
    @click.option("--threshold", type=float, default=1.0, show_default=True, help="RCA > threshold (strict).")
    @click.option("--rpop-threshold", type=float, default=1.0, show_default=True, help="RPOP > threshold.")
    @click.option(
        "--proximity",
        type=click.Choice(["symmetric", "asymmetric", "continuous"]),
        default="symmetric",
        show_default=True,
    )
    @click.option("--knn", type=int, default=None, help="Density from the K nearest products only.")
    @click.option(
        "--method", type=click.Choice(["eigenvector", "reflections"]), default="eigenvector", show_default=True
    )
    @click.option(
        "--iterations", type=int, default=20, show_default=True, help="Reflections N (even, as R: ECI N−2, PCI N−1)."
    )
    @click.option(
        "--pci-scale",
        type=click.Choice(["stata", "own"]),
        default="stata",
        show_default=True,
        help="stata: ECI and PCI with ECI's mean and sd; own: each its own (R economiccomplexity).",
    )
    @click.option(
        "--fitness-iterations",
        type=int,
        default=None,
        help="Fitness: R's fixed count N (N−1 updates); default: converge.",
    )
    @click.option(
        "--country-filter",
        type=click.Choice(list(NAMED_FILTERS)),
        default="none",
        show_default=True,
        help="Countries kept before computing: atlas (population ≥ 1 M, exports ≥ US$1 bn) or atlas2011 "
        "(population ≥ 1.2 M, exports ≥ US$1 bn, no IRQ/MAC/TCD).",
    )
    @click.option("--atlas-filter", is_flag=True, help="Same as --country-filter atlas.")
    @click.option("--min-population", type=float, default=None, help="Keep countries with at least this population.")
    @click.option("--min-exports-usd", type=float, default=None, help="Keep countries exporting at least this (US$).")
    @click.option("--exclude", default=None, help="Leave these countries out, e.g. IRQ,MAC,TCD.")
    @click.option("--level", type=click.Choice(list(LEVELS)), default="country", show_default=True)
    @engine_option
    @to_option
    @format_option
    def complexity(
        year: int,
        store: Path | None,
        input_path: Path | None,
        mapping: str | None,
        population: Path | None,
        manual_path: Path | None,
        level: str,
        engine: str | None,
        fmt: str,
        output: Path | None,
        atlas_filter: bool,
        country_filter: str,
        min_population: float | None,
        min_exports_usd: float | None,
        exclude: str | None,
        to_revision: str | None,
        **options: Any,
    ) -> None:
        """Comparative advantage and economic complexity (Harvard Stata `ecomplexity` semantics)."""
        if input_path is not None:
            exports, note = read_table(input_path, parse_map(mapping), EXPORT_COLUMNS), ""
        else:
            exports, note = _from_store(store, engine, year, to_revision)
        pop = (
            read_table(population, _key_map(population, mapping), ("year", "country", "population"))
            if population
            else None
        )
        manual = read_table(manual_path, {}, EXPORT_COLUMNS) if manual_path else None
        result = compute_complexity(
            exports,
            year=year,
            population=pop,
            manual_m=manual,
            filters=build_filter("atlas" if atlas_filter else country_filter, min_population, min_exports_usd, exclude),
            **options,
        )
        note = _note(note, result.filtered.num_rows)
        if note and fmt != "table" and "SYNTHETIC" not in note.upper():
            click.echo(f"Note: {note}", err=True)  # a SYNTHETIC note is shown by emit_table itself
        emit_table(
            getattr(result, LEVELS[level]), fmt, output, title=f"Economic complexity {year} ({level})", note=note
        )


def _key_map(path: Path, mapping: str | None) -> dict[str, str]:
    """The --map entries for year and country whose source columns the population file has."""
    header = pq.read_schema(path) if path.suffix.lower() == ".parquet" else pacsv.open_csv(path).schema
    return {k: v for k, v in parse_map(mapping).items() if k in ("year", "country") and v in header.names}


def build_filter(
    named: str, min_population: float | None, min_exports_usd: float | None, exclude: str | None
) -> CountryFilter | None:
    """The country filter of the command line: a named one, with any of its parts overridden."""
    base = NAMED_FILTERS[named]
    if base is None and min_population is None and min_exports_usd is None and exclude is None:
        return None
    base = base or CountryFilter()
    codes = tuple(code.strip().upper() for code in exclude.split(",") if code.strip()) if exclude else ()
    for value, name in ((min_population, "--min-population"), (min_exports_usd, "--min-exports-usd")):
        if value is not None and value < 0:
            raise OptionError(f"{name}: {value:g} is negative.", "give 0 or a positive number.")
    return replace(
        base,
        min_population=base.min_population if min_population is None else min_population,
        min_exports_usd=base.min_exports_usd if min_exports_usd is None else min_exports_usd,
        exclude=base.exclude + tuple(c for c in codes if c not in base.exclude),
    )


def _note(note: str, dropped: int) -> str:
    left_out = f"{dropped} countries left out before computing (--level filtered)" if dropped else ""
    return "; ".join(n for n in (note, left_out) if n)


def read_table(path: Path, mapping: dict[str, str], columns: tuple[str, ...]) -> pa.Table:
    """Read a CSV or Parquet file and rename its columns to ``columns`` by ``mapping`` (canonical=source)."""
    text = [mapping.get(c, c) for c in ("country", "product") if c in columns]
    if path.suffix.lower() == ".parquet":
        table = pq.read_table(path)
    else:
        try:
            table = pacsv.read_csv(
                path, convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in text})
            )
        except pa.ArrowInvalid as exc:
            raise InputError.at(str(path), f"cannot be read as CSV ({exc})", "give a CSV with a header row.") from exc
    reverse = {source: canonical for canonical, source in mapping.items()}
    unknown = [source for source in reverse if source not in table.column_names]
    if unknown:
        raise OptionError(
            f"--map: {path} has no column(s) {', '.join(unknown)}.", f"its columns are {', '.join(table.column_names)}."
        )
    return table.rename_columns([reverse.get(name, name) for name in table.column_names])


def _from_store(store: Path | None, engine: str | None, year: int, to: str | None = None) -> tuple[pa.Table, str]:
    from coopscope.engine import connect, to_arrow
    from coopscope.store import Store

    opened = Store.open(resolve_store(store))
    con = connect(resolve_engine(engine))
    exports = to_arrow(con, exports_by_country(opened.trade(con, years=[year], to=to)))
    return exports, "SYNTHETIC DATA: not real trade figures" if opened.is_synthetic() else ""
