"""``coopscope convert --to HS22``: add the store's trade in another HS revision (:func:`coopscope.api.convert`)."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api.data import convert
from coopscope.cli.common import emit_table, engine_option, format_option, resolve_store, store_option


def register(main: click.Group) -> None:
    """Add the ``convert`` command."""
    main.add_command(_convert)


@click.command("convert")
@click.option("--to", "target", required=True, help="Target HS revision, e.g. HS22.")
@click.option("--from", "source", default=None, help="Only convert this revision (default: every other one).")
@click.option(
    "--weights",
    type=click.Choice(["auto", "equal", "trade"]),
    default="auto",
    show_default=True,
    help="Split 1:n codes equally, or by the target revision's world trade shares (auto: when the store has them).",
)
@click.option("--replace", is_flag=True, help="Replace data of the same years already in the target revision.")
@store_option
@engine_option
@format_option
def _convert(
    target: str,
    source: str | None,
    weights: str,
    replace: bool,
    store: Path | None,
    engine: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Convert trade between adjacent HS revisions (UN correlation tables) and report what moved."""
    result = convert(target, store=resolve_store(store), source=source, weights=weights, engine=engine,  # type: ignore[arg-type]
                     replace=replace)  # fmt: skip
    emit_table(result.table, fmt, output, title=result.title, note=result.notes[-1])
