"""``coopscope dependence``: import dependence per importer and HS6 product (:func:`coopscope.api.dependence`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api.choices import ADVANCED, GROUPINGS, METHODS
from coopscope.api.dependence import dependence
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
from coopscope.cli.sensitivity_flag import dependence_sensitivity, sensitivity_option
from coopscope.errors import OptionError

# The terminal view: the key columns with the product description; --wide or csv for the rest.
SHORT = ("year", "importer", "product", "description", "import_value_usd", "top_supplier", "top_supplier_share",
         "hhi", "group_share", "eu2021", "geodep", "kita_band", "kiet_class")  # fmt: skip


def register(main: click.Group) -> None:
    """Add the ``dependence`` command."""

    @main.command("dependence")
    @click.option("--importer", default=None, help="Importer(s): ISO3, number or name (KOR, 410, 한국, 韩国) or EU27.")
    @click.option("--year", "year_text", default=None, help="Year(s): 2022, 2019-2022 or 2019,2021 (default: latest).")
    @click.option("--method", default=None, help=f"Only products dependent under this method: {', '.join(METHODS)}.")
    @click.option(
        "--suppliers", default=",".join(ADVANCED), show_default=True, help="The supplier group of group_share."
    )
    @click.option("--area", default=None, help="Only products of this AI area (e.g. ai-semiconductors).")
    @click.option("--class", "product_class", default=None, help="Only this 소재·부품·장비 or technology class.")
    @click.option("--methods-file", type=click.Path(path_type=Path), default=None, help="Your own thresholds (TOML).")
    @click.option("--summary", "summary_by", default=None, help=f"Counts grouped by some of: {', '.join(GROUPINGS)}.")
    @click.option("--trends", is_flag=True, help="Products entering, leaving and staying dependent, year on year.")
    @click.option("--grew", default=None, metavar="COLUMN", help="Products whose COLUMN (e.g. hhi) grew most.")
    @click.option("--detail", is_flag=True, help="Every column in the terminal table (as --wide).")
    @click.option("--input", "input_path", type=click.Path(path_type=Path), default=None, help="Flows from this file.")
    @click.option("--map", "map_text", default=None, help="Columns of --input: year=…,exporter=…,importer=…,…")
    @click.option("--hs-revision", default=None, help="HS revision of --input (with --map).")
    @click.option("--value-unit", default="usd", show_default=True, help="Unit of --input values: usd, kusd, musd.")
    @sensitivity_option
    @store_option
    @engine_option
    @basis_option
    @to_option
    @format_option
    @columns_option
    def dependence_cmd(**o: Any) -> None:
        """Import dependence per importer, HS6 product and year, with the EC, CEPII, KITA and KIET flags.

        Example: coopscope dependence --importer KOR --year 2022 --method geodep [--sensitivity]
        """
        trade = None
        if o["input_path"] is not None:
            if o["store"] is not None:
                raise OptionError("pass either --store or --input, not both.", "drop one of them.")
            from coopscope.api.data import read_trade_table

            trade = read_trade_table(o["input_path"], parse_map(o["map_text"]), o["hs_revision"], o["value_unit"])
        result = dependence(
            o["store"], importer=o["importer"], year=o["year_text"], method=o["method"], suppliers=o["suppliers"],
            product_class=o["product_class"], area=o["area"], methods_file=o["methods_file"],
            summary=o["summary_by"], trends=o["trends"], grew=o["grew"], basis=o["basis"], to=o["to_revision"],
            trade=trade, engine=o["engine"],
        )  # fmt: skip
        rows_view = not (o["summary_by"] or o["trends"] or o["grew"])
        default = SHORT if rows_view else ()
        if o["sensitivity"]:
            result = dependence_sensitivity(result, o)
            default = (*SHORT, *[c for c in result.table.column_names if c.endswith(("_share", "_label"))
                                 and c.split("_")[0] in METHODS])  # fmt: skip
        emit_result(result, o["fmt"], o["output"], default=default, columns=o["columns"],
                    wide=o["wide"] or o["detail"])  # fmt: skip
