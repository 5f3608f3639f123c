"""``coopscope serve``: the dashboard and JSON API over a built store, on this machine by default."""

from __future__ import annotations

import os
from pathlib import Path

import click

from coopscope.cli.common import resolve_store, store_option

TOKEN_ENV = "COOPSCOPE_WEB_TOKEN"


def _token(token_file: Path | None) -> str | None:
    """The access token: the first line of ``token_file``, else $COOPSCOPE_WEB_TOKEN, else none."""
    if token_file is not None:
        return token_file.read_text(encoding="utf-8").splitlines()[0].strip() or None
    return os.environ.get(TOKEN_ENV) or None


def register(main: click.Group) -> None:
    """Add the ``serve`` command."""

    @main.command("serve")
    @store_option
    @click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to listen on; anything but loopback needs a token.",
    )
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
    @click.option(
        "--lang",
        type=click.Choice(["en", "ko", "zh"]),
        default="en",
        show_default=True,
        help="Default page language (a page's ?lang= and the browser's Accept-Language come first).",
    )
    @click.option(
        "--token-file",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        default=None,
        help=f"File whose first line is the access token (else ${TOKEN_ENV}).",
    )
    def serve(store: Path | None, host: str, port: int, lang: str, token_file: Path | None) -> None:
        """Serve the dashboard and the JSON API (/api/v1/) over a built store, read-only.

        Open http://127.0.0.1:8000/ in a browser. The store is read through its manifest, so a
        `coopscope build` running beside the server never shows half-written tables.
        """
        import uvicorn

        from coopscope.web import WebSettings, create_app

        settings = WebSettings(
            store=resolve_store(store), lang=lang, token=_token(token_file), host=host, warm=(("KOR", "CHN"),)
        )
        app = create_app(settings)
        click.echo(f"coopscope dashboard on http://{host}:{port}/ (store {settings.store}); Ctrl+C stops it.")
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
