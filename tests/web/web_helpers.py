"""Helpers for the dashboard tests."""

from __future__ import annotations

import warnings


def in_process_client(app):
    """Starlette's in-process client (its import warns that httpx is deprecated there: not ours)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from starlette.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)
