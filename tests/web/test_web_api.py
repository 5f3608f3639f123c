"""The JSON API in process: answers, paging, downloads, the one error shape, ETags, security headers."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest


def read_csv(content: bytes):
    text_columns = {c: pa.string() for c in ("product", "importer", "exporter")}
    return pacsv.read_csv(io.BytesIO(content), convert_options=pacsv.ConvertOptions(column_types=text_columns))


ERROR_KEYS = {"status", "code", "message", "hint", "param", "nearest"}


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/v1/cooperation?a=KOR&b=CHN", marks=pytest.mark.slow),  # the evidence model: ~25 CPU-s
        "/api/v1/dependence?importer=KOR&year=2022",
        "/api/v1/pair?a=KOR&b=CHN&year=2022",
        "/api/v1/complexity?year=2022",
        "/api/v1/firms/matches?a=KOR&b=CHN",
        "/api/v1/methods",
    ],
    ids=["cooperation", "dependence", "pair", "complexity", "firms", "methods"],
)
def test_every_endpoint_answers_in_the_table_shape(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"page", "params", "synthetic", "notes", "info", "table", "tables", "columns", "paging", "rows"}
    assert body["synthetic"] is True
    assert body["table"] in body["tables"]
    assert len(body["rows"]) <= body["paging"]["per_page"]
    assert all(set(row) == set(body["columns"]) for row in body["rows"])


def test_dependence_rows_agree_with_the_library(client, web_store):
    from coopscope.api import dependence

    lib = dependence(web_store, importer="KOR", year=2022, method="geodep").to_arrow()
    r = client.get("/api/v1/dependence?importer=KOR&year=2022&method=geodep&format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = read_csv(r.content)
    assert sorted(rows["product"].to_pylist()) == sorted(lib["product"].to_pylist())
    assert lib.num_rows > 0
    assert rows["synthetic"].to_pylist() == [True] * rows.num_rows


def test_pages_of_rows_follow_the_whole_table(client):
    base = "/api/v1/dependence?importer=KOR,CHN&method=kita&sort=hhi&order=desc"
    whole = pq.read_table(io.BytesIO(client.get(base + "&format=parquet").content))
    first = client.get(base + "&per_page=7&page=1").json()
    second = client.get(base + "&per_page=7&page=2").json()
    assert first["paging"]["total"] == whole.num_rows > 14
    keys = [(r["importer"], r["product"], r["year"]) for r in first["rows"] + second["rows"]]
    expected = list(
        zip(whole["importer"].to_pylist(), whole["product"].to_pylist(), whole["year"].to_pylist(), strict=True)
    )[:14]
    assert keys == expected


def test_excel_download_holds_the_same_rows(client):
    from openpyxl import load_workbook

    r = client.get("/api/v1/pair?table=classes&format=xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    json_rows = client.get("/api/v1/pair?table=classes&per_page=500").json()["rows"]
    assert sheet.max_row - 1 == len(json_rows) > 0


@pytest.mark.parametrize(
    ("url", "status", "param", "nearest"),
    [
        ("/api/v1/dependence?importer=KOX", 422, "importer", "KOR"),
        ("/api/v1/products/854299", 404, "hs6", "854290"),
        ("/api/v1/products/85x", 404, "hs6", None),
        ("/api/v1/dependence?importer=KOR&year=1999", 422, "from", "2022"),
        ("/api/v1/dependence?importer=KOR&per_page=501", 422, "per_page", None),
        ("/api/v1/dependence?importer=KOR&method=eu2020", 422, "rule", "eu2021"),
        ("/api/v1/complexity?area=robots", 422, "area", "robotics"),
        ("/api/v1/pair?a=KOR&b=KOR", 422, "b", None),
        ("/api/v1/dependence?importer=KOR&table=nope", 422, "table", None),
        ("/api/v1/nowhere", 404, "", None),
    ],
    ids=["country", "product", "not-hs6", "year", "page-size", "rule", "area", "same-pair", "table", "route"],
)
def test_errors_have_one_shape_with_a_hint_and_nearest(client, url, status, param, nearest):
    r = client.get(url)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert set(error) == ERROR_KEYS
    assert error["status"] == status and error["hint"] and error["message"]
    assert error["param"] == param
    if nearest:
        assert nearest in error["nearest"]


def test_etag_answers_304_until_the_store_changes(client):
    first = client.get("/api/v1/methods")
    tag = first.headers["etag"]
    again = client.get("/api/v1/methods", headers={"If-None-Match": tag})
    assert again.status_code == 304
    other = client.get("/api/v1/methods?per_page=3", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag


def test_security_headers_on_pages_and_api(client):
    for url in ("/methods", "/api/v1/methods", "/static/app.js"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "url", ["/static/../manifest.json", "/static/%2e%2e/manifest.json", "/api/v1/products/..%2Fmanifest.json"]
)
def test_no_parameter_reaches_the_store_folder(client, url):
    r = client.get(url)
    assert r.status_code in (404, 422)
    assert "source_id" not in r.text


def test_openapi_description_is_served_and_lists_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/v1/cooperation",
        "/api/v1/dependence",
        "/api/v1/pair",
        "/api/v1/products/{hs6}",
        "/api/v1/complexity",
        "/api/v1/firms/matches",
    ):
        assert path in paths
    assert not any(p.startswith("/dependence") for p in paths)


def test_another_supplier_group_recomputes_the_group_share(client, web_store):
    from coopscope.api import dependence

    lib = dependence(web_store, importer="KOR", year=2022, suppliers="CHN,VNM").to_arrow()
    expected = dict(zip(lib["product"].to_pylist(), lib["group_share"].to_pylist(), strict=True))
    url = "/api/v1/dependence?importer=KOR&year=2022&suppliers=CHN,VNM&dependent=false&per_page=200"
    rows = client.get(url).json()["rows"]
    assert len(rows) == 200
    for row in rows:
        assert row["group_share"] == pytest.approx(expected[row["product"]], abs=1e-9), row["product"]
    assert any(row["group_share"] > 0 for row in rows)


def test_firm_matches_follow_the_area_size_and_technology_filters(client):
    everything = client.get("/api/v1/firms/matches?per_page=500").json()
    assert everything["paging"]["total"] > 0
    url = "/api/v1/firms/matches?area=robotics&min_tech=0.3&per_page=500"
    rows = client.get(url).json()["rows"]
    assert rows and all(r["area"] == "robotics" for r in rows)
    assert all(min(r["tech_score_a"] or 0, r["tech_score_b"] or 0) >= 0.3 for r in rows)
    assert len(rows) < everything["paging"]["total"]
    assert all(r["reasons"] for r in rows)


def test_serve_refuses_other_hosts_without_a_token(web_store):
    from click.testing import CliRunner

    from coopscope.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(web_store), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "no token is set" in result.output and "Hint:" in result.output


def test_docs_page_loads_only_vendored_assets(client):
    html = client.get("/api/v1/docs").text
    assert '/static/vendor/swagger-ui/swagger-ui-bundle.js"' in html and "/static/docs.js" in html
    assert "http" not in html.replace('href="data:,"', "")
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
