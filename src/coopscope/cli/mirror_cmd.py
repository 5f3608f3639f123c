"""``coopscope mirror``: an importer's declared imports against its partners' declared exports."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api import mirror_diagnostics
from coopscope.api.choices import BAND, CIF_FOB_MARGIN
from coopscope.cli.common import emit_table, engine_option, format_option, resolve_engine, resolve_store, store_option


def register(main: click.Group) -> None:
    """Add the ``mirror`` command."""

    @main.command("mirror")
    @click.option("--importer", required=True, help="Importers whose declarations are compared, e.g. KOR,CHN.")
    @click.option("--year", default=None, help="Year, e.g. 2022 (default: the latest holding both bases).")
    @click.option("--margin", type=float, default=CIF_FOB_MARGIN, show_default=True, help="Expected CIF/FOB margin.")
    @click.option("--band", type=float, default=BAND, show_default=True, help="Tolerance around the expected ratio.")
    @click.option("--level", type=click.Choice(["flows", "summary"]), default="summary", show_default=True)
    @store_option
    @engine_option
    @format_option
    def mirror_command(
        importer: str,
        year: str | None,
        margin: float,
        band: float,
        level: str,
        store: Path | None,
        engine: str | None,
        fmt: str,
        output: Path | None,
    ) -> None:
        """Mirror diagnostics: CIF/FOB gaps, discrepancies beyond a band, re-exports via HKG/SGP (§B5)."""
        result = mirror_diagnostics(
            resolve_store(store),
            importers=importer.split(","),
            year=year,
            margin=margin,
            band=band,
            engine=resolve_engine(engine),
        )
        note = "SYNTHETIC DATA: not real trade figures" if result.synthetic else ""
        title = f"Mirror diagnostics {', '.join(result.importers)} {result.year} (expected ratio {1 + margin:g})"
        emit_table(getattr(result, level), fmt, output, title=title, note=note)
