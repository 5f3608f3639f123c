"""Every malformed name, code, year, area and class on every command that takes it: exit 1, one line, a hint."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from coopscope.cli import main

# (command words, the option in error, the words the message must hold); {store} is the store folder
RELATIONAL = [
    (["dependence", "--importer", "JAP"], "did you mean JPN"),
    (["dependence", "--importer", "KORR"], "did you mean KOR"),
    (["dependence", "--suppliers", "USA,JAP,DEU"], "did you mean JPN"),
    (["dependence", "--year", "2019"], "2019 not in the data"),
    (["dependence", "--year", "twenty"], "not a year"),
    (["dependence", "--year", "2022-2019"], "not a year"),
    (["dependence", "--area", "robot"], "not an AI area"),
    (["dependence", "--class", "gadgets"], "not a product class"),
    (["dependence", "--method", "oecd"], "not a valid choice"),
    (["dependence", "--summary", "colour"], "not a grouping"),
    (["dependence", "--basis", "customs"], "customs is not in"),
    (["dependence", "--columns", "nope"], "not in the table"),
    (["pair", "JAP", "CHN"], "did you mean JPN"),
    (["pair", "KOR", "Chinaa"], "not a country code or name"),
    (["pair", "KOR", "KOR"], "same country"),
    (["pair", "KOR", "CHN", "--suppliers", "USA,JAP"], "did you mean JPN"),
    (["pair", "KOR", "CHN", "--year", "2019"], "2019 not in the data"),
    (["pair", "KOR", "CHN", "--year", "2021,2022"], "takes one year"),
    (["pair", "KOR", "CHN", "--area", "robot"], "not an AI area"),
    (["pair", "KOR", "CHN", "--class", "gadgets"], "not a product class"),
    (["pair", "KOR", "CHN", "--method", "oecd"], "not a valid choice"),
    (["pair", "KOR", "CHN", "--level", "firms"], "not a valid choice"),
    (["report", "KOR", "JAP", "--out", "{tmp}/r"], "did you mean JPN"),
    (["report", "KOR", "CHN", "--year", "abc", "--out", "{tmp}/r"], "not a year"),
    (["complexity", "--year", "2019"], "2019 not in the data"),
    (["complexity", "--level", "firm"], "not a valid choice"),
    (["complexity", "--presence", "always"], "presence"),
    (["build", "--basis", "customs"], "customs is not in"),
    (["whatif", "--importer", "JAP", "--supplier", "USA"], "did you mean JPN"),
    (["whatif", "--importer", "KOR", "--supplier", "USA,JAP"], "did you mean JPN"),
    (["whatif", "--importer", "KOR", "--supplier", "USA", "--partner", "Chinaa"], "not a country code or name"),
    (["whatif", "--importer", "KOR", "--supplier", "USA", "--year", "2019"], "no trade data for 2019"),
    (["whatif", "--importer", "KOR", "--supplier", "USA", "--year", "twenty"], "not a year"),
    (["whatif", "--importer", "KOR", "--supplier", "USA", "--area", "robot"], "'robot' is not known"),
    (["whatif", "--importer", "KOR", "--supplier", "USA", "--class", "gadgets"], "'gadgets'"),
    (["opportunities", "KOR", "JAP"], "did you mean JPN"),
    (["opportunities", "KOR", "CHN", "--year", "2019"], "no trade data for 2019"),
    (["opportunities", "KOR", "CHN", "--year", "2021,2022"], "takes one year"),
    (["opportunities", "KOR", "CHN", "--area", "robot"], "'robot' is not known"),
    (["sensitivity", "KORR", "CHN"], "did you mean KOR"),
    (["sensitivity", "KOR", "CHN", "--suppliers", "USA,JAP"], "did you mean JPN"),
    (["sensitivity", "KOR", "CHN", "--year", "2022-2019"], "not a year"),
    (["mirror", "--importer", "JAP"], "did you mean JPN"),
    (["mirror", "--importer", "KOR", "--year", "soon"], "not a year"),
    (["convert", "--to", "HS22", "--weights", "trade"], "no reconciled HS22 trade"),
]
FIRMS = [
    (["firms", "screen", "--country", "KORR"], "did you mean KOR"),
    (["firms", "screen", "--year", "soon"], "not a year"),
    (["firms", "match", "KOR", "JAP"], "did you mean JPN"),
    (["firms", "match", "KOR", "CHN", "--area", "robot"], "not an AI area"),
    (["firms", "match", "KOR", "CHN", "--top", "0"], "not a positive number"),
    (
        [
            "firms",
            "load",
            "{tmp}/list.csv",
            "--country",
            "KORR",
            "--currency",
            "KRW",
            "--map",
            "name=n",
            "--store",
            "{tmp}/s",
        ],
        "did you mean KOR",
    ),
    (["firms", "dart", "005930", "--years", "2024-2022", "--store", "{tmp}/s"], "not a year"),
]
# The commands that fetch or make data: names and years checked before anything is written or downloaded.
DATA = [
    (["fetch", "comtrade", "--reporters", "JAP", "--years", "2021", "--dry-run"], "did you mean JPN"),
    (
        ["fetch", "comtrade", "--reporters", "KOR", "--partners", "Chinaa", "--years", "2021", "--dry-run"],
        "not a country code or name",
    ),
    (["fetch", "comtrade", "--reporters", "KOR", "--years", "2021-2019", "--dry-run"], "not a year"),
    (["fetch", "comtrade", "--reporters", "KOR", "--years", "2021", "--flow", "Q", "--dry-run"], "not M or X"),
    (["fetch", "baci", "--revision", "HS99", "--store", "{tmp}/s"], "not an HS revision"),
    (["synth", "--out", "{tmp}/w", "--years", "2019,,2021"], "--years"),
    (
        ["ingest", "table", "{tmp}/list.csv", "--map", "year=y", "--hs-revision", "HS99", "--store", "{tmp}/s"],
        "HS99",
    ),
    (["products", "show", "999999"], "999999"),
    (["products", "show", "8542", "--revision", "HS22"], "8542"),
]
ENGINES = ["duckdb", pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.slow])]


def _check(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Hint: " in lines[0], result.output
    return lines[0]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("args", "words"), RELATIONAL, ids=[" ".join(a) for a, _ in RELATIONAL])
def test_relational_commands(synthetic_store, tmp_path, engine, args, words, request):
    if engine == "spark":
        request.getfixturevalue("spark_backend")  # Java present (a failure under CI otherwise)
    full = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--store", str(synthetic_store), "--engine", engine]
    assert words in _check(full)
    assert not (tmp_path / "r").exists()  # nothing half-written


@pytest.mark.parametrize(("args", "words"), FIRMS, ids=[" ".join(a[:3]) + f" {n}" for n, (a, _) in enumerate(FIRMS)])
def test_firm_commands(tmp_path, args, words):
    (tmp_path / "list.csv").write_text("n\nACME\n", encoding="utf-8")
    assert words in _check([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(("args", "words"), DATA, ids=[" ".join(a[:3]) + f" {n}" for n, (a, _) in enumerate(DATA)])
def test_data_commands(tmp_path, args, words):
    (tmp_path / "list.csv").write_text("y\n2022\n", encoding="utf-8")
    assert words in _check([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert not (tmp_path / "s").exists() and not (tmp_path / "w").exists()  # nothing written


@pytest.mark.parametrize(
    "args",
    [
        ["products", "search", "반도체"],
        ["products", "search", "半导体"],
        ["products", "search", "8542"],
    ],
)
def test_product_search_in_three_languages_and_by_code(args):
    result = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    codes = [line.split(",")[0].strip('"') for line in result.stdout.splitlines()[1:]]
    assert any(code.startswith("8541") or code.startswith("8542") or code.startswith("8486") for code in codes)
