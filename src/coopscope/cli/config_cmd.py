"""``coopscope config show``: the effective settings and where each came from (keys masked)."""

from __future__ import annotations

import click

from coopscope.sources.config import SETTINGS, config_path, load_config


def register(main: click.Group) -> None:
    """Add the ``config`` group to the main command."""

    @main.group("config")
    def config() -> None:
        """Settings: a TOML file plus COOPSCOPE_* environment variables."""

    @config.command("show")
    def show() -> None:
        """Print the effective settings; secrets are masked."""
        cfg = load_config()
        click.echo(f"# config file: {config_path()}")
        masked = cfg.masked()
        for s in SETTINGS:
            click.echo(f"{s.key} = {masked[s.key]!r}    # from {cfg.origins[s.key]}; env {s.env}")
