"""UN Comtrade: file ingest (API and bulk layouts), the request plan, and fetch via comtradeapicall
against a local HTTP server (no network)."""

from __future__ import annotations

import csv
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from sources_helpers import DATA, LocalServer

from coopscope.cli import main
from coopscope.errors import InputError, NetworkError, OptionError
from coopscope.sources.comtrade import ingest_comtrade, snake_case
from coopscope.sources.comtrade_api import (
    MAX_RECORDS_PER_CALL,
    country_codes,
    fetch_comtrade,
    plan_requests,
    products_bound,
)
from coopscope.store import Store

FIXTURE = DATA / "comtrade-api-chn-exports-kor-mex-usa-2012-2022.csv"
KEY = "test-key-5ecret-9f"


def _fixture_rows() -> list[dict[str, str]]:
    with open(FIXTURE, newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _product_level(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The real rows with the TOTAL commodity relabelled as one HS6 code (the fixture holds totals only)."""
    return [{**r, "cmd_code": "854231", "cmd_desc": "Processors", "aggr_level": "6"} for r in rows]


def test_api_layout_real_file_keeps_mirror_exports_per_revision(tmp_path: Path) -> None:
    rows = _product_level(_fixture_rows())
    got = ingest_comtrade(_write(tmp_path / "api.csv", rows), tmp_path / "store")
    records = sorted((c.record for c in got.sources), key=lambda r: r.hs_revision)
    assert [(r.basis, r.hs_revision, r.years) for r in records] == [
        ("mirror_exports", "HS12", [2012, 2013, 2014, 2015, 2016]),
        ("mirror_exports", "HS17", [2017, 2018, 2019, 2020, 2021]),
        ("mirror_exports", "HS22", [2022]),
    ]
    expected = sum(float(r["primary_value"]) for r in rows)
    assert abs(sum(r.value_total_usd for r in records) - expected) < 1e-3
    con_rows = Store.open(tmp_path / "store").sources()
    assert all(s.kind == "comtrade" and s.details["layout"] == "api-snake_case" for s in con_rows)
    again = ingest_comtrade(tmp_path / "api.csv", tmp_path / "store")
    assert all(c.already_ingested for c in again.sources)


def test_real_file_with_totals_only_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no 6-digit flows.*33 aggregate product.*Hint"):
        ingest_comtrade(FIXTURE, tmp_path / "store")
    assert not (tmp_path / "store" / "manifest.json").exists()


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(w.upper() if w == "iso" else w.capitalize() for w in rest)


def test_bulk_layout_keeps_reported_imports_and_mirror_exports_and_drops_aggregates(tmp_path: Path) -> None:
    base = _product_level(_fixture_rows())[:3]  # 2012, CHN exports to KOR, MEX, USA (H4)
    imports = [
        {
            **r,
            "reporter_iso": "KOR",
            "reporter_code": "410",
            "partner_iso": "CHN",
            "partner_code": "156",
            "flow_code": "M",
            "primary_value": "123.5",
            "net_wgt": "2500",
        }
        for r in base[:1]
    ]
    world = [{**base[0], "partner_iso": "W00", "partner_code": "0"}]
    nes = [{**base[0], "partner_iso": "_X", "partner_code": "899"}]
    taiwan = [{**base[0], "partner_iso": "S19", "partner_code": "490"}]
    re_exports = [{**base[0], "flow_code": "RX"}]
    rows = base + imports + world + nes + taiwan + re_exports
    camel = [
        {
            ("reporterISO" if k == "reporter_iso" else "partnerISO" if k == "partner_iso" else _camel(k)): v
            for k, v in r.items()
        }
        for r in rows
    ]
    assert {
        "refYear",
        "reporterISO",
        "partnerISO",
        "flowCode",
        "cmdCode",
        "primaryValue",
        "netWgt",
        "classificationCode",
    } <= set(camel[0])
    path = _write(tmp_path / "bulk.txt", camel, delimiter="\t")
    got = ingest_comtrade(path, tmp_path / "store")
    assert got.layout == "camelCase"
    assert got.dropped == {"world_or_aggregate_area": 2, "other_flow": 1}
    by_basis = {c.record.basis: c.record for c in got.sources}
    assert by_basis["reported_imports"].row_count == 1 and by_basis["reported_imports"].value_total_usd == 123.5
    assert by_basis["mirror_exports"].row_count == 4  # KOR, MEX, USA and Taiwan (S19 → TWN)
    stored = pq.read_table(tmp_path / "store" / by_basis["reported_imports"].files[0]).to_pylist()
    assert [(r["exporter"], r["importer"], r["quantity_t"]) for r in stored] == [("CHN", "KOR", 2.5)]
    assert snake_case("partner2Code") == "partner2code" and snake_case("reporterISO") == "reporter_iso"


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("primary_value", "12,5x", "not a valid number"),
        ("ref_year", "20x2", "not a valid number"),
        ("classification_code", "S4", "not an HS classification"),
        ("freq_code", "M", "not annual data"),
    ],
    ids=["value", "year", "sitc", "monthly"],
)
def test_malformed_comtrade_file_names_file_line_column_and_leaves_store_unchanged(
    tmp_path: Path, column: str, value: str, what: str
) -> None:
    store = tmp_path / "store"
    Store.open(store, create=True)
    before = (store / "manifest.json").read_text()
    rows = _product_level(_fixture_rows())
    rows[4] = {**rows[4], column: value}
    path = _write(tmp_path / "bad.csv", rows)
    with pytest.raises(InputError) as err:
        ingest_comtrade(path, store)
    assert f"bad.csv, line 6, column '{column}': {what}" in str(err.value) and "Hint:" in str(err.value)
    assert (store / "manifest.json").read_text() == before
    assert not list(store.glob("trade/**/*.parquet"))


# ---- the request plan and the documented limits ----


def test_dry_run_plan_for_kor_chn_imports_stays_inside_the_documented_limits() -> None:
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "comtrade",
            "--reporters",
            "KOR,CHN",
            "--years",
            "2019-2023",
            "--flow",
            "M",
            "--partners",
            "all",
            "--hs",
            "HS6",
            "--dry-run",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    calls = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(calls) <= 250  # calls per day (comtradr docs)
    assert all(c["max_records"] <= MAX_RECORDS_PER_CALL == 250_000 for c in calls)
    assert {(c["reporter"], c["year"]) for c in calls} == {(r, y) for r in ("KOR", "CHN") for y in range(2019, 2024)}
    assert {c["flow"] for c in calls} == {"M"} and {c["cmd_code"] for c in calls} == {"AG6"}
    # every partner is asked for once per reporter and year
    plan = plan_requests(["KOR", "CHN"], range(2019, 2024), ["M"])
    per_key: dict[tuple[str, int], list[str]] = {}
    for r in plan.requests:
        per_key.setdefault((r.reporter, r.year), []).extend(r.partner_codes)
    assert all(sorted(v) == sorted(set(country_codes().values())) for v in per_key.values())
    assert products_bound("HS6") == 5613
    assert "calls=" in result.stderr and "api_max_records_per_call=250000" in result.stderr


def test_a_plan_above_the_daily_limit_is_refused() -> None:
    plan = plan_requests(["KOR", "CHN", "JPN", "USA", "DEU"], range(2000, 2010), ["M", "X"])
    with pytest.raises(OptionError, match="above 250 a day"):
        plan.check()
    plan.check(days=plan.days())


# ---- fetch through comtradeapicall against a local server ----


def _api_route(fail: dict[str, int] | None = None, partners_with_data: tuple[str, ...] = ("156", "842", "392")):
    """Answer getFinalData like the API: JSON {"count", "data"} with camelCase fields."""
    iso = {code: iso3 for iso3, code in country_codes().items()}
    state = {"n": 0}
    fail = fail or {}

    def route(req: BaseHTTPRequestHandler) -> None:
        state["n"] += 1
        url = urlparse(req.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert url.path == "/data/v1/get/C/A/HS" and query["subscription-key"] == KEY
        status = fail.get(str(state["n"]), 200)
        if status != 200:
            body = b'{"error": "busy"}'
            req.send_response(status)
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)
            return
        year = int(query["period"])
        data = [
            {
                "typeCode": "C",
                "freqCode": "A",
                "refYear": year,
                "reporterCode": int(query["reportercode"]),
                "reporterISO": iso[query["reportercode"]],
                "flowCode": query["flowCode"],
                "partnerCode": int(p),
                "partnerISO": iso[p],
                "partner2Code": 0,
                "classificationCode": "H5",
                "cmdCode": cmd,
                "customsCode": "C00",
                "motCode": 0,
                "netWgt": 1000.0 * (k + 1),
                "primaryValue": 10.0 * int(p) + k,
            }
            for p in query["partnerCode"].split(",")
            if p in partners_with_data
            for k, cmd in enumerate(("854231", "290110"))
        ]
        body = json.dumps({"elapsedTime": "0s", "count": len(data), "data": data, "error": ""}).encode()
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return route


def test_fetch_comtrade_through_comtradeapicall_and_ingest(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", KEY)
    local_server.route = _api_route(fail={"1": 429})
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "comtrade",
            "--reporters",
            "KOR",
            "--years",
            "2020-2021",
            "--flow",
            "M",
            "--partners",
            "CHN,USA,JPN",
            "--store",
            str(tmp_path / "s"),
            "--base-url",
            local_server.url,
            "--pause",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert KEY not in result.output
    assert len(local_server.requests) == 3  # one retry after the 429, then one call per year
    sources = Store.open(tmp_path / "s").sources()
    assert [(s.basis, s.hs_revision, s.years, s.row_count) for s in sources] == [
        ("reported_imports", "HS17", [2020, 2021], 12)
    ]
    assert sources[0].value_total_usd == 2 * (10.0 * (156 + 842 + 392) * 2 + 3)
    assert KEY not in (tmp_path / "s" / "manifest.json").read_text()


def test_fetch_comtrade_resumes_without_repeating_finished_calls(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", KEY)
    local_server.route = _api_route(fail={"3": 503, "4": 503})
    kwargs = {"partners": None, "base_url": local_server.url, "pause_s": 0.0, "backoff_s": 0.0, "attempts": 2}
    with pytest.raises(NetworkError, match="failed 2 times") as err:
        fetch_comtrade(["KOR"], [2021], ["M"], tmp_path / "s", **kwargs)  # type: ignore[arg-type]
    assert KEY not in str(err.value)
    assert not (tmp_path / "s" / "manifest.json").exists()
    first_paths = list(local_server.requests)
    run, result = fetch_comtrade(["KOR"], [2021], ["M"], tmp_path / "s", **kwargs)  # type: ignore[arg-type]
    assert run.calls_reused == 2 and run.calls_made == len(plan_requests(["KOR"], [2021], ["M"]).requests) - 2
    later = local_server.requests[len(first_paths) :]
    assert not set(later) & set(first_paths[:2])  # the two finished calls were not asked again
    assert result.sources[0].record.row_count == 6


def test_fetch_comtrade_without_a_key_says_how_to_set_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "comtrade",
            "--reporters",
            "KOR",
            "--years",
            "2021",
            "--store",
            str(tmp_path / "s"),
            "--base-url",
            "http://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 1 and "COOPSCOPE_COMTRADE_KEY" in result.output


def test_fetch_comtrade_malformed_answer_names_the_line_and_leaves_store_unchanged(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", KEY)
    good = _api_route()

    def route(req: BaseHTTPRequestHandler) -> None:
        if "period=2021" in req.path:
            body = json.dumps(
                {
                    "count": 1,
                    "data": [
                        {
                            "typeCode": "C",
                            "freqCode": "A",
                            "refYear": 2021,
                            "reporterISO": "KOR",
                            "flowCode": "M",
                            "partnerISO": "CHN",
                            "partner2Code": 0,
                            "classificationCode": "H5",
                            "cmdCode": "854231",
                            "customsCode": "C00",
                            "motCode": 0,
                            "netWgt": 1.0,
                            "primaryValue": "n/a",
                        }
                    ],
                }
            ).encode()
            req.send_response(200)
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)
        else:
            good(req)

    local_server.route = route
    store = tmp_path / "s"
    Store.open(store, create=True)
    before = (store / "manifest.json").read_text()
    with pytest.raises(InputError) as err:
        fetch_comtrade(["KOR"], [2020, 2021], ["M"], store, partners=["CHN"], base_url=local_server.url, pause_s=0)
    assert "combined.csv, line 4, column 'primary_value': not a valid number: 'n/a'" in str(err.value)
    assert (store / "manifest.json").read_text() == before


def test_an_unauthorised_key_is_reported_without_the_key(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", KEY)
    local_server.route = _api_route(fail={"1": 401})
    result = CliRunner().invoke(
        main,
        [
            "fetch",
            "comtrade",
            "--reporters",
            "KOR",
            "--years",
            "2021",
            "--partners",
            "CHN",
            "--store",
            str(tmp_path / "s"),
            "--base-url",
            local_server.url,
            "--pause",
            "0",
        ],
    )
    assert result.exit_code == 1 and "401" in result.output and "subscription key" in result.output
    assert KEY not in result.output and len(local_server.requests) == 1


def test_gzipped_bulk_file_reads_like_the_plain_one(tmp_path: Path) -> None:
    import gzip

    rows = [
        {
            ("reporterISO" if k == "reporter_iso" else "partnerISO" if k == "partner_iso" else _camel(k)): v
            for k, v in r.items()
        }
        for r in _product_level(_fixture_rows())
    ]
    plain = _write(tmp_path / "bulk.txt", rows, delimiter="\t")
    packed = tmp_path / "bulk.txt.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    a = ingest_comtrade(plain, tmp_path / "a")
    b = ingest_comtrade(packed, tmp_path / "b")
    assert [c.record.value_total_usd for c in a.sources] == [c.record.value_total_usd for c in b.sources]
    assert sum(c.record.row_count for c in b.sources) == 33


def test_bulk_file_with_area_codes_only_gets_iso3_from_comtrade_codes(tmp_path: Path) -> None:
    rows = [
        {
            "refYear": "2021",
            "freqCode": "A",
            "reporterCode": "410",
            "partnerCode": p,
            "flowCode": "M",
            "classificationCode": "H5",
            "cmdCode": "854231",
            "partner2Code": "0",
            "motCode": "0",
            "customsCode": "C00",
            "primaryValue": "5",
            "netWgt": "",
        }
        for p in ("156", "842", "251", "0", "899")
    ]
    got = ingest_comtrade(_write(tmp_path / "codes.csv", rows), tmp_path / "s")
    assert got.dropped == {"world_or_aggregate_area": 2}
    stored = pq.read_table(tmp_path / "s" / got.sources[0].record.files[0]).to_pylist()
    assert sorted(r["exporter"] for r in stored) == ["CHN", "FRA", "USA"]
    assert {r["importer"] for r in stored} == {"KOR"}
