"""The ``coopscope`` command: a thin adapter over the library.

Each command group lives in its own module with a ``register(main)`` function. This module
is the one place that turns a :class:`~coopscope.errors.CoopscopeError` into a one-line
message on stderr and exit code 1.
"""

from __future__ import annotations

from coopscope._interrupt import quiet_start

_restore = quiet_start()  # Ctrl-C while the command modules load: one line, no traceback

import importlib  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

from coopscope._version import __version__  # noqa: E402
from coopscope.errors import CoopscopeError  # noqa: E402

COMMAND_MODULES = (
    "config_cmd",
    "store_cmd",
    "ingest_cmd",
    "ingest_files_cmd",
    "synth_cmd",
    "demo_cmd",
    "fetch_cmd",
    "convert_cmd",
    "products_cmd",
    "dependence_cmd",
    "complexity_cmd",
    "build_cmd",
    "pair_cmd",
    "report_cmd",
    "firms_cmd",
    "serve_cmd",
    "whatif_cmd",
    "opportunities_cmd",
    "sensitivity_cmd",
    "mirror_cmd",
)


class CoopscopeGroup(click.Group):
    """A click group that reports coopscope errors as one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; coopscope errors become one line on stderr and exit code 1."""
        try:
            return super().invoke(ctx)
        except CoopscopeError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was changed.", err=True)
            ctx.exit(130)


@click.group(cls=CoopscopeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopscope")
def main() -> None:
    """coopscope: where Korea and China (or any two economies) should cooperate, and with whom.

    Start with `coopscope demo`; every command has --help.
    """


def _register_all() -> None:
    """Register every command module; a missing one is an error, never a silently absent command."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"coopscope.cli.{name}").register(main)


_register_all()
_restore()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
