"""Fault catalogue, BACI files: non-finite values, years and codes out of domain, duplicates across
files, lost rows, large plain files, line numbers (causes 5, 6, 7, 9, 10, 16, 17)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from faults_helpers import HEADER, PRODUCTS, ROWS, one_line_error, run, write_release, write_year_csv, year_rows

from coopscope.errors import InputError
from coopscope.sources.baci import ingest_baci
from coopscope.store import Store

BAD_VALUES = {
    "nan": ("2022,410,156,854231,nan,1", "'v'"),
    "NaN": ("2022,410,156,854231,NaN,1", "'v'"),
    "inf": ("2022,410,156,854231,inf,1", "'v'"),
    "-inf": ("2022,410,156,854231,-inf,1", "'v'"),
    "1e308x1000": ("2022,410,156,854231,1e308,1", "'v'"),
    "1e999": ("2022,410,156,854231,1e999,1", "'v'"),
    "q-nan": ("2022,410,156,854231,1,nan", "'q'"),
    "q-inf": ("2022,410,156,854231,1,1e999", "'q'"),
}


@pytest.mark.parametrize("how", ["plain", "zip"])
@pytest.mark.parametrize("case", list(BAD_VALUES), ids=str)
def test_cause05_non_finite_values_are_refused_with_their_line(tmp_path: Path, case: str, how: str) -> None:
    row, column = BAD_VALUES[case]
    rows = [ROWS[0], row.replace("854231", "848620")]
    src = write_year_csv(tmp_path / "r", 2022, rows) if how == "plain" else write_release(tmp_path / "z", {2022: rows})
    one_line_error(run("ingest", "baci", src, "--store", tmp_path / "s"), "line 3", column)
    assert not (tmp_path / "s" / "trade").exists()


@pytest.mark.parametrize("year", ["-5", "0", "99999", "1900", "2099"])
def test_cause09_years_out_of_domain(tmp_path: Path, year: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + f"{year},410,156,854231,1,1\n")
    one_line_error(run("ingest", "baci", path, "--hs-revision", "HS17", "--store", tmp_path / "s"), "line 2", "'t'")


@pytest.mark.parametrize(
    "table",
    [
        "country_code,iso_3digit_alpha\n410,<IMG src=x>\n",
        "country_code,iso_3digit_alpha\nabc,KOR\n",
        "country_code,iso_3digit_alpha\n410,=cmd\n",
        "nothing,here\n1,2\n",
    ],
    ids=["html-label", "text-code", "formula-label", "no-columns"],
)
def test_cause09_16_a_bad_country_table_inside_the_zip(tmp_path: Path, table: str) -> None:
    release = write_release(tmp_path / "z", {2022: ROWS}, extra={"country_codes_V202401b.csv": table})
    one_line_error(run("ingest", "baci", release, "--store", tmp_path / "s"), "country_codes_V202401b.csv")


def test_cause16_a_latin1_byte_in_the_country_table_is_read(tmp_path: Path) -> None:
    table = "country_code,country_name,iso_3digit_alpha\n410,Cor\xe9e,KOR\n156,Chine,CHN\n842,USA,USA\n392,Japon,JPN\n"
    release = tmp_path / "BACI_HS17_V202401b.zip"
    with zipfile.ZipFile(release, "w") as archive:
        archive.writestr("BACI_HS17_Y2022_V202401b.csv", HEADER + "\n".join(ROWS) + "\n")
        archive.writestr("country_codes_V202401b.csv", table.encode("latin-1"))
    assert ingest_baci(release, tmp_path / "s").record.row_count == len(ROWS)


def _zip(path: Path, members: list[tuple[str, str]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members:
            archive.writestr(name, text)
    return path


def test_cause06_two_releases_of_one_year_in_a_folder(tmp_path: Path) -> None:
    write_year_csv(tmp_path / "f", 2022, ROWS, name="V202401b")
    write_year_csv(tmp_path / "f", 2022, ROWS, name="V202501")
    one_line_error(run("ingest", "baci", tmp_path / "f", "--store", tmp_path / "s"), "several BACI releases")


def test_cause06_two_copies_of_one_year_in_a_zip(tmp_path: Path) -> None:
    body = HEADER + "\n".join(ROWS) + "\n"
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name
        dup = _zip(tmp_path / "BACI_HS17_V202401b.zip", [("BACI_HS17_Y2022_V202401b.csv", body)] * 2)
    one_line_error(run("ingest", "baci", dup, "--store", tmp_path / "s1"), "two files for 2022")
    sub = _zip(
        tmp_path / "sub" / "BACI_HS17_V202401b.zip" if (tmp_path / "sub").mkdir() is None else tmp_path,
        [("a/BACI_HS17_Y2022_V202401b.csv", body), ("b/BACI_HS17_Y2022_V202401b.csv", body)],
    )
    one_line_error(run("ingest", "baci", sub, "--store", tmp_path / "s2"), "two files for 2022")
    two = _zip(
        tmp_path / "two.zip",
        [("BACI_HS17_Y2022_V202401b.csv", body), ("BACI_HS17_Y2022_V202501.csv", body)],
    )
    one_line_error(run("ingest", "baci", two, "--store", tmp_path / "s3"), "several BACI releases")


def test_cause07_a_huge_zero_padded_value_is_not_dropped(tmp_path: Path) -> None:
    rows = [ROWS[0], "2022,156,410,854231," + "0" * (40 << 20) + "1,1", ROWS[3]]
    path = write_year_csv(tmp_path / "r", 2022, rows)
    result = run("ingest", "baci", path, "--store", tmp_path / "s")
    if result.exit_code == 0:  # every row, or none
        assert Store.open(tmp_path / "s").trade_arrow().num_rows == 3
    else:
        assert "longer than" in one_line_error(result, "line 3")
        assert not (tmp_path / "s" / "trade").exists()


def _big(tmp_path: Path, n: int, bad_at: int, bad: str, sep: str = "\n") -> Path:
    rows = [f"2022,{410 if k % 2 else 156},{156 if k % 2 else 410},{PRODUCTS[1]},{k + 1},1" for k in range(n)]
    rows = [f"2022,{c},410,{p},{k}.5,1" for k, (c, p) in enumerate((c, p) for c in (156, 392, 842) for p in PRODUCTS)]
    rows = []
    codes = [4, 8, 12, 20, 24, 28, 31, 32, 36, 40, 44, 48, 50, 51, 52, 56, 60, 64, 68, 70]
    for k in range(n):
        rows.append(f"2022,{codes[k % 20]},{codes[(k // 20) % 20]},{PRODUCTS[(k // 400) % 4]},{k + 1},1")
    rows = rows[: min(n, 1600)]
    rows[bad_at - 2] = bad
    path = tmp_path / "BACI_HS17_Y2022_V202401b.csv"
    path.write_text(HEADER.replace("\n", sep) + sep.join(rows) + sep)
    return path


def test_cause10_a_bad_value_after_the_first_duckdb_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coopscope.sources.baci as baci

    monkeypatch.setattr(baci, "DUCKDB_BATCH_ROWS", 64)
    path = _big(tmp_path, 1600, 1501, "2022,4,8,010121,x1,1")
    one_line_error(run("ingest", "baci", path, "--store", tmp_path / "s"), "line 1501", "'v'")


def test_cause10_mixed_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "BACI_HS17_Y2022_V202401b.csv"
    path.write_bytes((HEADER + ROWS[0] + "\r\n" + ROWS[1] + "\n" + ROWS[3] + "\r\n").encode())
    result = run("ingest", "baci", path, "--store", tmp_path / "s")
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert Store.open(tmp_path / "s").trade_arrow().num_rows == 3
    else:
        one_line_error(result, "BACI_HS17_Y2022_V202401b.csv")


def test_cause10_a_15_mb_line(tmp_path: Path) -> None:
    path = write_year_csv(tmp_path / "r", 2022, [ROWS[0], "2022,156,410,854231,1," + "9" * (15 << 20)])
    one_line_error(run("ingest", "baci", path, "--store", tmp_path / "s"), "line 3")


@pytest.mark.parametrize("how", ["plain", "zip"])
def test_cause17_lines_are_counted_after_blank_lines(tmp_path: Path, how: str) -> None:
    rows = [ROWS[0], "", "", ROWS[1], "2022,392,410,848620,oops,1"]
    src = write_year_csv(tmp_path / "r", 2022, rows) if how == "plain" else write_release(tmp_path / "z", {2022: rows})
    one_line_error(run("ingest", "baci", src, "--store", tmp_path / "s"), "line 6", "'v'", "oops")


def test_cause16_a_duplicate_v_column(tmp_path: Path) -> None:
    path = tmp_path / "BACI_HS17_Y2022_V202401b.csv"
    path.write_text("t,i,j,k,v,v,q\n2022,410,156,854231,1,2,1\n")
    one_line_error(run("ingest", "baci", path, "--store", tmp_path / "s"), "'v'")


def test_cause06_flows_repeated_inside_one_file(tmp_path: Path) -> None:
    path = write_year_csv(tmp_path / "r", 2022, [ROWS[0], ROWS[1], ROWS[0]])
    with pytest.raises(InputError, match="duplicate flow"):
        ingest_baci(path, tmp_path / "s")


def test_years_rows_helper() -> None:
    assert year_rows(2019)[0].startswith("2019,")


def test_cause16_a_latin1_byte_in_the_baci_header(tmp_path: Path) -> None:
    path = tmp_path / "BACI_HS17_Y2022_V202401b.csv"
    path.write_bytes(b"t,i,j,k,v,q\xe9\n2022,410,156,854231,1,1\n")
    one_line_error(run("ingest", "baci", path, "--store", tmp_path / "s"), "line 1", "UTF-8")


@pytest.mark.parametrize(
    ("table", "needle"),
    [("code,description\nabc,x\n", "line 2"), ("x,y\n1,2\n", "no 'code' column"), ("\x00\x01\x02", "no 'code' column")],
    ids=["not-a-code", "no-code-column", "binary"],
)
def test_cause16_a_bad_product_table_inside_the_zip(tmp_path: Path, table: str, needle: str) -> None:
    release = tmp_path / "BACI_HS17_V202401b.zip"
    with zipfile.ZipFile(release, "w") as archive:
        archive.writestr("BACI_HS17_Y2022_V202401b.csv", HEADER + "\n".join(ROWS) + "\n")
        archive.writestr("product_codes_HS17_V202401b.csv", table)
    one_line_error(run("ingest", "baci", release, "--store", tmp_path / "s"), "product_codes_HS17_V202401b.csv", needle)
