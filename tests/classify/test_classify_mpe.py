from collections import Counter

import pyarrow as pa
import pytest

from coopscope.classify import hs, lenses
from coopscope.classify.catalog import lens_stats
from coopscope.classify.mpe import MPE_CLASSES, bec5_axes, classify_mpe
from coopscope.classify.tech import TECH_CLASSES

SPOT_CHECKS = [
    ("281111", "materials"),  # hydrogen fluoride
    ("370790", "materials"),  # photoresists
    ("854231", "parts"),  # processors and controllers
    ("870899", "parts"),  # vehicle parts
    ("848620", "equipment"),  # semiconductor-making machines
    ("847950", "equipment"),  # industrial robots
]


@pytest.mark.parametrize("revision", ["HS17", "HS22"])
@pytest.mark.parametrize(("code", "expected"), SPOT_CHECKS, ids=[c for c, _ in SPOT_CHECKS])
def test_spot_checks(revision, code, expected):
    table = lenses(revision)
    row = table.filter(pa.compute.equal(table["product"], code)).to_pylist()
    assert len(row) == 1
    assert row[0]["mpe_class"] == expected
    assert row[0]["tech_class"] in TECH_CLASSES


@pytest.mark.parametrize("revision", ["HS17", "HS22"])
def test_every_code_has_a_class_and_a_reason(revision):
    table = lenses(revision)
    assert set(table["product"].to_pylist()) == hs.valid_hs6_codes(revision)
    assert set(table["mpe_class"].to_pylist()) <= set(MPE_CLASSES)
    assert set(table["tech_class"].to_pylist()) <= {*TECH_CLASSES, "unclassified"}
    assert all(table["mpe_reason"].to_pylist()) and all(table["tech_reason"].to_pylist())
    # every class is in use and the unclassified stay a minority with a stated reason
    counts = Counter(table["mpe_class"].to_pylist())
    assert set(counts) == set(MPE_CLASSES)
    assert counts["unclassified"] < 0.2 * table.num_rows


@pytest.mark.parametrize("revision", ["HS17", "HS22"])
def test_stats_count_every_code_once_per_lens(revision):
    stats = lens_stats(revision).to_pylist()
    total = len(hs.valid_hs6_codes(revision))
    for lens in ("mpe_class", "tech_class"):
        assert sum(r["codes"] for r in stats if r["lens"] == lens) == total
    mpe_counts = {r["class"]: r["codes"] for r in stats if r["lens"] == "mpe_class"}
    assert mpe_counts == dict(Counter(lenses(revision)["mpe_class"].to_pylist())) | {
        k: 0 for k in MPE_CLASSES if k not in mpe_counts
    }


@pytest.mark.parametrize(
    ("end_use", "isic4", "expected"),
    [
        ("INT", "2011", "materials"),
        ("INT", "1311", "materials"),
        ("INT", "2410", "materials"),
        ("INT", "2610", "parts"),
        ("INT", "2930", "parts"),
        ("INT", "3250", "parts"),  # medical and precision instruments
        ("INT", "0610", "unclassified"),  # crude petroleum: not a 소재·부품 industry
        ("INT", "2100", "unclassified"),  # pharmaceuticals
        ("CAP", "2829", "equipment"),
        ("CAP", "0142", "unclassified"),  # breeding animals
        ("CONS", "1071", "consumer"),
        ("INT/CAP", "2620", "parts"),  # first-listed use decides
        ("CAP/CONS", "2826", "equipment"),
        ("CONS/CAP", "2750", "consumer"),
        ("", "2420", "unclassified"),
    ],
)
def test_motie_industry_rule(end_use, isic4, expected):
    got, reason = classify_mpe(end_use, isic4)
    assert got == expected
    assert reason


@pytest.mark.parametrize(
    ("processing", "specification", "expected"),
    [("PROCESSED", "GENERIC", "materials"), ("PRIMARY", "", "materials"), ("PROCESSED", "SPECIFIC", "parts")],
)
def test_bec5_axes_method(processing, specification, expected):
    got, _ = classify_mpe("INT", "0610", processing=processing, specification=specification, method="bec5-axes")
    assert got == expected


def test_methods_give_different_tables():
    motie = lenses("HS17")
    axes = lenses("HS17", mpe_method="bec5-axes")
    crude = axes.filter(pa.compute.equal(axes["product"], "270900"))["mpe_class"].to_pylist()
    assert crude == ["materials"]
    assert motie["mpe_class"].to_pylist() != axes["mpe_class"].to_pylist()


def test_raw_bec5_axes():
    table = bec5_axes("HS17")
    assert table.num_rows == 5387
    row = table.filter(pa.compute.equal(table["product"], "848620")).to_pylist()[0]
    assert row["end_use"] == "CAP" and row["bec4_end_use"] == "CAP"
    assert {"INT", "CAP", "CONS", "INT/CAP"} <= set(table["end_use"].to_pylist())


def test_catch_all_codes_use_curated_overrides():
    table = lenses("HS22")
    rows = {r["product"]: r for r in table.to_pylist()}
    assert rows["852411"]["mpe_class"] == "parts"  # display modules, new in HS2022
    assert rows["852411"]["mpe_reason"].startswith("curated")
    assert rows["854921"]["mpe_class"] == "unclassified"  # e-waste


@pytest.mark.parametrize("revision", ["HS22", "HS17"])
def test_bec4_table(revision):
    from coopscope.classify.mpe import bec4_table

    table = bec4_table(revision)
    assert "" not in table["product"].to_pylist()
    assert set(table["product"].to_pylist()) <= hs.valid_hs6_codes(revision)
    rows = table.filter(pa.compute.equal(table["product"], "848620")).to_pylist()
    assert [(r["bec4_code"], r["bec4_end_use"]) for r in rows] == [("41", "CAP")]
    assert rows[0]["bec4_description"] == "Capital goods (except transport equipment)"
