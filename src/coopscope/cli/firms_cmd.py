"""``coopscope firms``: screen firms by law, match cross-border partners, load firm lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api.firms import fetch_firms, load_firms, match_firms, screen_firms
from coopscope.cli.common import (
    columns_option,
    emit_result,
    format_option,
    parse_map,
    parse_years,
    resolve_store,
    store_option,
)

SCREEN_VIEW = ("firm_id", "name", "industry_code", "size_class", "size_reason", "specialised_result", "tech_class",
               "tech_score", "synthetic")  # fmt: skip
MATCH_VIEW = ("area", "rank", "name_a", "name_b", "score", "product_fit", "complementarity", "scale", "tech", "reasons")
_SEED = click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic demo firms.")


@click.command("screen")
@store_option
@click.option("--country", default=None, help="Only firms of this country (KOR, CHN, 한국, 中国).")
@click.option("--year", default=None, help="Screen in the latest fiscal year up to this one.")
@_SEED
@format_option
@columns_option
def screen_cmd(store: Path | None, country: str | None, year: str | None, seed: int, **o: Any) -> None:
    """Size class by each country's law, 专精特新 criteria and technology content of every firm.

    Without a store (no --store and no 'store' setting) the synthetic demo firms are used.
    """
    result = screen_firms(store, country=country, year=year, seed=seed)
    emit_result(result, o["fmt"], o["output"], default=SCREEN_VIEW, columns=o["columns"], wide=o["wide"])


@click.command("match")
@click.argument("a")
@click.argument("b")
@store_option
@click.option("--area", default=None, help="One AI area (e.g. ai-semiconductors); default: every area.")
@click.option("--top", type=int, default=50, show_default=True, help="Pairs per area.")
@click.option(
    "--products", "products_file", type=click.Path(exists=True, path_type=Path), default=None,
    help="Pair product table (Parquet or CSV); default: the pair analysis of the store, else the AI-area mapping.",
)  # fmt: skip
@_SEED
@format_option
@columns_option
def match_cmd(a: str, b: str, store: Path | None, area: str | None, top: int, seed: int, **o: Any) -> None:
    """Rank firm pairs of countries A and B per AI area, with the reasons and numbers of each match."""
    result = match_firms(a, b, store=store, area=area, top=top, products=o["products_file"], seed=seed)
    emit_result(result, o["fmt"], o["output"], default=MATCH_VIEW, columns=o["columns"], wide=o["wide"])


@click.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--country", required=True, help="Country of the firms (KOR, CHN, 한국 …).")
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
def load_cmd(path: Path, store: Path | None, country: str, mapping: str, **o: Any) -> None:
    """Add a CSV/Excel firm list to the store's firm tables (firms with the same id are replaced)."""
    result = load_firms(path, country=country, currency=o["currency"], mapping=parse_map(mapping),
                        store=resolve_store(store), unit=o["unit"], fiscal_year=o["year"], sheet=o["sheet"],
                        encoding=o["encoding"])  # fmt: skip
    n_fin = result.tables["financials"].num_rows
    click.echo(f"Loaded {result.table.num_rows} firms and {n_fin} financial rows into {result.params['store']}.")


@click.command("dart")
@click.argument("stock_codes")
@store_option
@click.option("--years", default="2022-2024", show_default=True, help="Fiscal years: 2022-2024 or 2022,2024.")
@click.option("--fs", "fs_div", type=click.Choice(["OFS", "CFS"]), default="OFS", show_default=True,
              help="Separate (OFS, what the SME law reads) or consolidated (CFS) statements.")  # fmt: skip
def dart_cmd(stock_codes: str, store: Path | None, years: str, fs_div: str) -> None:
    """Fetch listed Korean companies (comma-separated KRX stock codes) from OpenDART into the store.

    Uses the 'opendart_key' and 'opendart_base_url' settings; the key is never printed.
    """
    result = fetch_firms(stock_codes, store=resolve_store(store), years=parse_years(years, "--years"), fs_div=fs_div)
    n_fin = result.tables["financials"].num_rows
    click.echo(f"Fetched {result.table.num_rows} firms and {n_fin} financial rows into {result.params['store']}.")


def register(main: click.Group) -> None:
    """Add the ``firms`` group (screen, match, load, dart) to the main command."""

    @main.group("firms")
    def firms() -> None:
        """Mid-sized technology firms as partners: screen by law, match across borders."""

    for command in (screen_cmd, match_cmd, load_cmd, dart_cmd):
        firms.add_command(command)
