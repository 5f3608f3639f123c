"""The data jobs of coopscope.api, called as a user would from Python on a tiny SYNTHETIC world.

synth → ingest → store_info → convert, fetch (from a local server), fetch_plan, settings,
load_firms and the reference tables; each with ``store=`` a path and with an opened store.
"""

from __future__ import annotations

import ast
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pyarrow.compute as pc
import pytest

import coopscope as cs
from coopscope.errors import CoopscopeError, StoreError

SRC = Path(__file__).parents[2] / "src" / "coopscope"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> cs.Result:
    return cs.synth(tmp_path_factory.mktemp("world"), scale="tiny", years="2021-2022", seed=3, firms=True)


@pytest.fixture(scope="module")
def zip_path(world: cs.Result) -> Path:
    return Path(world.table.filter(pc.equal(world.table["kind"], "world"))["path"][0].as_py())


def test_synth_says_it_is_synthetic_and_what_it_wrote(world: cs.Result, zip_path: Path) -> None:
    assert world.synthetic and world.notes[0].startswith("Built from SYNTHETIC data")
    assert world.params["years"] == [2021, 2022] and world.params["scale"] == "tiny"
    assert world.columns == ["kind", "path"]
    assert world.table["kind"].to_pylist() == ["world", "firms", "firm_financials"]
    assert zip_path.name == "BACI_HS17_V202401b.zip" and zip_path.exists()
    assert all(Path(p).exists() for p in world.table["path"].to_pylist())


@pytest.mark.parametrize(("options", "words"), [({"years": "2022-2019"}, "not a year"), ({"scale": "huge"}, "scale")])
def test_synth_refuses_bad_options_before_writing(tmp_path: Path, options: dict, words: str) -> None:
    with pytest.raises(CoopscopeError, match=words):
        cs.synth(tmp_path / "w", **options)
    assert not (tmp_path / "w").exists()


def test_ingest_and_store_info_by_path_and_by_opened_store(tmp_path: Path, zip_path: Path) -> None:
    first = cs.ingest(zip_path, store=tmp_path / "s")
    row = first.table.to_pylist()[0]
    assert first.synthetic and row["synthetic"] and not row["already_ingested"]
    assert row["kind"] == "baci" and row["hs_revision"] == "HS17" and row["years"] == [2021, 2022]
    ws = cs.open_store(tmp_path / "s")
    again = ws.ingest(zip_path)
    assert again.table["already_ingested"].to_pylist() == [True]
    info, same = cs.store_info(store=tmp_path / "s"), ws.store_info()
    assert info.table.equals(same.table) and info.synthetic and info.basis == "reconciled"
    assert info.table["row_count"].to_pylist() == [row["row_count"]]
    assert info.table["sha256"][0].as_py() and info.detail["sources"][0]["source_id"] == row["source_id"]
    assert info.tables["tables"].num_rows == 0 and info.tables["tables"].column_names == [
        "name",
        "rows",
        "built_at",
        "state",
    ]


def test_writing_jobs_never_fall_back_to_the_demo_store(tmp_path: Path, zip_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store given.*Hint: pass --store"):
        cs.ingest(zip_path)
    with pytest.raises(StoreError, match="not a coopscope store"):
        cs.store_info(store=tmp_path / "nothing")


def test_convert_adds_hs22_and_keeps_the_value(tmp_path: Path, zip_path: Path) -> None:
    cs.ingest(zip_path, store=tmp_path / "s")
    ws = cs.open_store(tmp_path / "s")
    done = ws.convert("HS22", weights="equal")
    row = done.table.to_pylist()[0]
    assert (row["from"], row["to"], row["weights"], row["status"]) == ("HS17", "HS22", "equal", "added")
    assert row["value_out_usd"] == pytest.approx(row["value_in_usd"], rel=1e-9)
    assert done.synthetic and "1:n and n:n links" in done.notes[-1] and done.params["target"] == "HS22"
    again = cs.convert("HS22", store=tmp_path / "s", weights="equal")
    assert again.table["status"].to_pylist() == ["already converted"]
    assert sorted(cs.store_info(store=ws).table["hs_revision"].to_pylist()) == ["HS17", "HS22"]


def test_fetch_baci_from_a_local_mirror_into_a_store(tmp_path: Path, zip_path: Path, local_server) -> None:
    payload = zip_path.read_bytes()

    def route(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Length", str(len(payload)))
        req.end_headers()
        req.wfile.write(payload)

    local_server.route = route
    got = cs.fetch("baci", store=tmp_path / "s", revision="hs17", base_url=local_server.url)
    assert got.params["url"].endswith("/BACI_HS17_V202401b.zip") and got.params["size_bytes"] == len(payload)
    assert got.params["from_cache"] is False and got.synthetic
    assert got.table["years"].to_pylist() == [[2021, 2022]]
    again = cs.open_store(tmp_path / "s").fetch("baci", base_url=local_server.url)
    assert again.params["from_cache"] and again.table["already_ingested"].to_pylist() == [True]
    only = cs.fetch("baci", download_only=True, base_url=local_server.url)
    assert only.table.num_rows == 0 and only.params["store"] is None


def test_baci_releases_and_the_comtrade_plan_by_country_names() -> None:
    releases = cs.baci_releases(base_url="http://mirror.example/baci")
    assert ("V202401b", "HS17") in zip(
        releases.table["release"].to_pylist(), releases.table["hs_revision"].to_pylist(), strict=True
    )
    assert releases.table["url"][0].as_py().startswith("http://mirror.example/baci/BACI_")
    plan = cs.fetch_plan("한국,中国", "2021-2022", "M", partners="USA,Japan")
    assert plan.params["reporters"] == ["KOR", "CHN"] and plan.params["partners"] == ["USA", "JPN"]
    assert {
        (r, y) for r, y in zip(plan.table["reporter"].to_pylist(), plan.table["year"].to_pylist(), strict=True)
    } == {(r, y) for r in ("KOR", "CHN") for y in (2021, 2022)}
    assert plan.params["summary"]["calls"] == plan.table.num_rows


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: cs.fetch_plan("JAP", 2021), "did you mean JPN"),
        (lambda: cs.fetch_plan("KOR", "2022-2019"), "not a year"),
        (lambda: cs.fetch_plan("KOR", 2021, "Q"), "not M or X"),
        (lambda: cs.fetch("baci", store="x", revision="HS99"), "not an HS revision"),
        (lambda: cs.fetch("ftp", store="x"), "not a valid choice"),
        (lambda: cs.convert("HS99", store="x"), "not a coopscope store"),
    ],
    ids=["reporter", "years", "flow", "revision", "source", "convert-store"],
)
def test_bad_data_job_options_are_errors_with_a_hint(call, words: str) -> None:
    with pytest.raises(CoopscopeError, match=words) as caught:
        call()
    assert caught.value.hint


def test_settings_mask_secrets_and_name_their_origin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COOPSCOPE_COMTRADE_KEY", "abcdef-secret-42")
    monkeypatch.setenv("COOPSCOPE_STORE", str(tmp_path / "s"))
    rows = {r["key"]: r for r in cs.settings().table.to_pylist()}
    assert rows["comtrade_key"]["value"] == "****42" and rows["comtrade_key"]["secret"]
    assert rows["comtrade_key"]["origin"] == "$COOPSCOPE_COMTRADE_KEY"
    assert rows["store"]["value"] == str(tmp_path / "s") and rows["engine"]["origin"] == "default"
    assert "abcdef" not in str(cs.settings().table.to_pylist())
    from coopscope.api.settings import configured_store, setting

    assert configured_store() == tmp_path / "s" and setting("engine") == "duckdb"
    with pytest.raises(CoopscopeError, match="not a setting"):
        setting("colour")


FIRMS = "企业名称,所属行业代码,主导产品,营业收入(万元),从业人员\n深圳示例机器人有限公司,35,工业机器人,18000,420\n"
FIRM_MAP = {"name": "企业名称", "industry_code": "所属行业代码", "products_text": "主导产品",
            "revenue": "营业收入(万元)", "employees": "从业人员"}  # fmt: skip


def test_load_firms_by_path_then_screen(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(FIRMS, encoding="utf-8")
    loaded = cs.load_firms(path, store=tmp_path / "s", country="中国", currency="cny", unit="万元",
                           mapping=FIRM_MAP, fiscal_year=2024)  # fmt: skip
    assert loaded.params["country"] == "CHN" and loaded.params["currency"] == "CNY"
    assert loaded.table["name"].to_pylist() == ["深圳示例机器人有限公司"] and not loaded.synthetic
    assert loaded.tables["financials"].num_rows == 1
    screened = cs.open_store(tmp_path / "s").screen_firms()
    assert screened.table["size_class"].to_pylist() == ["medium"]
    with pytest.raises(CoopscopeError, match="did you mean KOR"):
        cs.load_firms(path, store=tmp_path / "s", country="KORR", currency="KRW", mapping=FIRM_MAP)


def test_reference_tables_of_products() -> None:
    lenses = cs.product_lenses("HS22")
    assert lenses.table.num_rows > 5000 and {"mpe_class", "tech_class", "ai_areas"} <= set(lenses.columns)
    counts = cs.class_counts(["HS22"])
    assert set(counts.table["hs_revision"].to_pylist()) == {"HS22"}
    assert sum(r["codes"] for r in counts.table.to_pylist() if r["lens"] == "mpe_class") == lenses.table.num_rows
    areas = cs.ai_areas()
    assert areas.columns == ["product", "area", "stage", "reason"] and areas.notes == (f"{areas.table.num_rows} lines",)
    with pytest.raises(CoopscopeError, match="revisions"):
        cs.class_counts(["HS07"])


def test_a_trade_file_read_for_trade_keeps_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("yr,exporter,importer,product,value_usd\n2022,CHN,KOR,030111,5\n", encoding="utf-8")
    table = cs.read_trade_table(path, {"year": "yr"}, hs_revision="HS17")
    assert table.to_pylist()[0] | {"quantity_t": None} == {
        "year": 2022, "exporter": "CHN", "importer": "KOR", "product": "030111", "hs_revision": "HS17",
        "value_usd": 5.0, "quantity_t": None,
    }  # fmt: skip


# ---- the library first: every job is public, documented and a method where it takes a store ----

STORE_JOBS = ("ingest", "build", "dependence", "complexity", "pair", "cooperation", "report", "match_firms",
              "screen_firms", "fetch", "convert", "store_info", "load_firms", "fetch_firms")  # fmt: skip


def test_every_api_job_is_exported_documented_and_a_workspace_method_where_it_takes_a_store() -> None:
    import coopscope.api as api

    assert set(api.__all__) <= set(cs.__all__)
    for name in api.__all__:
        assert getattr(cs, name) is getattr(api, name), name
        assert (getattr(api, name).__doc__ or "").strip(), f"{name} has no docstring"
    for name in STORE_JOBS:
        assert callable(getattr(cs.Workspace, name, None)), f"Workspace.{name} is missing"


# Layers a command module may import: the API, the CLI's own modules, and the leaf helpers.
CLI_MAY_IMPORT = ("coopscope.api", "coopscope.cli", "coopscope.options", "coopscope.errors", "coopscope._version",
                  "coopscope._interrupt", "coopscope.report.cells", "coopscope.web")  # fmt: skip


def _coopscope_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    found += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0]
    return [m for m in found if m == "coopscope" or m.startswith("coopscope.")]


def test_cli_modules_import_only_the_api_and_leaf_helpers() -> None:
    modules = sorted((SRC / "cli").glob("*.py"))
    assert len(modules) > 20
    bad = {
        f"{p.name}: {m}"
        for p in modules
        for m in _coopscope_imports(p)
        if not any(m == ok or m.startswith(ok + ".") for ok in CLI_MAY_IMPORT)
    }
    assert not bad, "cli modules reach past coopscope.api: " + "; ".join(sorted(bad))


def test_the_import_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "x_cmd.py"
    sample.write_text("from coopscope.sources.baci import ingest_baci\nimport coopscope.store\n", encoding="utf-8")
    assert _coopscope_imports(sample) == ["coopscope.store", "coopscope.sources.baci"]
