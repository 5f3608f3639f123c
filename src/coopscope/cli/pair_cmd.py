"""``coopscope pair A B``: the partner-pair tables (products by class, or indicators by group)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
import pyarrow as pa
import pyarrow.compute as pc

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
from coopscope.errors import OptionError
from coopscope.indicators.dependence_summary import METHODS
from coopscope.pair.analysis import INDICATOR_ORDER
from coopscope.sources.trade_files import read_trade_table
from coopscope.store import Store, sha256_of

# The terminal view shows these columns; csv, json and parquet carry every column.
COMPACT = {
    "products": (
        "year",
        "product",
        "description",
        "pair_class",
        "direction",
        "value_usd",
        "mpe_class",
        "ai_areas",
        "top_supplier_a",
        "top_supplier_b",
        "rca_a",
        "rca_b",
    ),
    "indicators": (*INDICATOR_ORDER, "cooperation_ratio"),
}


def suppliers_option(f):  # type: ignore[no-untyped-def]
    """``--suppliers USA,JPN,DEU``."""
    return click.option(
        "--suppliers",
        default="USA,JPN,DEU",
        show_default=True,
        help="Third supplier group S, comma-separated ISO3 codes.",
    )(f)


def method_option(f):  # type: ignore[no-untyped-def]
    """``--method geodep|eu2021|kita|kiet``."""
    return click.option(
        "--method",
        type=click.Choice(METHODS),
        default="geodep",
        show_default=True,
        help="Dependence method that makes a product dependent.",
    )(f)


def store_from_input(path: Path, mapping: dict[str, str], folder: Path) -> Store:
    """Load a CSV/Parquet trade table (columns renamed with --map) into a scratch store in ``folder``."""
    table = read_trade_table(path, mapping, None, "usd")
    store = Store.open(folder, create=True)
    with store.transaction() as tx:
        tx.write_trade(table)
        revision = pc.unique(table["hs_revision"]).to_pylist()
        tx.commit_source(location=str(path), sha256=sha256_of(path), kind="table", hs_revision=revision[0])
    return store


def select_rows(table: pa.Table, *, level: str, product_class: str | None, area: str | None) -> pa.Table:
    """Filter a products or indicators table by --class (mpe or technology class) and --area (AI area)."""
    if level == "indicators":
        keep = pc.equal(table["group"], "all")
        for prefix, value in (("mpe:", product_class), ("tech:", product_class), ("ai:", area)):
            if value:
                keep = pc.or_(keep, pc.equal(table["group"], prefix + value))
        if product_class or area:
            table = table.filter(keep)
        return table
    if product_class:
        table = table.filter(
            pc.or_(pc.equal(table["mpe_class"], product_class), pc.equal(table["tech_class"], product_class))
        )
    if area:
        areas = pc.split_pattern(pc.fill_null(table["ai_areas"], ""), ";")
        table = table.filter(pa.array([area in v for v in areas.to_pylist()], pa.bool_()))
    return table


def register(main: click.Group) -> None:
    """Add the ``pair`` command."""

    @main.command("pair")
    @click.argument("a")
    @click.argument("b")
    @click.option("--year", type=int, default=None, help="Report year (default: the latest in the store).")
    @store_option
    @click.option(
        "--input",
        "input_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Trade table (CSV or Parquet) instead of a store; see --map.",
    )
    @click.option("--map", "mapping", default=None, help="Rename input columns: canonical=source,…")
    @click.option("--class", "product_class", default=None, help="Only this mpe or technology class.")
    @click.option("--area", default=None, help="Only this AI area.")
    @click.option("--level", type=click.Choice(["products", "indicators"]), default="products", show_default=True)
    @suppliers_option
    @method_option
    @engine_option
    @to_option
    @format_option
    def pair(
        a: str,
        b: str,
        year: int | None,
        store: Path | None,
        input_path: Path | None,
        mapping: str | None,
        product_class: str | None,
        area: str | None,
        level: str,
        suppliers: str,
        method: str,
        engine: str | None,
        to_revision: str | None,
        fmt: str,
        output: Path | None,
    ) -> None:
        """Partner-pair tables of A and B: products by class, or indicators per group."""
        from coopscope.pair import PairParams, analyse_pair

        if input_path and store:
            raise OptionError("pass either --store or --input, not both.", "drop one of them.")
        with tempfile.TemporaryDirectory(prefix="coopscope-pair-") as scratch:
            source = (
                store_from_input(input_path, parse_map(mapping), Path(scratch) / "store")
                if input_path
                else resolve_store(store)
            )
            result = analyse_pair(
                source,
                a=a,
                b=b,
                year=year,
                suppliers=suppliers.split(","),
                params=PairParams(method=method),
                engine=resolve_engine(engine),
                to=to_revision,
            )
        table = select_rows(
            result.indicators if level == "indicators" else result.products,
            level=level,
            product_class=product_class,
            area=area,
        )
        note = "SYNTHETIC DATA. " if result.synthetic else ""
        if fmt == "table":
            table = table.select([c for c in COMPACT[level] if c in table.column_names])
            note += "Key columns only; --format csv shows every column."
        emit_table(table, fmt, output, title=f"{result.a}–{result.b} {level}, {result.year}", note=note)
