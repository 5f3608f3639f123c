"""The ``coopscope firms`` commands through click's runner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from coopscope.cli import main

LIST = (
    "企业名称,统一社会信用代码,所属行业代码,主导产品,营业收入(万元),从业人员\n"
    "深圳示例机器人有限公司,91440300708461136T,35,工业机器人、减速器,18000,420\n"
)
MAP = (
    "name=企业名称,registration_no=统一社会信用代码,industry_code=所属行业代码,products_text=主导产品,"
    "revenue=营业收入(万元),employees=从业人员"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_screen_without_a_store_uses_the_marked_synthetic_demo() -> None:
    code, out, err = run("firms", "screen", "--country", "CHN", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 160 and {r["synthetic"] for r in rows} == {"true"}
    assert {r["country"] for r in rows} == {"CHN"}
    assert "SYNTHETIC" in err


def test_load_then_screen_from_the_store(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    store = tmp_path / "store"
    code, out, err = run(
        "firms",
        "load",
        str(path),
        "--store",
        str(store),
        "--country",
        "CHN",
        "--currency",
        "CNY",
        "--unit",
        "万元",
        "--year",
        "2024",
        "--map",
        MAP,
    )
    assert code == 0, err
    assert "Loaded 1 firms" in out
    code, out, err = run("firms", "screen", "--store", str(store), "--format", "json")
    assert code == 0, err
    assert '"size_class": "medium"' in out and "SYNTHETIC" not in err


def test_malformed_list_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(LIST.replace("18000", "壹万八千"), encoding="utf-8")
    code, _, err = run(
        "firms",
        "load",
        str(path),
        "--store",
        str(tmp_path / "s"),
        "--country",
        "CHN",
        "--currency",
        "CNY",
        "--unit",
        "万元",
        "--year",
        "2024",
        "--map",
        MAP,
    )
    assert code == 1
    assert err.startswith("Error: ") and "line 2" in err and "营业收入(万元)" in err and "Hint:" in err
    assert not (tmp_path / "s").exists()


def test_store_without_firm_tables_says_how_to_add_them(tmp_path: Path) -> None:
    from coopscope.store import Store

    Store.open(tmp_path / "empty", create=True)
    code, _, err = run("firms", "screen", "--store", str(tmp_path / "empty"))
    assert code == 1 and "no firm tables" in err and "coopscope firms load" in err


def test_match_command(tmp_path: Path, tiny_lens: pa.Table, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coopscope.firms.api.lens_table", lambda hs_revision="HS22": tiny_lens)
    code, out, err = run("firms", "match", "kor", "chn", "--area", "robotics", "--top", "5", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert 0 < len(rows) <= 5 and {r["area"] for r in rows} == {"robotics"}
    assert all(r["firm_a"].startswith("KOR:") and r["firm_b"].startswith("CHN:") for r in rows)
    assert all(r["reasons"] and r["synthetic"] == "true" for r in rows)
    code, _, err = run("firms", "match", "KOR", "KOR")
    assert code == 1 and "same country" in err
