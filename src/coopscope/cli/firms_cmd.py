"""``coopscope firms``: screen firms by law, match cross-border partners, load firm lists."""

from __future__ import annotations

from pathlib import Path

import click
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.cli.common import emit_table, format_option, parse_map, parse_years, store_option
from coopscope.firms.schema import FirmData
from coopscope.sources.config import load_config

SYNTHETIC_NOTE = "SYNTHETIC: real KRX listing with synthetic financials and a synthetic Chinese list (demo only)."
_SCREEN_VIEW = [
    "firm_id",
    "name",
    "industry_code",
    "size_class",
    "size_reason",
    "specialised_result",
    "tech_class",
    "tech_score",
    "synthetic",
]
_MATCH_VIEW = [
    "area",
    "rank",
    "name_a",
    "name_b",
    "score",
    "product_fit",
    "complementarity",
    "scale",
    "tech",
    "reasons",
]


def _pair_products(store: Path | None, a: str, b: str) -> tuple[pa.Table | None, str]:
    """The pair analysis products of a store with trade data (and their HS revision), else none."""
    from coopscope.pair import analyse_pair
    from coopscope.store import Store

    config = load_config()
    root = store or (Path(config.get("store")) if config.get("store") else None)
    if root is None or not Store.open(root).years():
        return None, "HS22"
    result = analyse_pair(root, a=a.upper(), b=b.upper())
    return result.products, result.hs_revision or "HS22"


def _firm_data(store: Path | None, seed: int) -> tuple[FirmData, str]:
    from coopscope.sources.firm_tables import read_store_firms

    config = load_config()
    root = store or (Path(config.get("store")) if config.get("store") else None)
    if root is None:
        from coopscope.firms.synth import synthetic_firms

        return synthetic_firms(seed), SYNTHETIC_NOTE
    data = read_store_firms(root)
    return data, SYNTHETIC_NOTE if data.is_synthetic else f"firms from {root}"


def _view(table: pa.Table, fmt: str, columns: list[str]) -> pa.Table:
    return table.select(columns) if fmt == "table" else table


@click.command("screen")
@store_option
@click.option("--country", default=None, help="Only firms of this ISO3 country (KOR, CHN).")
@click.option("--year", type=int, default=None, help="Screen in the latest fiscal year up to this one.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic demo firms.")
@format_option
def screen_cmd(
    store: Path | None, country: str | None, year: int | None, seed: int, fmt: str, output: Path | None
) -> None:
    """Size class by each country's law, 专精特新 criteria and technology content of every firm.

    Without a store (no --store and no 'store' setting) the synthetic demo firms are used.
    """
    from coopscope.firms.screen import screen

    data, note = _firm_data(store, seed)
    table = screen(data, year=year, country=country)
    emit_table(_view(table, fmt, _SCREEN_VIEW), fmt, output, title="Firm screening", note=note)


@click.command("match")
@click.argument("a")
@click.argument("b")
@store_option
@click.option(
    "--area",
    default=None,
    help="One AI area (ai-semiconductors, smart-mobility, digital-health, robotics, smart-city); default: every area.",
)
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="Pairs per area.")
@click.option(
    "--products",
    "products_file",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Pair analysis product table (Parquet or CSV); default: the pair analysis of the store's trade data "
    "when it has some, else the AI-area mapping.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic demo firms.")
@format_option
def match_cmd(
    a: str,
    b: str,
    store: Path | None,
    area: str | None,
    top: int,
    products_file: Path | None,
    seed: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Rank firm pairs of countries A and B per AI area, with the reasons and numbers of each match."""
    from coopscope.firms.api import match
    from coopscope.sources.firm_tables import read_product_table

    data, note = _firm_data(store, seed)
    products, revision = (read_product_table(products_file), "HS22") if products_file else _pair_products(store, a, b)
    table = match(data, a.upper(), b.upper(), products=products, area=area, top=top, hs_revision=revision)
    synthetic = table.num_rows > 0 and bool(pc.any(table["synthetic"]).as_py())
    emit_table(
        _view(table, fmt, _MATCH_VIEW),
        fmt,
        output,
        title=f"Firm matches {a.upper()}–{b.upper()}",
        note=SYNTHETIC_NOTE if synthetic else note,
    )


@click.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--country", required=True, help="ISO3 country of the firms (KOR, CHN …).")
@click.option("--currency", required=True, help="Currency of the money columns (KRW, CNY, USD).")
@click.option(
    "--unit", default="1", show_default=True, help="Unit of the money columns: 1, 천원, 백만원, 억원, 万元, 亿元."
)
@click.option(
    "--map", "mapping", required=True, help="canonical=source column pairs, e.g. name=企业名称,revenue=营业收入."
)
@click.option("--year", type=int, default=None, help="Fiscal year of the financial columns (or map fiscal_year).")
@click.option("--sheet", default=None, help="Excel sheet name (default: the first).")
@click.option("--encoding", default="utf-8-sig", show_default=True, help="CSV text encoding (gb18030, cp949 …).")
def load_cmd(
    path: Path,
    store: Path | None,
    country: str,
    currency: str,
    unit: str,
    mapping: str,
    year: int | None,
    sheet: str | None,
    encoding: str,
) -> None:
    """Add a CSV/Excel firm list to the store's firm tables (firms with the same id are replaced)."""
    from coopscope.cli.common import resolve_store
    from coopscope.sources.firm_tables import load_firm_table, write_store_firms

    data = load_firm_table(
        path,
        mapping=parse_map(mapping),
        country=country.upper(),
        currency=currency.upper(),
        unit=unit,
        fiscal_year=year,
        sheet=sheet,
        encoding=encoding,
    )
    root = resolve_store(store)
    write_store_firms(root, data, merge=True)
    click.echo(f"Loaded {data.firms.num_rows} firms and {data.financials.num_rows} financial rows into {root}.")


@click.command("dart")
@click.argument("stock_codes")
@store_option
@click.option("--years", default="2022-2024", show_default=True, help="Fiscal years: 2022-2024 or 2022,2024.")
@click.option(
    "--fs",
    "fs_div",
    type=click.Choice(["OFS", "CFS"]),
    default="OFS",
    show_default=True,
    help="Separate (OFS, what the SME law reads) or consolidated (CFS) statements.",
)
def dart_cmd(stock_codes: str, store: Path | None, years: str, fs_div: str) -> None:
    """Fetch listed Korean companies (comma-separated KRX stock codes) from OpenDART into the store.

    Uses the 'opendart_key' and 'opendart_base_url' settings; the key is never printed.
    """
    from coopscope.cli.common import resolve_store
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.opendart import OpenDart, fetch_firms

    codes = [c.strip().upper() for c in stock_codes.split(",") if c.strip()]
    data = fetch_firms(OpenDart.from_config(), codes, parse_years(years), fs_div=fs_div)
    root = resolve_store(store)
    write_store_firms(root, data, merge=True)
    click.echo(f"Fetched {data.firms.num_rows} firms and {data.financials.num_rows} financial rows into {root}.")


def register(main: click.Group) -> None:
    """Add the ``firms`` group (screen, match, load) to the main command."""

    @main.group("firms")
    def firms() -> None:
        """Mid-sized technology firms as partners: screen by law, match across borders."""

    for command in (screen_cmd, match_cmd, load_cmd, dart_cmd):
        firms.add_command(command)
