"""``coopscope report A B --out DIR [--lang ko]``: the cooperation report (:func:`coopscope.api.report`).

Writes the HTML brief, the Excel workbook, the evidence model as JSON and every table as Parquet and CSV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api.cooperation import report
from coopscope.cli.common import engine_option, store_option, to_option
from coopscope.cli.pair_cmd import suppliers_option

RULES = ("eu2021", "geodep", "kita", "kiet")


def register(main: click.Group) -> None:
    """Add the ``report`` command to the main command."""

    @main.command("report")
    @click.argument("a")
    @click.argument("b")
    @click.option("--year", default=None, help="Report year (default: the latest in the store).")
    @store_option
    @suppliers_option
    @click.option("--rules", default=",".join(RULES), show_default=True,
                  help="Dependence rules shown side by side (eu2021, geodep, kita, kiet).")  # fmt: skip
    @click.option("--method", default=None, help="List this rule first (all --rules are still shown side by side).")
    @click.option("--lang", type=click.Choice(("en", "ko", "zh")), default="en", show_default=True,
                  help="Language of the brief and the workbook: English, Korean or Chinese.")  # fmt: skip
    @engine_option
    @to_option
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="Folder for the brief, the workbook, the model JSON and the tables.")  # fmt: skip
    def report_cmd(a: str, b: str, out_dir: Path, **o: Any) -> None:
        """Write the cooperation report of partners A and B (codes or names)."""
        result = report(
            a, b, out=out_dir, store=o["store"], year=o["year"], suppliers=o["suppliers"], rules=o["rules"],
            method=o["method"], lang=o["lang"], to=o["to_revision"], engine=o["engine"],
        )  # fmt: skip
        paths = result.detail
        click.echo(f"Brief:    {paths.html}\nWorkbook: {paths.workbook}\nModel:    {paths.model}\n"
                   f"Tables:   {paths.out_dir / 'tables'}")  # fmt: skip
        for note in result.notes:
            click.echo(f"Note: {note}", err=True)
