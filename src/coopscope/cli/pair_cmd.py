"""``coopscope pair A B``: the partner-pair tables (:func:`coopscope.api.pair`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coopscope.api.choices import ADVANCED, INDICATOR_ORDER, METHODS
from coopscope.api.pair import pair
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
from coopscope.cli.sensitivity_flag import pair_sensitivity, sensitivity_option
from coopscope.errors import OptionError

F = TypeVar("F", bound=Callable[..., Any])
# The terminal view shows these columns; csv, json and parquet carry every column.
COMPACT = {
    "products": ("year", "product", "description", "pair_class", "direction", "value_usd", "mpe_class", "ai_areas",
                 "top_supplier_a", "top_supplier_b", "rca_a", "rca_b"),
    "indicators": (*INDICATOR_ORDER, "cooperation_ratio"),
}  # fmt: skip


def suppliers_option(f: F) -> F:
    """``--suppliers USA,JPN,DEU``."""
    return click.option(
        "--suppliers", default=",".join(ADVANCED), show_default=True, help="Third supplier group S (codes or names)."
    )(f)


def method_option(f: F) -> F:
    """``--method geodep|eu2021|kita|kiet``."""
    return click.option(
        "--method", default="geodep", show_default=True, help=f"Dependence method: {', '.join(METHODS)}."
    )(f)


def register(main: click.Group) -> None:
    """Add the ``pair`` command."""

    @main.command("pair")
    @click.argument("a")
    @click.argument("b")
    @click.option("--year", default=None, help="Year (default: the latest in the store).")
    @store_option
    @click.option("--input", "input_path", type=click.Path(path_type=Path), default=None, help="Trade table file.")
    @click.option("--map", "mapping", default=None, help="Rename input columns: canonical=source,…")
    @click.option("--class", "product_class", default=None, help="Only this 소재·부품·장비 or technology class.")
    @click.option("--area", default=None, help="Only this AI area.")
    @click.option("--level", default="products", show_default=True, help="products or indicators.")
    @suppliers_option
    @method_option
    @sensitivity_option
    @engine_option
    @basis_option
    @to_option
    @format_option
    @columns_option
    def pair_cmd(a: str, b: str, **o: Any) -> None:
        """Partner-pair tables of A and B (codes or names: KOR, 한국, 中国): products by class, or indicators."""
        trade = None
        if o["input_path"] is not None:
            if o["store"] is not None:
                raise OptionError("pass either --store or --input, not both.", "drop one of them.")
            from coopscope.api.data import read_trade_table

            trade = read_trade_table(o["input_path"], parse_map(o["mapping"]), None, "usd")
        result = pair(
            a, b, store=o["store"], year=o["year"], suppliers=o["suppliers"], method=o["method"], level=o["level"],
            product_class=o["product_class"], area=o["area"], basis=o["basis"], to=o["to_revision"], trade=trade,
            engine=o["engine"],
        )  # fmt: skip
        default = COMPACT.get(o["level"], ())
        if o["sensitivity"]:
            result = pair_sensitivity(result, a, b, o)
            at = default.index("direction") + 1 if "direction" in default else len(default)
            default = (*default[:at], "class_label", "class_share", *default[at:])  # kept when the width is short
        emit_result(result, o["fmt"], o["output"], default=default, columns=o["columns"], wide=o["wide"])
