"""``coopscope config show``: the effective settings and where each came from (:func:`coopscope.api.settings`)."""

from __future__ import annotations

import click

from coopscope.api.settings import settings


def register(main: click.Group) -> None:
    """Add the ``config`` group to the main command."""

    @main.group("config")
    def config() -> None:
        """Settings: a TOML file plus COOPSCOPE_* environment variables."""

    @config.command("show")
    def show() -> None:
        """Print the effective settings; secrets are masked."""
        result = settings()
        click.echo(f"# config file: {result.params['config_file']}")
        for s in result.table.to_pylist():
            click.echo(f"{s['key']} = {s['value']!r}    # from {s['origin']}; env {s['env']}")
