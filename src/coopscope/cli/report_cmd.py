"""``coopscope report A B --out DIR [--lang ko]``: the cooperation report from the evidence model.

Writes the HTML brief, the Excel workbook, the model as JSON and every table as Parquet and CSV.
"""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.cli.common import engine_option, resolve_engine, resolve_store, store_option, to_option
from coopscope.cli.pair_cmd import suppliers_option

RULES = ("eu2021", "geodep", "kita", "kiet")


def register(main: click.Group) -> None:
    """Add the ``report`` command."""

    @main.command("report")
    @click.argument("a")
    @click.argument("b")
    @click.option("--year", type=int, default=None, help="Report year (default: the latest in the store).")
    @store_option
    @suppliers_option
    @click.option(
        "--rules",
        default=",".join(RULES),
        show_default=True,
        help="Dependence rules shown side by side, comma-separated (eu2021, geodep, kita, kiet).",
    )
    @click.option(
        "--method",
        type=click.Choice(RULES),
        default=None,
        help="List this rule first (all --rules are still shown side by side).",
    )
    @click.option("--lang", type=click.Choice(("en", "ko", "zh")), default="en", show_default=True,
                  help="Language of the brief and the workbook: English, Korean or Chinese.")  # fmt: skip
    @engine_option
    @to_option
    @click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help="Folder for the brief, the workbook, the model JSON and the tables.",
    )
    def report(
        a: str,
        b: str,
        year: int | None,
        store: Path | None,
        suppliers: str,
        rules: str,
        method: str | None,
        lang: str,
        engine: str | None,
        to_revision: str | None,
        out_dir: Path,
    ) -> None:
        """Write the cooperation report of partners A and B."""
        from coopscope.report import write_report

        click.echo(f"Building the evidence on {a.upper()} and {b.upper()} …", err=True)
        paths = write_report(
            resolve_store(store),
            out_dir,
            a=a,
            b=b,
            year=year,
            suppliers=[s.strip() for s in suppliers.split(",") if s.strip()],
            rules=[r.strip() for r in rules.split(",") if r.strip()],
            method=method,
            engine=resolve_engine(engine),
            to=to_revision,
            lang=lang,
        )
        click.echo(
            f"Brief:    {paths.html}\nWorkbook: {paths.workbook}\nModel:    {paths.model}\n"
            f"Tables:   {paths.out_dir / 'tables'}"
        )
