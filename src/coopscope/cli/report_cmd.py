"""``coopscope report A B --out DIR``: the cooperation report (:func:`coopscope.api.report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api.pair import report
from coopscope.cli.common import basis_option, engine_option, store_option, to_option
from coopscope.cli.pair_cmd import method_option, suppliers_option


def register(main: click.Group) -> None:
    """Add the ``report`` command."""

    @main.command("report")
    @click.argument("a")
    @click.argument("b")
    @click.option("--year", default=None, help="Report year (default: the latest in the store).")
    @store_option
    @suppliers_option
    @method_option
    @engine_option
    @basis_option
    @to_option
    @click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help="Folder for the workbook, the HTML brief and the tables.",
    )
    def report_cmd(a: str, b: str, out_dir: Path, **o: Any) -> None:
        """Write the cooperation report of partners A and B (codes or names)."""
        result = report(
            a, b, out=out_dir, store=o["store"], year=o["year"], suppliers=o["suppliers"], method=o["method"],
            basis=o["basis"], to=o["to_revision"], engine=o["engine"],
        )  # fmt: skip
        paths = result.detail
        click.echo(f"Workbook: {paths.workbook}\nBrief:    {paths.html}\nTables:   {paths.out_dir / 'tables'}")
        for note in result.notes:
            click.echo(f"Note: {note}", err=True)
