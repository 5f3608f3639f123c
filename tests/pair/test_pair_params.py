"""The versioned parameter set and the CLI's row filters."""

from __future__ import annotations

import pyarrow as pa
import pytest

from coopscope.api.common import split_class
from coopscope.api.pair import select_rows
from coopscope.errors import OptionError
from coopscope.pair import PARAMS_VERSION, PairParams


def test_defaults_are_documented_and_versioned():
    rows = {r["parameter"]: r for r in PairParams().as_rows()}
    assert rows["version"]["value"] == PARAMS_VERSION
    assert rows["rca_min"]["value"] == "1.0" and rows["market_similarity_min"]["value"] == "50.0"
    assert all(r["meaning"] for r in rows.values())


@pytest.mark.parametrize(
    "change",
    [{"method": "oecd"}, {"group_share_min": 1.5}, {"rca_min": -1.0}, {"market_similarity_min": 120.0}],
    ids=["method", "share", "negative", "esi"],
)
def test_bad_parameters_are_option_errors(change):
    with pytest.raises(OptionError, match="Hint:"):
        PairParams(**change)


PRODUCTS = pa.table(
    {
        "product": ["1", "2", "3"],
        "mpe_class": ["parts", "materials", None],
        "tech_class": ["high", "high", None],
        "ai_areas": ["semiconductors;batteries", "batteries", None],
    }
)
INDICATORS = pa.table({"year": [2022] * 4, "group": ["all", "mpe:parts", "tech:high", "ai:batteries"]})


@pytest.mark.parametrize(
    ("level", "cls", "area", "expected"),
    [
        ("products", "parts", None, ["1"]),
        ("products", "high", None, ["1", "2"]),
        ("products", None, "batteries", ["1", "2"]),
        ("products", "materials", "semiconductors", []),
        ("indicators", "parts", None, ["all", "mpe:parts"]),
        ("indicators", None, "batteries", ["all", "ai:batteries"]),
        ("indicators", None, None, ["all", "mpe:parts", "tech:high", "ai:batteries"]),
    ],
    ids=["mpe", "tech", "area", "both", "ind-class", "ind-area", "ind-all"],
)
def test_class_and_area_filters(level, cls, area, expected):
    table = PRODUCTS if level == "products" else INDICATORS
    mpe_class, tech_class = split_class(cls)
    got = select_rows(table, level=level, mpe_class=mpe_class, tech_class=tech_class, area=area)
    assert got[("product" if level == "products" else "group")].to_pylist() == expected
