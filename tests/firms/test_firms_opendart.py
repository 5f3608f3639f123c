"""OpenDART client end to end against a local server replaying responses in OpenDART's format."""

from __future__ import annotations

import io
import json
import logging
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from coopscope.errors import ConfigError, InputError, NetworkError
from coopscope.firms.screen import screen
from coopscope.sources.opendart import OpenDart, fetch_firms

FIXTURES = Path(__file__).parent / "data" / "opendart"
KEY = "SECRET0123456789abcdefKEY"


class Replay(BaseHTTPRequestHandler):
    override: tuple[int, bytes] | None = None
    seen: ClassVar[list[dict[str, list[str]]]] = []

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        Replay.seen.append(query)
        status, body = Replay.override or self._route(url.path, query)
        self.send_response(status)
        self.end_headers()
        self.wfile.write(body)

    def _route(self, path: str, q: dict[str, list[str]]) -> tuple[int, bytes]:
        if path.endswith("/corpCode.xml"):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                zf.write(FIXTURES / "CORPCODE.xml", "CORPCODE.xml")
            return 200, buf.getvalue()
        corp = q.get("corp_code", [""])[0]
        name = {
            "/api/company.json": f"company_{corp}.json",
            "/api/fnlttSinglAcnt.json": f"fnltt_{corp}_{q.get('bsns_year', [''])[0]}.json",
        }.get(path, "")
        file = FIXTURES / name if name and (FIXTURES / name).exists() else FIXTURES / "status_013.json"
        return 200, file.read_bytes()


@pytest.fixture
def server() -> Iterator[str]:
    Replay.override, Replay.seen = None, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def client(server: str, monkeypatch: pytest.MonkeyPatch) -> OpenDart:
    monkeypatch.setenv("COOPSCOPE_OPENDART_KEY", KEY)
    monkeypatch.setenv("COOPSCOPE_OPENDART_BASE_URL", server)
    return OpenDart.from_config()


def test_fetch_firms_end_to_end(client: OpenDart) -> None:
    data = fetch_firms(client, ["99999A", "005930"], [2022, 2023, 2024])
    firms = {r["stock_code"]: r for r in data.firms.to_pylist()}
    test = firms["99999A"]
    assert (test["firm_id"], test["industry_code"], test["isic4"]) == ("KOR:99999A", "C29", "282")
    assert (test["listing_market"], test["registration_no"], test["founded_year"]) == ("KOSDAQ", "1238199999", 2005)
    assert test["name_romanised"] == "TEST PRECISION CO.,LTD"
    assert (firms["005930"]["industry_code"], firms["005930"]["isic4"]) == ("C26", "263")
    fin = {r["fiscal_year"]: r for r in data.financials.to_pylist()}
    assert sorted(fin) == [2022, 2023]  # 2024: status 013; Samsung: no accounts in the fixtures
    assert fin[2023]["revenue"] == 182_300_000_000  # separate (OFS) statements, not consolidated
    assert fin[2023]["total_assets"] == 285_500_000_000
    assert fin[2023]["debt_ratio"] == pytest.approx(95.2 / 285.5)
    assert fin[2023]["revenue_usd"] == pytest.approx(182.3e9 / fin[2023]["fx_units_per_usd"])
    assert all(q.get("crtfc_key") == [KEY] for q in Replay.seen)


def test_fetched_firm_is_screened_with_what_opendart_lacks_named(client: OpenDart) -> None:
    row = screen(fetch_firms(client, ["99999A"], [2022, 2023])).to_pylist()[0]
    assert row["size_class"] == "cannot decide"  # over the C29 ceiling, but group data is not in OpenDART
    assert "(2-yr avg sales 2022-2023) 1,766.5억원 > 1,000.0억원 ceiling of C29" in row["size_reason"]
    assert "in_restricted_group" in row["size_reason"]


@pytest.mark.parametrize(
    ("response", "error", "words"),
    [
        ((200, (FIXTURES / "status_010.json").read_bytes()), ConfigError, ["status 010", "opendart_key"]),
        ((200, (FIXTURES / "status_020.json").read_bytes()), NetworkError, ["status 020", "limit"]),
        ((200, (FIXTURES / "status_800.json").read_bytes()), NetworkError, ["status 800", "maintenance"]),
        ((200, b"<html>not json</html>"), InputError, ["company.json", "not JSON"]),
        ((500, b"oops"), NetworkError, ["HTTP 500"]),
    ],
    ids=["bad-key", "limit", "maintenance", "not-json", "http-500"],
)
def test_errors_are_clear_and_never_show_the_key(
    client: OpenDart, caplog: pytest.LogCaptureFixture, response: tuple[int, bytes], error: type, words: list[str]
) -> None:
    Replay.override = response
    caplog.set_level(logging.DEBUG)
    with pytest.raises(error) as info:
        client.company("00999999")
    text = str(info.value)
    assert all(w in text for w in words) and "Hint:" in text
    assert KEY not in text and KEY not in caplog.text and KEY not in repr(client)


def test_unreachable_server_is_a_network_error_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dead = OpenDart("http://127.0.0.1:9/api", KEY, timeout_s=2)
    with pytest.raises(NetworkError) as info:
        dead.company("00126380")
    assert KEY not in str(info.value) and KEY not in caplog.text
    assert info.value.__suppress_context__  # the requests exception (URL with key) is not chained


def test_unknown_stock_code_is_listed(client: OpenDart) -> None:
    with pytest.raises(InputError, match=r"1 stock code.*123456"):
        fetch_firms(client, ["123456"], [2023])


def test_missing_key_is_a_config_error(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPSCOPE_OPENDART_BASE_URL", server)
    with pytest.raises(ConfigError, match="opendart_key"):
        OpenDart.from_config()


def test_amount_that_is_not_a_number_names_the_field(client: OpenDart) -> None:
    body = json.loads((FIXTURES / "fnltt_00999999_2022.json").read_text(encoding="utf-8"))
    body["list"][2]["thstrm_amount"] = "1,7l0"
    Replay.override = (200, json.dumps(body, ensure_ascii=False).encode())
    from coopscope.sources.opendart import financial_row

    with pytest.raises(InputError, match=r"thstrm_amount.*Hint"):
        financial_row("KOR:99999A", 2022, client.annual_accounts("00999999", 2022))


def test_dart_command_writes_the_store_and_hides_the_key(
    server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from coopscope.cli import main
    from coopscope.sources.firm_tables import read_store_firms

    monkeypatch.setenv("COOPSCOPE_OPENDART_KEY", KEY)
    monkeypatch.setenv("COOPSCOPE_OPENDART_BASE_URL", server)
    result = CliRunner().invoke(main, ["firms", "dart", "99999A", "--years", "2022-2023", "--store", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Fetched 1 firms and 2 financial rows" in result.output and KEY not in result.output
    assert read_store_firms(tmp_path).financials["revenue"].to_pylist() == [171e9, 182.3e9]
    Replay.override = (200, (FIXTURES / "status_010.json").read_bytes())
    result = CliRunner().invoke(main, ["firms", "dart", "99999A", "--store", str(tmp_path)])
    assert result.exit_code == 1 and "status 010" in result.output and KEY not in result.output
