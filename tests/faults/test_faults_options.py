"""Fault catalogue, options: unvalidated values, year ranges, output paths, profile names,
booleans, Ctrl-C at start-up (causes 15, 16, 18, extras)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from faults_helpers import ROWS, one_line_error, run, write_release, year_rows

from coopscope.errors import OptionError, UnknownCodeError
from coopscope.options import check_bool, check_codes, check_count, check_finite, check_name, check_years
from coopscope.sources.baci import ingest_baci


@pytest.mark.parametrize("text", ["1-100000", "2022-2019", "0-5", "99999999999999999999", "2019,,2021"], ids=str)
def test_cause15_synth_years_are_bounded_and_forwards(tmp_path: Path, text: str) -> None:
    one_line_error(run("synth", "--years", text, "--out", tmp_path / "w"), "--years")
    assert not (tmp_path / "w").exists() or not any((tmp_path / "w").iterdir())


def test_cause18_supplier_lists(tmp_path: Path) -> None:
    assert check_codes("suppliers", "USA") == ("USA",)
    assert check_codes("suppliers", ["usa", "jpn"]) == ("USA", "JPN")
    for bad in ("FOO,,BAR", "", "U,S,A", ["USA", ""]):
        with pytest.raises(OptionError, match="not a country code"):
            check_codes("--suppliers", bad)


def test_cause18_api_suppliers_string_is_one_code(tmp_path: Path) -> None:
    from coopscope.pair.run import analyse_pair

    ingest_baci(write_release(tmp_path / "r", {2022: ROWS}), tmp_path / "s")
    with pytest.raises(OptionError, match="''"):
        analyse_pair(tmp_path / "s", suppliers="FOO,,BAR")
    with pytest.raises(UnknownCodeError, match="FOO"):
        analyse_pair(tmp_path / "s", suppliers="FOO,BAR")
    with pytest.raises(OptionError, match="''"):
        analyse_pair(tmp_path / "s", suppliers=["USA", ""])


def test_cause18_cli_suppliers_with_an_empty_entry(tmp_path: Path) -> None:
    ingest_baci(write_release(tmp_path / "r", {2022: ROWS}), tmp_path / "s")
    one_line_error(run("dependence", "--store", tmp_path / "s", "--suppliers", "FOO,,BAR"), "suppliers", "empty entry")


@pytest.mark.parametrize(
    ("value", "expected"), [("no", False), ("false", False), ("0", False), ("yes", True), (True, True)]
)
def test_cause18_booleans(value: object, expected: bool) -> None:
    assert check_bool("replace", value) is expected


def test_cause18_replace_no_does_not_replace(tmp_path: Path) -> None:
    ingest_baci(write_release(tmp_path / "r", {y: year_rows(y) for y in (2021, 2022)}), tmp_path / "s")
    other = write_release(tmp_path / "o", {2022: ["2022,410,156,854231,7,1"]}, name="V202501")
    with pytest.raises(Exception, match="--replace"):
        ingest_baci(other, tmp_path / "s", replace="no")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="not true or false"):
        ingest_baci(other, tmp_path / "s", replace="maybe")  # type: ignore[arg-type]


@pytest.mark.parametrize("top", ["0", "-5"])
def test_cause18_firms_match_top_must_be_positive(top: str) -> None:
    one_line_error(run("firms", "match", "KOR", "CHN", "--top", top), "top", "not a positive number")
    with pytest.raises(OptionError):
        check_count("--top", int(top))


def test_cause18_save_profile_outside_fails_before_committing(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("year,partner,hs,value\n2022,CHN,854231,5\n")
    args = ["--map", "year=year,partner=partner,product=hs,value=value", "--reporter", "KOR", "--flow", "import"]
    result = run(
        "ingest", "table", path, *args, "--hs-revision", "HS17", "--store", tmp_path / "s", "--save-profile", "../x"
    )
    one_line_error(result, "profile name")
    assert not (tmp_path / "s" / "manifest.json").exists()
    with pytest.raises(OptionError):
        check_name("--save-profile", "../x")


def test_cause16_threshold_nan_and_a_20_digit_year(tmp_path: Path) -> None:
    ingest_baci(write_release(tmp_path / "r", {2022: ROWS}), tmp_path / "s")
    one_line_error(run("complexity", "--store", tmp_path / "s", "--year", "2022", "--threshold", "nan"), "threshold")
    one_line_error(run("complexity", "--store", tmp_path / "s", "--year", "9" * 20), "not a trade year")
    with pytest.raises(OptionError):
        check_finite("--threshold", float("inf"))
    with pytest.raises(OptionError):
        check_years("--year", [10**19])


@pytest.mark.parametrize("where", ["folder", "missing"])
def test_cause16_output_to_a_folder_or_a_missing_folder(tmp_path: Path, where: str) -> None:
    ingest_baci(write_release(tmp_path / "r", {2022: ROWS}), tmp_path / "s")
    target = tmp_path if where == "folder" else tmp_path / "nope" / "out.csv"
    one_line_error(run("dependence", "--store", tmp_path / "s", "--format", "csv", "-o", target), "-o")


CHILD = """
import os, signal, sys, time
from coopscope._interrupt import quiet_start
restore = quiet_start()
os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while loading
time.sleep(30)
"""


def test_extra_ctrl_c_while_starting_is_one_line() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120)
    assert child.returncode == 130 and child.stderr.strip() == "Interrupted; nothing was changed."
    # once loaded, Ctrl-C is the normal KeyboardInterrupt again (in a fresh process: a Spark
    # session started by another test in this one installs its own handler)
    loaded = "import signal, coopscope.cli; assert signal.getsignal(signal.SIGINT) is signal.default_int_handler"
    done = subprocess.run([sys.executable, "-c", loaded], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
