"""`coopscope fetch baci` against a local HTTP server: download, resume, verify, ingest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sources_helpers import LocalServer, baci_zip_bytes, serve_bytes

from coopscope.cli import main
from coopscope.errors import InputError, NetworkError
from coopscope.sources.config import load_config
from coopscope.sources.fetch_baci import fetch_baci
from coopscope.store import Store


def _manifest(store: Path) -> str:
    return (store / "manifest.json").read_text() if (store / "manifest.json").exists() else ""


def test_fetch_baci_downloads_verifies_and_ingests(local_server: LocalServer, tmp_path: Path) -> None:
    payload = baci_zip_bytes()
    local_server.route = serve_bytes(payload)
    store = tmp_path / "store"
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "baci",
            "--revision",
            "HS17",
            "--release",
            "V202401b",
            "--base-url",
            local_server.url,
            "--store",
            str(store),
        ],
    )
    assert result.exit_code == 0, result.output
    assert local_server.requests == ["/BACI_HS17_V202401b.zip"]
    assert (load_config().cache_dir() / "baci" / "BACI_HS17_V202401b.zip").read_bytes() == payload
    sources = Store.open(store).sources()
    assert [(s.kind, s.hs_revision, s.release, s.years) for s in sources] == [
        ("baci", "HS17", "V202401b", [2021, 2022])
    ]
    assert sources[0].row_count == 240
    assert sources[0].location.endswith("/BACI_HS17_V202401b.zip")


def test_fetch_baci_resumes_after_a_dropped_connection(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    payload = baci_zip_bytes()
    half = len(payload) // 2
    local_server.route = serve_bytes(payload, drop_first_after=half)
    got = fetch_baci(
        "HS17", tmp_path / "store", base_url=local_server.url, backoff_s=0.0, sha256=hashlib.sha256(payload).hexdigest()
    )
    assert got.download.resumes == 1
    assert local_server.headers[1]["Range"] == f"bytes={half}-"
    assert got.download.path == tmp_path / "cache" / "baci" / "BACI_HS17_V202401b.zip"
    assert got.download.path.read_bytes() == payload
    # a second run reuses the cached zip: no new request, and the store says "already ingested"
    again = fetch_baci("HS17", tmp_path / "store", base_url=local_server.url)
    assert len(local_server.requests) == 2 and again.download.from_cache
    assert again.ingested is not None and again.ingested.already_ingested  # type: ignore[attr-defined]


def test_fetch_baci_restarts_when_the_server_ignores_range(local_server: LocalServer, tmp_path: Path) -> None:
    payload = baci_zip_bytes(rows=40)
    local_server.route = serve_bytes(payload, drop_first_after=100, honour_range=False)
    got = fetch_baci("HS17", None, base_url=local_server.url, backoff_s=0.0)
    assert got.download.path.read_bytes() == payload and got.ingested is None


def test_fetch_baci_wrong_checksum_is_an_error_and_keeps_nothing(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route = serve_bytes(baci_zip_bytes(rows=40))
    with pytest.raises(NetworkError, match="SHA-256"):
        fetch_baci("HS17", tmp_path / "store", base_url=local_server.url, sha256="0" * 64)
    assert not (tmp_path / "store").exists()


def test_fetch_baci_malformed_line_names_file_line_column_and_leaves_store_unchanged(
    local_server: LocalServer, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    Store.open(store, create=True)
    before = _manifest(store)
    local_server.route = serve_bytes(baci_zip_bytes(bad_line=7))
    with pytest.raises(InputError) as err:
        fetch_baci("HS17", store, base_url=local_server.url)
    message = str(err.value)
    assert "BACI_HS17_Y2022_V202401b.csv" in message and "line 7" in message and "'v'" in message
    assert "Hint:" in message
    assert _manifest(store) == before
    assert not list(store.glob("trade/**/*.parquet"))


def test_fetch_baci_unknown_release_and_404(local_server: LocalServer, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["fetch", "baci", "--revision", "HS17", "--release", "V199901", "--store", "x"])
    assert bad.exit_code == 1 and "V199901" in bad.output and "--list" in bad.output

    def not_found(req):  # type: ignore[no-untyped-def]
        req.send_response(404)
        req.send_header("Content-Length", "0")
        req.end_headers()

    local_server.route = not_found
    with pytest.raises(NetworkError, match="404"):
        fetch_baci("HS22", None, base_url=local_server.url)


def test_fetch_baci_list_shows_releases_and_revisions() -> None:
    result = CliRunner().invoke(main, ["fetch", "baci", "--list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {"release": "V202401b", "hs_revision": "HS22"} in [
        {k: r[k] for k in ("release", "hs_revision")} for r in rows
    ]
    assert all(r["url"].startswith("https://www.cepii.fr/") for r in rows)
