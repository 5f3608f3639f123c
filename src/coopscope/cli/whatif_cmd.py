"""``coopscope whatif``: what importers would lose if some suppliers stopped, and who could step in."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api import whatif
from coopscope.api.choices import CoverRule
from coopscope.cli.common import (
    emit_table,
    engine_option,
    format_option,
    resolve_engine,
    resolve_store,
    store_option,
    to_option,
)

LEVELS = ("products", "alternatives", "totals", "shared")
COMPACT = {
    "products": ("importer", "product", "description", "exposed_usd", "exposed_share", "cover_usd",
                 "net_exposed_usd", "n_alternatives", "partner_cover_usd"),
    "alternatives": ("importer", "product", "rank", "exporter", "is_partner", "world_export_share", "rca", "spare_usd"),
}  # fmt: skip


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def register(main: click.Group) -> None:
    """Add the ``whatif`` command."""

    @main.command("whatif")
    @click.option("--importer", required=True, help="One importer, or two (e.g. KOR,CHN) to see what they share.")
    @click.option("--supplier", required=True, help="Suppliers that stop, comma-separated ISO3 (e.g. JPN,USA).")
    @click.option("--partner", default=None, help="With one importer: the partner named first among alternatives.")
    @click.option("--year", default=None, help="Year, e.g. 2022 (default: the latest in the store).")
    @click.option("--class", "product_class", default=None, help="Only this class: materials, parts, equipment…")
    @click.option("--area", default=None, help="Only this AI area (e.g. ai-semiconductors).")
    @click.option("--redirect", type=float, default=0.1, show_default=True, help="Share of third-country exports "
                  "an alternative could redirect.")  # fmt: skip
    @click.option("--min-rca", type=float, default=1.0, show_default=True, help="Alternatives need RCA ≥ this.")
    @click.option("--top", type=int, default=5, show_default=True, help="Alternatives shown per product.")
    @click.option("--level", type=click.Choice(LEVELS), default="products", show_default=True)
    @store_option
    @engine_option
    @to_option
    @format_option
    def whatif_command(
        importer: str,
        supplier: str,
        partner: str | None,
        year: str | None,
        product_class: str | None,
        area: str | None,
        redirect: float,
        min_rca: float,
        top: int,
        level: str,
        store: Path | None,
        engine: str | None,
        to_revision: str | None,
        fmt: str,
        output: Path | None,
    ) -> None:
        """Supplier-loss what-if: exposure, alternatives and net exposure per product (METHODS.md §B2)."""
        result = whatif(
            resolve_store(store),
            importers=_codes(importer),
            suppliers=_codes(supplier),
            year=year,
            partner=partner,
            product_class=product_class,
            area=area,
            rule=CoverRule(redirect=redirect, min_rca=min_rca),
            top_alternatives=top,
            engine=resolve_engine(engine),
            to=to_revision,
        )
        table = getattr(result, level)
        if table is None:
            raise click.UsageError("--level shared needs two importers, e.g. --importer KOR,CHN.")
        if fmt == "table" and level in COMPACT:
            table = table.select([c for c in COMPACT[level] if c in table.column_names])
        notes = [*(["SYNTHETIC DATA: not real trade figures"] if result.synthetic else []), *result.notes]
        title = f"What if {', '.join(result.suppliers)} stopped supplying {', '.join(result.importers)}, {result.year}"
        emit_table(table, fmt, output, title=f"{title} ({level})", note=" ".join(notes))
