"""Fault catalogue, network and secrets: .part files, deadlines, concurrent fetches, Comtrade answers,
keys in logs and messages (causes 11, 12, 14, 16, extras)."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from faults_helpers import LocalServer

from coopscope.errors import CoopscopeError, NetworkError
from coopscope.sources import download as dl
from coopscope.sources.download import download

PAYLOAD = bytes(range(256)) * 64
KEY = "0123456789abcdef0123456789abcdef"


def _serve(req: BaseHTTPRequestHandler) -> None:
    """Range-aware: 416 with ``bytes */N`` for a range at or past the end, as HTTP servers do."""
    start = int(req.headers["Range"].split("=")[1].split("-")[0]) if req.headers.get("Range") else 0
    if start >= len(PAYLOAD):
        req.send_response(416)
        req.send_header("Content-Range", f"bytes */{len(PAYLOAD)}")
        req.send_header("Content-Length", "0")
        req.end_headers()
        return
    req.send_response(206 if start else 200)
    if start:
        req.send_header("Content-Range", f"bytes {start}-{len(PAYLOAD) - 1}/{len(PAYLOAD)}")
    req.send_header("Content-Length", str(len(PAYLOAD) - start))
    req.end_headers()
    req.wfile.write(PAYLOAD[start:])


@pytest.mark.parametrize("extra", [b"", b"junk past the end"], ids=["complete", "oversized"])
def test_cause11_a_complete_or_oversized_part_does_not_block(
    local_server: LocalServer, tmp_path: Path, extra: bytes
) -> None:
    local_server.route = _serve
    target = tmp_path / "f.zip"
    (tmp_path / "f.zip.part").write_bytes(PAYLOAD + extra)
    got = download(local_server.url + "/f.zip", target, backoff_s=0)
    assert target.read_bytes() == PAYLOAD and got.size_bytes == len(PAYLOAD)


def test_extra_a_slow_drip_download_meets_its_overall_deadline(local_server: LocalServer, tmp_path: Path) -> None:
    def drip(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Length", "1000")
        req.end_headers()
        for _ in range(100):
            req.wfile.write(b"x")
            req.wfile.flush()
            time.sleep(0.05)

    local_server.route = drip
    with pytest.raises(NetworkError, match="overall deadline"):
        download(local_server.url + "/slow.zip", tmp_path / "slow.zip", deadline_s=0.3, timeout_s=5)


def test_cause14_two_fetches_of_one_file_take_turns(local_server: LocalServer, tmp_path: Path) -> None:
    local_server.route = _serve
    target = tmp_path / "f.zip"
    results: list[object] = []
    with dl._exclusive(tmp_path / "f.zip.part"):
        other = threading.Thread(target=lambda: results.append(download(local_server.url + "/f.zip", target)))
        other.start()
        time.sleep(0.3)
        assert other.is_alive() and not local_server.requests, "the second fetch must wait for the first"
        target.write_bytes(PAYLOAD)  # the first one finishes
    other.join(timeout=10)
    assert results and results[0].from_cache and not local_server.requests  # type: ignore[attr-defined]


def test_cause14_comtrade_run_files_have_unique_temporary_names() -> None:
    from coopscope.sources.comtrade_api import _unique_tmp

    names = {_unique_tmp(Path("/x/progress.json")).name for _ in range(50)}
    assert len(names) == 50 and all(n.startswith(".progress.json.") and n.endswith(".tmp") for n in names)


def test_cause12_keys_never_reach_a_log_record(caplog: pytest.LogCaptureFixture) -> None:
    from coopscope.sources.secrets import protect, scrub

    protect(KEY)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("urllib3.connectionpool").debug(
            '%s://%s:%s "%s %s %s" %s %s', "https", "h", 443, "GET", f"/get?subscription-key={KEY}", "HTTP/1.1", 200, 9
        )
        logging.getLogger("urllib3.util.retry").debug("retry %s", f"https://h/x?crtfc_key={KEY}")
        logging.getLogger("requests").warning(f"echo {KEY}")
    text = caplog.text
    assert KEY not in text and "****" in text
    assert scrub("https://h/q?token=abc&subscription-key=zzz&x=1") == "https://h/q?token=****&subscription-key=****&x=1"


def test_cause12_comtrade_key_is_masked_in_urllib3_debug_logs(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coopscope.sources.comtrade_api import fetch_comtrade

    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", KEY)
    local_server.route = _answer(b'{"count": 0, "data": []}')
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    try:
        with pytest.raises(NetworkError, match="no flows"):
            fetch_comtrade(
                ["KOR"], [2021], ["M"], tmp_path / "s", partners=["CHN"], base_url=local_server.url, pause_s=0
            )
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
    assert "GET /data/v1/get" in stream.getvalue() and KEY not in stream.getvalue()


def _answer(body: bytes, status: int = 200):  # type: ignore[no-untyped-def]
    def route(req: BaseHTTPRequestHandler) -> None:
        req.send_response(status)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return route


@pytest.mark.parametrize("body", [b"<html>maintenance</html>", b"{}", b"[]", b'{"data": [1, 2]}', b""], ids=repr)
def test_cause16_comtrade_200_without_data_is_one_line(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    from faults_helpers import one_line_error, run

    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", KEY)
    local_server.route = _answer(body)
    result = run(
        "fetch", "comtrade", "--reporters", "KOR", "--years", "2021", "--partners", "CHN",
        "--store", tmp_path / "s", "--base-url", local_server.url, "--pause", "0",
    )  # fmt: skip
    line = one_line_error(result, "UN Comtrade answered 200")
    assert KEY not in line


def test_cause12_an_opendart_echo_of_the_key_is_masked(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coopscope.sources.opendart import OpenDart

    local_server.route = _answer(json.dumps({"status": "010", "message": f"key {KEY} unknown"}).encode())
    client = OpenDart(local_server.url, KEY)
    with pytest.raises(CoopscopeError) as err:
        client.company("00126380")
    assert KEY not in str(err.value) and "****" in str(err.value)
