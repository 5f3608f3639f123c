"""The BACI loader: real extract, quirks, country mapping and every malformed-input case."""

from __future__ import annotations

import csv
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from core_helpers import ROWS, snapshot, write_csv, write_release

from coopscope.cli import main
from coopscope.errors import InputError, UnknownCodeError
from coopscope.schema import TRADE_SCHEMA
from coopscope.sources.baci import ingest_baci
from coopscope.store import Store

DATA = Path(__file__).parent.parent / "data"
REAL = DATA / "baci-hs92-V202301-2021-exports-afg-zaf.csv"


def read_all(store: Path):
    return Store.open(store).trade_arrow().to_pandas()


def test_real_extract_keeps_every_row_and_the_exact_value_total(tmp_path: Path) -> None:
    with open(REAL, newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected_usd = sum(Decimal(r["v"]) for r in rows) * 1000
    result = ingest_baci(REAL, tmp_path / "s", hs_revision="HS92", synthetic=False)
    frame = read_all(tmp_path / "s")
    assert result.record.row_count == len(rows) == len(frame) == 71_192
    assert Decimal(repr(float(frame.value_usd.sum()))) == expected_usd
    assert Decimal(repr(result.record.value_total_usd)) == expected_usd
    assert not result.record.synthetic


def test_real_extract_maps_baci_codes_that_differ_from_iso(tmp_path: Path) -> None:
    ingest_baci(REAL, tmp_path / "s", hs_revision="HS92")
    frame = read_all(tmp_path / "s")
    importers = set(frame.importer)
    # BACI 251 France, 699 India, 757 Switzerland, 842 USA, 579 Norway; 380 Italy (V202301); 490 Taiwan
    assert {"FRA", "IND", "CHE", "USA", "NOR", "ITA", "TWN"} <= importers
    assert set(frame.exporter) == {"AFG", "ZAF"}
    assert frame["product"].str.len().eq(6).all()


def test_quirks_quoted_header_crlf_padded_na_quantities_and_lost_zero(tmp_path: Path) -> None:
    path = write_release(tmp_path / "r", {2022: ROWS})
    ingest_baci(path, tmp_path / "s")
    frame = read_all(tmp_path / "s").sort_values(["exporter", "importer"]).reset_index(drop=True)
    assert frame["product"].tolist() == ["854231", "848620", "854231", "010121"]
    assert frame.value_usd.tolist() == [250250.0, 5125.0, 1000500.0, 12000.0]
    assert frame.quantity_t.isna().tolist() == [False, True, False, True]
    assert frame.exporter.tolist() == ["CHN", "JPN", "KOR", "USA"]


def test_bare_header_and_lf_line_ends_also_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "BACI_HS17_Y2022_V202401b.csv", ["2022,410,156,854231,1,2"], header="t,i,j,k,v,q\n")
    record = ingest_baci(path, tmp_path / "s").record
    assert (record.row_count, record.hs_revision, record.years) == (1, "HS17", [2022])


def test_unknown_country_is_an_error_unless_kept(tmp_path: Path) -> None:
    path = write_release(tmp_path / "r", {2022: ["2022,999,156,854231,1,2", "2022,410,998,854231,1,2"]})
    with pytest.raises(UnknownCodeError, match=r"line 2, column 'i'.*999.*--unknown-countries keep"):
        ingest_baci(path, tmp_path / "s")
    record = ingest_baci(path, tmp_path / "s2", unknown_countries="keep").record
    assert record.details["unknown_countries_kept"] == ["998", "999"]
    assert set(read_all(tmp_path / "s2").exporter) == {"X999", "KOR"}


BAD_CASES = {
    "missing column": (["2022,410,156,854231,1"], "t,i,j,k,v\n", r"line 1, column 'q'.*missing column"),
    "text in v": (["2022,410,156,854231,1,2", "2022,156,410,854231,lots,2"], None, r"line 3, column 'v'.*'lots'"),
    "5-digit product": (
        ["2022,410,156,854231,1,2", "2022,410,156,84795,1,2"],
        None,
        r"line 3, column 'k'.*not an HS17 six-digit code",
    ),
    "negative value": (["2022,410,156,854231,-1,2"], None, r"line 2, column 'v'.*negative"),
    "duplicate flow": (
        ["2022,410,156,854231,1,2", "2022,410,156,854231,3,4"],
        None,
        r"line 3, column 'k'.*duplicate flow 2023 410→156 854231 \(also line 2\)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_malformed_input_one_line_error_exit_1_store_unchanged(tmp_path: Path, release: Path, case: str) -> None:
    rows, header, pattern = BAD_CASES[case]
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "baci", str(release), "--store", str(store)]).exit_code == 0
    before = snapshot(store)
    bad = write_release(tmp_path / "bad", {2023: rows}, **({"header": header} if header else {}))
    result = runner.invoke(main, ["ingest", "baci", str(bad), "--store", str(store)])
    assert result.exit_code == 1, result.output
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "BACI_HS17_Y202" in message and "Hint:" in message
    import re

    assert re.search(pattern, message), message
    assert snapshot(store) == before


def test_truncated_zip_is_a_clear_error_and_leaves_store_unchanged(tmp_path: Path, release: Path) -> None:
    store = tmp_path / "store"
    ingest_baci(release, store)
    before = snapshot(store)
    big = write_release(tmp_path / "big", {2023: [f"2023,410,156,854231,{n + 1},1" for n in range(1)]})
    data = big.read_bytes()
    cut = tmp_path / "cut" / big.name
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(main, ["ingest", "baci", str(cut), "--store", str(store)])
    assert result.exit_code == 1
    assert "not a readable zip file" in result.output and "Hint:" in result.output
    assert snapshot(store) == before


def test_damaged_member_inside_zip_is_reported(tmp_path: Path) -> None:
    rows = [f"2022,410,156,{c},1.5,2" for c in ("854231", "848620", "847950")]
    path = write_release(tmp_path / "r", {2022: rows})
    data = bytearray(path.read_bytes())
    start = data.find(b"2022,410")
    data[start : start + 8] = b"\xff" * 8  # stored member: corrupt bytes make a CRC mismatch
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="Hint:"):
        ingest_baci(path, tmp_path / "s")
    assert not Store.open(tmp_path / "s", create=True).sources()


def test_same_source_twice_changes_nothing(tmp_path: Path, release: Path) -> None:
    first = ingest_baci(release, tmp_path / "s")
    before = snapshot(tmp_path / "s")
    second = ingest_baci(release, tmp_path / "s")
    assert second.already_ingested and second.record == first.record
    assert snapshot(tmp_path / "s") == before


def test_overlapping_years_need_replace(tmp_path: Path, release: Path) -> None:
    ingest_baci(release, tmp_path / "s")
    other = write_release(tmp_path / "other", {2022: ["2022,410,156,854231,7,1"]}, name="V202501")
    with pytest.raises(Exception, match="--replace"):
        ingest_baci(other, tmp_path / "s")
    record = ingest_baci(other, tmp_path / "s", replace=True).record
    frame = read_all(tmp_path / "s")
    assert frame[frame.year == 2022].value_usd.tolist() == [7000.0]
    assert len(frame[frame.year == 2021]) == 2  # only the years of the new source are replaced
    assert [r["years"] for r in record.details["replaced"]] == [[2022]]
    sources = Store.open(tmp_path / "s").sources()
    assert sorted(s.years for s in sources) == [[2021], [2022]]


def test_typed_fast_path_and_text_path_read_the_same_rows() -> None:
    import pyarrow as pa

    from coopscope.sources.baci import load_country_table, read_baci_csv
    from coopscope.sources.baci_files import find_release
    from coopscope.sources.baci_values import Codebook

    member = find_release(REAL).years[0][1]
    book = Codebook.build(load_country_table(None), None, "HS92")
    typed = pa.concat_tables(read_baci_csv(member, book, typed=True)).cast(TRADE_SCHEMA)
    text = pa.concat_tables(read_baci_csv(member, book, typed=False)).cast(TRADE_SCHEMA)
    assert typed.num_rows == 71_192 and typed.equals(text)


def test_a_value_the_typed_reader_rejects_falls_back_and_is_named(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "BACI_HS17_Y2022_V202401b.csv", ["2022, 410,156,854231,1,2", "2022,410,156,848620,x1,2"]
    )
    with pytest.raises(InputError, match=r"line 3, column 'v'.*'x1'"):
        ingest_baci(path, tmp_path / "s")
    padded = write_csv(tmp_path / "BACI_HS17_Y2023_V202401b.csv", ['2023, 410,156,854231,1,"  NA "'])
    record = ingest_baci(padded, tmp_path / "s").record
    assert record.row_count == 1 and Store.open(tmp_path / "s").trade_arrow()["exporter"].to_pylist() == ["KOR"]


def test_header_only_file_is_an_error_and_records_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "BACI_HS17_Y2022_V202401b.csv", [], header="t,i,j,k,v,q\n")
    with pytest.raises(InputError, match="holds no flows"):
        ingest_baci(path, tmp_path / "s")
    assert Store.open(tmp_path / "s").sources() == []


def test_a_file_taken_out_of_a_synthetic_release_stays_synthetic(tmp_path: Path) -> None:
    from coopscope.sources.synth import write_world

    release = write_world(tmp_path / "w", scale="tiny", years=[2022], seed=3)
    with zipfile.ZipFile(release) as archive:
        archive.extract("BACI_HS17_Y2022_V202401b.csv", tmp_path / "x")
        archive.extract("SYNTHETIC_README.txt", tmp_path / "x")
    record = ingest_baci(tmp_path / "x" / "BACI_HS17_Y2022_V202401b.csv", tmp_path / "s").record
    assert record.synthetic and Path(record.location).is_absolute()
    plain = tmp_path / "plain" / "BACI_HS17_Y2022_V202401b.csv"
    plain.parent.mkdir()
    plain.write_bytes((tmp_path / "x" / "BACI_HS17_Y2022_V202401b.csv").read_bytes())
    result = CliRunner().invoke(main, ["ingest", "baci", str(plain), "--store", str(tmp_path / "s2"), "--synthetic"])
    assert result.exit_code == 0 and "[SYNTHETIC]" in result.output
