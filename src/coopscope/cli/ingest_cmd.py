"""``coopscope ingest baci``: a BACI release (zip, folder or yearly CSV) into the store."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api.jobs import ingest as ingest_file
from coopscope.cli.common import engine_option, resolve_engine, resolve_store, store_option
from coopscope.options import HS_REVISIONS


def register(main: click.Group) -> None:
    """Add the ``ingest`` group and its ``baci`` command."""

    @main.group("ingest")
    def ingest() -> None:
        """Read trade data into the store (BACI, UN Comtrade files, national tables)."""

    @ingest.command("baci")
    @click.argument("path", type=click.Path(path_type=Path))
    @store_option
    @engine_option
    @click.option(
        "--unknown-countries",
        type=click.Choice(["error", "keep"]),
        default="error",
        show_default=True,
        help="What to do with country codes not in BACI's table: stop, or keep them as X<code>.",
    )
    @click.option(
        "--hs-revision",
        type=click.Choice(list(HS_REVISIONS)),
        default=None,
        help="HS revision, when the file name does not say (e.g. a renamed yearly CSV).",
    )
    @click.option("--replace", is_flag=True, help="Replace data already in the store for the same years.")
    @click.option(
        "--synthetic",
        is_flag=True,
        default=None,
        help="Mark the source as synthetic (automatic for coopscope synth releases and their files).",
    )
    def baci(
        path: Path,
        store: Path | None,
        unknown_countries: str,
        hs_revision: str | None,
        replace: bool,
        synthetic: bool | None,
        engine: str | None,
    ) -> None:
        """Ingest a BACI release zip, a folder of its files, or one yearly CSV.

        With --engine spark, each yearly file is read by a task on the Spark cluster; the release
        and the store must be on a path every worker sees.
        """
        result = ingest_file(path, kind="baci", store=resolve_store(store), unknown_countries=unknown_countries,
                             hs_revision=hs_revision, replace=replace, synthetic=synthetic or None,
                             engine=resolve_engine(engine))  # fmt: skip
        r = result.table.to_pylist()[0]
        if r["already_ingested"]:
            click.echo(f"Already ingested on {r['ingested_at']} ({r['row_count']:,} rows); nothing changed.")
            return
        flag = " [SYNTHETIC]" if r["synthetic"] else ""
        click.echo(
            f"Ingested {r['row_count']:,} flows, {r['hs_revision']}, years {', '.join(map(str, r['years']))}, "
            f"total USD {r['value_total_usd']:,.0f}{flag}."
        )
        for old in result.tables["replaced"].to_pylist():
            click.echo(
                f"Replaced years {', '.join(map(str, old['years']))} of {old['location']}; its other years stay."
            )
