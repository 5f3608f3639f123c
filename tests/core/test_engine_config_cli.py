"""The engine seam, settings, and the command line's help and error handling."""

from __future__ import annotations

from pathlib import Path

import click
import pyarrow as pa
import pytest
from click.testing import CliRunner

from coopscope.cli import main
from coopscope.engine import connect, engine_name, from_arrow, read_parquet, write_parquet
from coopscope.errors import ConfigError, OptionError
from coopscope.sources.config import SETTINGS, load_config


def test_engine_reads_parquet_and_groups(engine, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"importer": ["KOR", "KOR", "CHN"], "value_usd": [1.0, 2.0, 5.0]}), tmp_path / "a.parquet")
    table = read_parquet(engine, [tmp_path / "a.parquet"])
    got = engine.to_pyarrow(table.group_by("importer").aggregate(v=table.value_usd.sum()).order_by("importer"))
    assert got.to_pydict() == {"importer": ["CHN", "KOR"], "v": [5.0, 3.0]}
    mem = from_arrow(engine, pa.table({"x": [1, 2, 3]}))
    assert engine.to_pyarrow(mem.x.sum().as_table()).column(0).to_pylist() == [6]
    assert engine_name(engine) in ("duckdb", "spark")


def test_write_parquet_writes_one_whole_file(engine, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    table = from_arrow(engine, pa.table({"code": ["KOR", None, "CHN"], "value_usd": [1.5, 2.0, None]}))
    target = tmp_path / "out.parquet"
    assert write_parquet(engine, table.order_by("value_usd"), target) == 3
    got = pq.read_table(target).sort_by("code").to_pydict()
    assert got == {"code": ["CHN", "KOR", None], "value_usd": [None, 1.5, 2.0]}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]


def test_write_parquet_leaves_nothing_when_the_query_fails(tmp_path: Path) -> None:
    import duckdb

    con = connect("duckdb")
    rows = from_arrow(con, pa.table({"code": [str(n) for n in range(100_000)] + ["not a number"]}))
    target = tmp_path / "table.parquet"
    write_parquet(con, rows.limit(3), target)
    before = target.read_bytes()
    with pytest.raises(duckdb.ConversionException):
        write_parquet(con, rows.mutate(n=rows.code.cast("int64")), target)
    assert target.read_bytes() == before  # the earlier file is kept whole
    assert [p.name for p in tmp_path.iterdir()] == ["table.parquet"]  # and no partial copy is left


def test_unknown_engine_is_an_option_error() -> None:
    with pytest.raises(OptionError, match=r"'sqlite' is not a valid choice.*duckdb, spark"):
        connect("sqlite")


def test_settings_from_file_then_environment_with_keys_masked(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[coopscope]\nstore = "/data/store"\ncomtrade_key = "abcdef123456"\nengine = "spark"\n')
    monkeypatch.setenv("COOPSCOPE_CONFIG", str(path))
    monkeypatch.setenv("COOPSCOPE_ENGINE", "duckdb")
    cfg = load_config()
    assert cfg.get("store") == "/data/store" and cfg.origins["store"] == str(path)
    assert cfg.get("engine") == "duckdb" and cfg.origins["engine"] == "$COOPSCOPE_ENGINE"
    shown = CliRunner().invoke(main, ["config", "show"]).output
    assert "abcdef123456" not in shown and "****56" in shown and "/data/store" in shown


def test_bad_config_file_names_the_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[coopscope]\nstroe = "x"\n')
    monkeypatch.setenv("COOPSCOPE_CONFIG", str(path))
    with pytest.raises(ConfigError, match=r"config.toml: unknown setting\(s\) stroe"):
        load_config()


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.key}`" in readme and setting.env in readme, setting.key


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [(), *_commands(main)], ids=lambda p: " ".join(p) or "coopscope")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_the_commands_the_readme_promises_exist() -> None:
    names = {" ".join(p) for p in _commands(main)}
    assert {"demo", "synth", "ingest baci", "store info", "config show", "build"} <= names


def test_from_arrow_keeps_nulls_on_every_engine(engine) -> None:
    table = pa.table({"code": ["KOR", None], "value": [1.5, None], "n": pa.array([1, None], pa.int64())})
    got = engine.to_pyarrow(from_arrow(engine, table).order_by("n"))
    assert got.column("code").to_pylist() == ["KOR", None]
    assert got.column("value").to_pylist() == [1.5, None]
    assert got.column("n").to_pylist() == [1, None]


def test_duckdb_memory_limit_and_threads_are_applied() -> None:
    con = connect("duckdb", memory_limit="1GB", threads=1)
    limit, threads = con.raw_sql("select current_setting('memory_limit'), current_setting('threads')").fetchone()
    assert limit.endswith("MiB") and float(limit.split()[0]) < 1000 and int(threads) == 1


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "parquet"])
def test_synthetic_output_says_so_in_every_format(tmp_path: Path, fmt: str, capsys) -> None:
    import pyarrow.parquet as pq

    from coopscope.cli.common import emit_table

    out = tmp_path / "out.parquet" if fmt == "parquet" else None
    emit_table(pa.table({"x": [1]}), fmt, out, note="Built from SYNTHETIC data.")
    captured = capsys.readouterr()
    assert "SYNTHETIC" in captured.out + captured.err
    if fmt in ("csv", "json"):
        assert "SYNTHETIC" not in captured.out  # stdout stays clean data
    if fmt == "parquet":
        assert pq.read_schema(out).metadata[b"coopscope.synthetic"] == b"true"
