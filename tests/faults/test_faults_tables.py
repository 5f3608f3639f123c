"""Fault catalogue, UN Comtrade files and national tables: codes, years, values, headers and damaged
files (causes 5, 9, 16)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from faults_helpers import one_line_error, run

H = "ref_year,reporter_iso,partner_iso,flow_code,cmd_code,primary_value,classification_code,net_wgt\n"
GOOD = "2022,KOR,CHN,M,854231,100,H5,1\n"
COMTRADE = {
    "partner-QQQ": (H + "2022,KOR,QQQ,M,854231,100,H5,1\n", "QQQ"),
    "product-999999": (H + "2022,KOR,CHN,M,999999,100,H5,1\n", "999999"),
    "value-1e999": (H + "2022,KOR,CHN,M,854231,1e999,H5,1\n", "line 2"),
    "value-nan": (H + "2022,KOR,CHN,M,854231,nan,H5,1\n", "line 2"),
    "weight-inf": (H + "2022,KOR,CHN,M,854231,1,H5,1e999\n", "line 2"),
    "year-1900": (H + "1900,KOR,CHN,M,854231,1,H5,1\n", "line 2"),
    "year-2099": (H + "2099,KOR,CHN,M,854231,1,H5,1\n", "line 2"),
    "duplicate-column": (H.replace("net_wgt", "primary_value") + GOOD, "appears twice"),
    "header-only": (H, "only a header"),
}


@pytest.mark.parametrize("case", list(COMTRADE), ids=str)
def test_cause05_09_16_comtrade_files(tmp_path: Path, case: str) -> None:
    text, needle = COMTRADE[case]
    path = tmp_path / "c.csv"
    path.write_text(text)
    one_line_error(run("ingest", "comtrade", path, "--store", tmp_path / "s"), "c.csv", needle)
    assert not (tmp_path / "s" / "trade").exists()


def test_cause16_a_corrupt_gz(tmp_path: Path) -> None:
    path = tmp_path / "c.csv.gz"
    path.write_bytes(gzip.compress((H + GOOD).encode())[:-10])
    one_line_error(run("ingest", "comtrade", path, "--store", tmp_path / "s"), "c.csv.gz", "truncated")


def test_comtrade_good_row_goes_in(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(H + GOOD)
    assert run("ingest", "comtrade", path, "--store", tmp_path / "s").exit_code == 0


MAP = "year=year,partner=partner,product=hs,value=value"
TABLE_HEADER = "year,partner,hs,value\n"
TABLES = {
    "year-1900": (TABLE_HEADER + "1900,CHN,854231,5\n", "line 2"),
    "year-2099": (TABLE_HEADER + "2099,CHN,854231,5\n", "line 2"),
    "value-1e999": (TABLE_HEADER + "2022,CHN,854231,1e999\n", "line 2"),
    "duplicate-column": ("year,partner,hs,value,value\n2022,CHN,854231,5,6\n", "appears twice"),
    "header-only": (TABLE_HEADER, "only a header"),
    "unknown-country": (TABLE_HEADER + "2022,QQQ,854231,5\n", "QQQ"),
}


@pytest.mark.parametrize("case", list(TABLES), ids=str)
def test_cause05_09_16_national_tables(tmp_path: Path, case: str) -> None:
    text, needle = TABLES[case]
    path = tmp_path / "t.csv"
    path.write_text(text)
    args = ["--map", MAP, "--reporter", "KOR", "--flow", "import", "--hs-revision", "HS17", "--store", tmp_path / "s"]
    one_line_error(run("ingest", "table", path, *args), needle)
    assert not (tmp_path / "s" / "trade").exists()
