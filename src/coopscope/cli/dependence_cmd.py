"""``coopscope dependence``: supply-chain dependence of importers on their suppliers, per HS6 product.

Reads the store's built ``dependence`` table when it answers the question (default supplier
group and method file, country importers), else computes from the raw flows of the store or of
any long table (``--input FILE``, CSV/TSV/Excel or Parquet, columns named with ``--map``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import ibis
import pyarrow as pa

from coopscope.classify.areas import AREA_IDS
from coopscope.classify.convert import convert_trade
from coopscope.classify.mpe import MPE_CLASSES
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
from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.errors import InputError, OptionError
from coopscope.indicators.dependence import (
    ADVANCED_SUPPLIERS,
    MAIN_COLUMNS,
    build_dependence,
    load_methods,
    summarise,
)
from coopscope.indicators.dependence_core import union_all
from coopscope.indicators.dependence_lenses import resolve_blocs
from coopscope.indicators.dependence_summary import (
    GROUPINGS,
    METHODS,
    dependence_growth,
    dependence_trends,
    filter_dependence,
)
from coopscope.options import HS_REVISIONS, check_codes
from coopscope.sources.trade_files import read_trade_table
from coopscope.store import Store


@dataclass(frozen=True)
class Request:
    """What the user asked for, parsed once."""

    importers: list[str]
    years: list[int]
    suppliers: tuple[str, ...]
    methods_file: Path | None
    to: str | None = None


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def _years(text: str | None) -> list[int]:
    try:
        return [int(y) for y in _codes(text)]
    except ValueError as exc:
        raise OptionError(
            f"--year: '{text}' is not a year or a comma-separated list of years.",
            "e.g. --year 2022 or --year 2021,2022.",
        ) from exc


def _window(years: list[int]) -> list[int]:
    # GeoDep needs the two years before each year asked for.
    return sorted({y - k for y in years for k in range(3)})


def _uses_built(store: Store, req: Request) -> bool:
    if not store.has_table("dependence") or req.methods_file is not None or req.to:
        return False
    if tuple(req.suppliers) != ADVANCED_SUPPLIERS:
        return False
    _, blocs = resolve_blocs(req.importers or None, None)
    return not blocs


def _table(con: ibis.BaseBackend, req: Request, store: Store | None, trade: ibis.Table | None) -> ibis.Table:
    if store is not None and _uses_built(store, req):
        return store.table(con, "dependence")
    if trade is None:
        assert store is not None
        trade = store.trade(con, years=_window(req.years), to=req.to)
    methods = load_methods(req.methods_file)
    return build_dependence(
        con, trade, methods=methods, suppliers=req.suppliers, importer=req.importers or None, years=_window(req.years)
    )


def _default_years(store: Store | None, arrow: pa.Table | None, *, every: bool) -> list[int]:
    if arrow is not None:
        years = sorted({int(y) for y in arrow["year"].to_pylist()})
    else:
        assert store is not None
        years = store.years()
    if not years:
        raise InputError("no trade data to read.", "ingest data first, e.g. `coopscope ingest baci FILE`.")
    return years if every else years[-1:]


def _columns(table: ibis.Table, detail: bool) -> list[str]:
    wanted = list(MAIN_COLUMNS)
    if detail:
        wanted += [c for c in table.columns if c not in MAIN_COLUMNS]
    return [c for c in wanted if c in table.columns]


def register(main: click.Group) -> None:
    """Add the ``dependence`` command."""

    @main.command("dependence")
    @click.option("--importer", default=None, help="Importer ISO3 code(s) or bloc (EU27), comma-separated.")
    @click.option("--year", "year_text", default=None, help="Year(s), comma-separated (default: the latest).")
    @click.option(
        "--method",
        type=click.Choice(METHODS),
        default=None,
        help="Show only products dependent under this method.",
    )
    @click.option(
        "--suppliers",
        default=",".join(ADVANCED_SUPPLIERS),
        show_default=True,
        help="The named supplier group behind group_share.",
    )
    @click.option("--area", type=click.Choice(AREA_IDS), default=None, help="Only products of this AI area.")
    @click.option(
        "--class",
        "mpe_class",
        type=click.Choice(MPE_CLASSES),
        default=None,
        help="Only materials, parts, equipment … (소재·부품·장비 class).",
    )
    @click.option(
        "--methods-file",
        type=click.Path(path_type=Path),
        default=None,
        help="Your own thresholds (a copy of the packaged dependence-methods.toml).",
    )
    @click.option(
        "--summary",
        "summary_by",
        default=None,
        help=f"Counts and values instead of rows, grouped by some of: {', '.join(GROUPINGS)}.",
    )
    @click.option("--trends", is_flag=True, help="Products entering, leaving and staying dependent, year on year.")
    @click.option(
        "--grew",
        default=None,
        metavar="COLUMN",
        help="Products whose COLUMN (e.g. top_supplier_share, hhi) grew most from the first to the last year.",
    )
    @click.option("--detail", is_flag=True, help="Add every criterion column behind the flags.")
    @click.option(
        "--input",
        "input_path",
        type=click.Path(path_type=Path),
        default=None,
        help="Read flows from this CSV/Excel/Parquet table instead of the store.",
    )
    @click.option(
        "--map",
        "map_text",
        default=None,
        help="Columns of --input: year=…,exporter=…,importer=…,product=…,value=… (as in `coopscope ingest table`).",
    )
    @click.option(
        "--hs-revision",
        type=click.Choice(list(HS_REVISIONS)),
        default=None,
        help="HS revision of --input (with --map).",
    )
    @click.option(
        "--value-unit",
        type=click.Choice(["usd", "kusd", "musd"]),
        default="usd",
        show_default=True,
        help="Unit of the --input value column.",
    )
    @store_option
    @engine_option
    @to_option
    @format_option
    def dependence(**options: Any) -> None:
        """Import dependence per importer, HS6 product and year, with the EC, CEPII, KITA and KIET flags.

        Example: coopscope dependence --importer KOR --year 2022 --method geodep
        """
        _run(**options)


def _run(**o: Any) -> None:
    con = connect(resolve_engine(o["engine"]))
    arrow = None
    if o["input_path"] is not None:
        arrow = read_trade_table(o["input_path"], parse_map(o["map_text"]), o["hs_revision"], o["value_unit"])
        store, trade, synthetic = None, from_arrow(con, arrow), False
        if o["to_revision"]:
            source = str(arrow["hs_revision"][0]) if arrow.num_rows else o["to_revision"]
            trade = (
                trade
                if source == o["to_revision"]
                else convert_trade(trade, source=source, target=o["to_revision"]).table
            )
    else:
        store, trade = Store.open(resolve_store(o["store"])), None
        synthetic = store.is_synthetic()
    every_year = o["trends"] or o["grew"]
    req = Request(
        importers=_codes(o["importer"]),
        years=_years(o["year_text"]) or _default_years(store, arrow, every=every_year),
        suppliers=check_codes("--suppliers", o["suppliers"] or ""),
        methods_file=o["methods_file"],
        to=o["to_revision"],
    )
    rows = o["summary_by"] is None and not every_year
    table = filter_dependence(
        _table(con, req, store, trade),
        importer=req.importers or None,
        years=req.years,
        method=o["method"] if rows else None,
        area=o["area"],
        mpe_class=o["mpe_class"],
    )
    note = "Built from SYNTHETIC data — not real trade." if synthetic else ""
    title = f"Import dependence {', '.join(req.importers) or 'all importers'} {', '.join(map(str, req.years))}"
    emit_table(to_arrow(con, _view(table, req, o)), o["fmt"], o["output"], title=title, note=note)


def _view(table: ibis.Table, req: Request, o: dict[str, Any]) -> ibis.Table:
    methods = [o["method"]] if o["method"] else list(METHODS)
    if o["trends"]:
        return union_all([dependence_trends(table, method=m) for m in methods]).order_by(["method", "importer", "year"])
    if o["grew"]:
        if len(req.years) < 2:
            raise OptionError("--grew needs two years or more.", "pass e.g. --year 2019,2022, or omit --year.")
        return dependence_growth(table, since=min(req.years), until=max(req.years), measure=o["grew"])
    if o["summary_by"]:
        return summarise(table, by=_codes(o["summary_by"]), methods=methods)
    return table.select(*_columns(table, o["detail"]))
