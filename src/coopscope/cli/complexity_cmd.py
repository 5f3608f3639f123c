"""``coopscope complexity``: RCA, ECI/PCI, density, COI/COG and fitness (:func:`coopscope.api.complexity`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from coopscope.api.choices import EXPORT_COLUMNS
from coopscope.api.complexity import NAMED_FILTERS, complexity
from coopscope.cli.common import (
    basis_option,
    columns_option,
    emit_result,
    engine_option,
    format_option,
    parse_map,
    store_option,
    to_option,
)
from coopscope.errors import InputError, OptionError

_FILE = click.Path(exists=True, path_type=Path)
POP_COLUMNS = ("year", "country", "population")


def register(main: click.Group) -> None:
    """Add the ``complexity`` command to the main command."""

    @main.command("complexity")
    @click.option("--year", default=None, help="Year to compute (default: the latest).")
    @store_option
    @click.option("--input", "input_path", type=_FILE, default=None, help="Exports: year, country, product, value.")
    @click.option("--map", "mapping", default=None, help="Rename input columns, e.g. country=origin,product=hs92.")
    @click.option("--population", type=_FILE, default=None, help="year, country, population (for rpop and filters).")
    @click.option("--presence", default="rca", show_default=True, help="Presence test: rca, rpop, both or manual.")
    @click.option("--manual", "manual_path", type=_FILE, default=None, help="year, country, product, m (0/1).")
    @click.option("--threshold", type=float, default=1.0, show_default=True, help="RCA > threshold (strict).")
    @click.option("--rpop-threshold", type=float, default=1.0, show_default=True, help="RPOP > threshold.")
    @click.option("--proximity", default="symmetric", show_default=True, help="symmetric, asymmetric or continuous.")
    @click.option("--knn", type=int, default=None, help="Density from the K nearest products only.")
    @click.option("--method", default="eigenvector", show_default=True, help="eigenvector or reflections.")
    @click.option(
        "--iterations", type=int, default=20, show_default=True, help="Reflections N (even; R: ECI N-2, PCI N-1)."
    )
    @click.option("--pci-scale", default="stata", show_default=True, help="stata (ECI's mean and sd) or own (R's).")
    @click.option("--fitness-iterations", type=int, default=None, help="Fitness: R's fixed count N; default: converge.")
    @click.option(
        "--country-filter", default="none", show_default=True,
        help=f"{', '.join(NAMED_FILTERS)}: atlas keeps population ≥ 1 M and exports ≥ US$1 bn; atlas2011 ≥ 1.2 M "
        "and no IRQ/MAC/TCD.",
    )  # fmt: skip
    @click.option("--atlas-filter", is_flag=True, help="Same as --country-filter atlas.")
    @click.option("--min-population", type=float, default=None, help="Keep countries with at least this population.")
    @click.option("--min-exports-usd", type=float, default=None, help="Keep countries exporting at least this (US$).")
    @click.option("--exclude", default=None, help="Leave these countries out, e.g. IRQ,MAC,TCD.")
    @click.option("--level", default="country", show_default=True, help="country, product, cell or filtered.")
    @engine_option
    @basis_option
    @to_option
    @format_option
    @columns_option
    def complexity_cmd(**o: Any) -> None:
        """Comparative advantage and economic complexity (Harvard Stata `ecomplexity` semantics)."""
        mapping = parse_map(o["mapping"])
        exports = read_table(o["input_path"], mapping, EXPORT_COLUMNS) if o["input_path"] else None
        population = o["population"]
        result = complexity(
            o["store"], year=o["year"], exports=exports,
            population=read_table(population, _key_map(population, mapping), POP_COLUMNS) if population else None,
            manual=read_table(o["manual_path"], {}, EXPORT_COLUMNS) if o["manual_path"] else None,
            presence=o["presence"], threshold=o["threshold"], rpop_threshold=o["rpop_threshold"],
            proximity=o["proximity"], knn=o["knn"], method=o["method"], iterations=o["iterations"],
            pci_scale=o["pci_scale"], fitness_iterations=o["fitness_iterations"],
            country_filter="atlas" if o["atlas_filter"] else o["country_filter"],
            min_population=o["min_population"], min_exports_usd=o["min_exports_usd"], exclude=o["exclude"],
            level=o["level"], basis=o["basis"], to=o["to_revision"], engine=o["engine"],
        )  # fmt: skip
        emit_result(result, o["fmt"], o["output"], columns=o["columns"], wide=o["wide"])


def _key_map(path: Path, mapping: dict[str, str]) -> dict[str, str]:
    """The --map entries for year and country whose source columns the population file has."""
    header = pq.read_schema(path) if path.suffix.lower() == ".parquet" else pacsv.open_csv(path).schema
    return {k: v for k, v in mapping.items() if k in ("year", "country") and v in header.names}


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
