import csv
from pathlib import Path

import pytest

from coopscope.classify import hs
from coopscope.errors import OptionError, UnknownCodeError

DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize(("revision", "count"), [("HS22", 5612), ("HS17", 5387), ("HS12", 5205)])
def test_valid_code_counts(revision, count):
    codes = hs.valid_hs6_codes(revision)
    assert len(codes) == count
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert "999999" not in codes


def test_hs92_list_accepts_every_code_of_a_real_baci_hs92_file():
    with open(DATA / "baci-hs92-V202301-2021-exports-afg-zaf.csv", newline="") as handle:
        codes = {row["k"].strip().zfill(6) for row in csv.DictReader(handle)}
    valid = hs.valid_hs6_codes("HS92")
    assert len(codes) > 4000
    assert codes <= valid


def test_hs12_list_accepts_real_baci_hs12_codes():
    with open(DATA / "baci-hs12-2018-seafood-extract.csv", newline="") as handle:
        codes = {row["hs6"] for row in csv.DictReader(handle)}
    assert codes <= hs.valid_hs6_codes("HS12")


def test_revision_specific_codes():
    assert "852411" in hs.valid_hs6_codes("HS22") and "852411" not in hs.valid_hs6_codes("HS17")
    assert "852580" in hs.valid_hs6_codes("HS17") and "852580" not in hs.valid_hs6_codes("HS22")
    assert hs.valid_hs6_codes("HS96") is None and hs.valid_hs6_codes("HS07") is None
    with pytest.raises(OptionError):
        hs.valid_hs6_codes("HS2022")


@pytest.mark.parametrize(
    ("code", "revision", "fragment"),
    [
        ("37", "HS22", "Photographic or cinematographic goods"),
        ("3707", "HS22", "Chemical preparations for photographic uses"),
        ("281111", "HS22", "Hydrogen fluoride"),
        ("848620", "HS17", "semiconductor devices"),
        ("030616", "HS12", "cold-water shrimps"),
        ("010111", "HS92", "Horses; live, pure-bred breeding animals"),
    ],
)
def test_describe(code, revision, fragment):
    assert fragment.lower() in hs.describe(code, revision).lower()


def test_describe_unknown_code_is_an_error():
    with pytest.raises(UnknownCodeError, match="123456"):
        hs.describe("123456")


def test_sections_and_chapters():
    assert hs.sections().num_rows == 21
    assert hs.section_of_chapter()["85"] == "XVI"
    assert hs.section_of_chapter()["37"] == "VI"
    nom = hs.nomenclature()
    assert set(nom.column("level").to_pylist()) == {2, 4, 6}


def test_correspondences_of_semiconductor_machines():
    links = hs.correspondences("848620")
    assert links == {"HS17": ("848620",), "HS12": ("848620",), "HS92": ("847989",)}
    assert "848620" in hs.hs22_codes_for("847989", "HS92")
    assert {"852581", "852582", "852583", "852589"} <= set(hs.hs22_codes_for("852580", "HS17"))
