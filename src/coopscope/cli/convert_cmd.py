"""``coopscope convert --to HS22``: add the store's trade in another HS revision (thin adapter)."""

from __future__ import annotations

from pathlib import Path

import click
import pyarrow as pa

from coopscope.cli.common import emit_table, engine_option, format_option, resolve_engine, resolve_store, store_option


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
    from coopscope.sources.converted import convert_store

    done = convert_store(
        resolve_store(store),
        target=target.upper(),
        source=source.upper() if source else None,
        weights=weights,
        engine=resolve_engine(engine),
        replace=replace,
    )
    rows = [
        {
            "basis": d.basis,
            "from": d.source_revision,
            "to": d.report.target,
            "weights": d.report.weights,
            "value_in_usd": d.report.value_in_usd,
            "value_out_usd": d.report.value_out_usd,
            **{f"via_{k}_usd": v for k, v in d.report.by_link.items()},
            "status": "already converted" if d.committed.already_ingested else "added",
        }
        for d in done
    ]
    emit_table(
        pa.Table.from_pylist(rows),
        fmt,
        output,
        title=f"Conversion to {target.upper()}",
        note="Value through 1:n and n:n links was split by the rule in coopscope.classify.convert.",
    )
