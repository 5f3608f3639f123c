"""``coopscope products``: search HS codes, show one code's lenses, count classes, check area files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api.choices import LENS_REVISIONS
from coopscope.api.products import ai_areas, class_counts, product, product_lenses
from coopscope.cli.common import columns_option, emit_result, emit_table, format_option
from coopscope.options import HS_REVISIONS

SEARCH_VIEW = ("product", "level", "description", "description_ko", "description_zh", "matched_in")
_REVISION = click.option(
    "--revision", "hs_revision", type=click.Choice(list(HS_REVISIONS)), default="HS22", show_default=True,
    help="HS revision of the codes.",
)  # fmt: skip
_AREAS = click.option(
    "--areas", "areas_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="AI-area CSV replacing the shipped one (columns product,area,stage,reason[,revisions]).",
)  # fmt: skip


def register(main: click.Group) -> None:
    """Add the ``products`` group to the main command."""

    @main.group("products")
    def products() -> None:
        """HS products and their lenses: 소재·부품·장비, technology intensity, AI cooperation areas."""

    for add in (_add_search, _add_show, _add_stats, _add_lenses, _add_areas):
        add(products)


def _add_search(products: click.Group) -> None:
    @products.command("search")
    @click.argument("query")
    @_REVISION
    @_AREAS
    @click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="Most rows to show.")
    @format_option
    @columns_option
    def search(query: str, hs_revision: str, areas_file: Path | None, limit: int, fmt: str, **o: Any) -> None:
        """Find codes by code (8542) or words in English, Korean or Chinese (반도체, 半导体, photoresist)."""
        from coopscope.api.products import products as find

        result = find(query, hs_revision=hs_revision, areas_file=areas_file, limit=limit)  # type: ignore[arg-type]
        emit_result(result, fmt, o["output"], default=SEARCH_VIEW, columns=o["columns"], wide=o["wide"])


def _add_show(products: click.Group) -> None:
    @products.command("show")
    @click.argument("code")
    @_REVISION
    @_AREAS
    @format_option
    def show(code: str, hs_revision: str, areas_file: Path | None, fmt: str, output: Path | None) -> None:
        """Description, chapter, section, every lens and the linked codes of one six-digit CODE."""
        result = product(code, hs_revision=hs_revision, areas_file=areas_file)  # type: ignore[arg-type]
        emit_table(result.table, fmt, output, title=result.title)


def _add_stats(products: click.Group) -> None:
    @products.command("stats")
    @click.option(
        "--revision", "revisions", type=click.Choice(LENS_REVISIONS), multiple=True,
        help="Revision(s) to count (repeatable; default HS17 and HS22).",
    )  # fmt: skip
    @_AREAS
    @format_option
    def stats(revisions: tuple[str, ...], areas_file: Path | None, fmt: str, output: Path | None) -> None:
        """Codes per 소재·부품·장비 class, technology class and AI area."""
        result = class_counts(revisions or ("HS17", "HS22"), areas_file=areas_file)
        emit_table(result.table, fmt, output, title=result.title)


def _add_lenses(products: click.Group) -> None:
    @products.command("lenses")
    @_REVISION
    @_AREAS
    @click.option(
        "--mpe-method", type=click.Choice(["motie-industry", "bec5-axes"]), default="motie-industry",
        show_default=True, help="소재·부품·장비 rule (see classify/CLASSIFICATIONS.md).",
    )  # fmt: skip
    @format_option
    def lenses_cmd(hs_revision: str, areas_file: Path | None, mpe_method: str, fmt: str, output: Path | None) -> None:
        """Every six-digit code with all its lenses (use --format csv for the whole table)."""
        result = product_lenses(hs_revision, areas_file=areas_file, mpe_method=mpe_method)  # type: ignore[arg-type]
        emit_table(result.table, fmt, output, title=result.title)


def _add_areas(products: click.Group) -> None:
    @products.command("areas")
    @_REVISION
    @_AREAS
    @format_option
    def areas(hs_revision: str, areas_file: Path | None, fmt: str, output: Path | None) -> None:
        """List (and so validate) the AI-area file: codes by area and stage with reasons."""
        result = ai_areas(hs_revision, areas_file=areas_file)  # type: ignore[arg-type]
        emit_table(result.table, fmt, output, title=result.title, note=result.notes[0])
