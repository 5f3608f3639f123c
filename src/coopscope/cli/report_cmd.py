"""``coopscope report A B --out DIR``: the cooperation report (Excel, HTML brief, Parquet and CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.cli.common import engine_option, resolve_engine, resolve_store, store_option, to_option
from coopscope.cli.pair_cmd import method_option, suppliers_option


def register(main: click.Group) -> None:
    """Add the ``report`` command."""

    @main.command("report")
    @click.argument("a")
    @click.argument("b")
    @click.option("--year", type=int, default=None, help="Report year (default: the latest in the store).")
    @store_option
    @suppliers_option
    @method_option
    @engine_option
    @to_option
    @click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help="Folder for the workbook, the HTML brief and the tables.",
    )
    def report(
        a: str,
        b: str,
        year: int | None,
        store: Path | None,
        suppliers: str,
        method: str,
        engine: str | None,
        to_revision: str | None,
        out_dir: Path,
    ) -> None:
        """Write the cooperation report of partners A and B."""
        from coopscope.report import write_report

        paths = write_report(
            resolve_store(store),
            out_dir,
            a=a,
            b=b,
            year=year,
            suppliers=suppliers.split(","),
            method=method,
            engine=resolve_engine(engine),
            to=to_revision,
        )
        click.echo(f"Workbook: {paths.workbook}\nBrief:    {paths.html}\nTables:   {paths.out_dir / 'tables'}")
