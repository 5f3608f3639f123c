import os

import pyarrow as pa
import pytest

from coopscope.classify import hs, lenses
from coopscope.classify.lenses import LENS_COLUMNS
from coopscope.engine import from_arrow, to_arrow
from coopscope.errors import InputError, OptionError


@pytest.mark.parametrize("revision", ["HS92", "HS12", "HS17", "HS22"])
def test_one_row_per_code_with_all_columns(revision):
    table = lenses(revision)
    assert tuple(table.column_names) == LENS_COLUMNS
    products = table["product"].to_pylist()
    assert products == sorted(set(products))
    assert set(products) == hs.valid_hs6_codes(revision)
    assert set(table["hs_revision"].to_pylist()) == {revision}
    assert all(table.schema.field(c).type == pa.string() for c in LENS_COLUMNS)


def test_areas_and_stages_line_up():
    rows = {r["product"]: r for r in lenses("HS22").to_pylist()}
    assert rows["854231"]["ai_areas"] == "ai-semiconductors;smart-mobility"
    assert rows["854231"]["ai_stage"] == "parts;parts"
    assert rows["848620"]["ai_areas"] == "ai-semiconductors"
    assert rows["010121"]["ai_areas"] == "" and rows["010121"]["ai_stage"] == ""
    assert rows["370790"]["section"] == "VI" and rows["370790"]["chapter"] == "37"


def test_revision_specific_area_lines():
    hs22 = {r["product"]: r["ai_areas"] for r in lenses("HS22").to_pylist()}
    hs17 = {r["product"]: r["ai_areas"] for r in lenses("HS17").to_pylist()}
    assert hs22["852589"] == "smart-city" and hs17["852580"] == "smart-city"


def test_older_revisions_carry_areas_over_by_conversion():
    hs92 = {r["product"]: r for r in lenses("HS92").to_pylist()}
    assert "ai-semiconductors" in hs92["847989"]["ai_areas"]  # 848620 converts to HS92 847989


def test_cached_table_is_the_same_object():
    assert lenses("HS17") is lenses("HS17")


def test_edited_area_file_is_read_again(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("product,area,stage,reason\n848620,fabs,equipment,x\n", encoding="utf-8")
    first = {r["product"]: r["ai_areas"] for r in lenses("HS22", areas_file=path).to_pylist()}
    path.write_text("product,area,stage,reason\n848620,chips,equipment,x\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    second = {r["product"]: r["ai_areas"] for r in lenses("HS22", areas_file=path).to_pylist()}
    assert (first["848620"], second["848620"]) == ("fabs", "chips")
    with pytest.raises(InputError, match="not found"):
        lenses("HS22", areas_file=tmp_path / "missing.csv")


def test_unknown_revision_is_an_option_error():
    with pytest.raises(OptionError):
        lenses("HS07")
    with pytest.raises(OptionError):
        lenses("H5")


def test_lenses_join_on_every_engine(engine):
    trade = pa.table({"product": ["848620", "281111", "854231"], "value_usd": [3.0, 2.0, 1.0]})
    joined = from_arrow(engine, trade).join(from_arrow(engine, lenses("HS22")), "product")
    got = to_arrow(engine, joined.select("product", "mpe_class").order_by("product"))
    assert got.to_pylist() == [
        {"product": "281111", "mpe_class": "materials"},
        {"product": "848620", "mpe_class": "equipment"},
        {"product": "854231", "mpe_class": "parts"},
    ]
