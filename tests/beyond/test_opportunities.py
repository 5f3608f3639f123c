"""Co-development opportunities on hand-made complexity tables (METHODS.md §B3)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from coopscope.errors import OptionError
from coopscope.indicators.opportunities import STRATEGIES, opportunities

PRODUCTS = ["p1", "p2", "p3", "p4", "p5"]
KOR = {"rca": [0.5, 0.2, 2.0, 0.0, 0.1], "density": [0.6, 0.2, 0.9, 0.4, 0.65], "cog": [0.1, 0.3, 0.0, 0.2, 0.0]}
CHN = {"rca": [1.5, 0.1, 0.3, 0.5, 0.2], "density": [0.7, 0.8, 0.5, 0.1, 0.9], "cog": [0.0, 0.0, 0.1, 0.2, 0.0]}
PCI = [1.0, 2.0, 0.5, -1.0, 0.0]


def _cells() -> pa.Table:
    rows = [
        {"year": 2022, "country": c, "product": p, **{k: v[i] for k, v in values.items()}}
        for c, values in (("KOR", KOR), ("CHN", CHN))
        for i, p in enumerate(PRODUCTS)
    ]
    return pa.Table.from_pylist(rows)


def _products() -> pa.Table:
    return pa.table({"year": [2022] * 5, "product": PRODUCTS, "pci": PCI})


def _z(x: list[float]) -> np.ndarray:
    a = np.array(x)
    return (a - a.mean()) / a.std()


def _run(preset: str = "balanced", groups: pa.Table | None = None) -> list[dict]:
    return opportunities(_cells(), _products(), a="KOR", b="CHN", groups=groups, preset=preset).to_pylist()


@pytest.mark.parametrize("preset", list(STRATEGIES))
def test_korea_candidates_scored_by_the_preset_weights(preset):
    w = STRATEGIES[preset]
    kor = [r for r in _run(preset) if r["country"] == "KOR"]
    candidates = [0, 1, 3, 4]  # p3 has RCA 2
    want = (
        w.density * _z([KOR["density"][i] for i in candidates])
        + w.pci * _z([PCI[i] for i in candidates])
        + w.cog * _z([KOR["cog"][i] for i in candidates])
    )
    got = {r["product"]: r["score"] for r in kor}
    assert got == pytest.approx({PRODUCTS[i]: s for i, s in zip(candidates, want, strict=True)})
    assert [r["rank"] for r in kor] == [1, 2, 3, 4]
    assert all((r["w_density"], r["w_pci"], r["w_cog"]) == (w.density, w.pci, w.cog) for r in kor)


def test_presets_order_differently():
    def order(preset: str) -> list[str]:
        return [r["product"] for r in _run(preset) if r["country"] == "KOR"]

    assert order("low-hanging-fruit") == ["p1", "p5", "p4", "p2"]  # p2 is the farthest: last
    assert order("balanced") == ["p1", "p5", "p2", "p4"]
    assert order("long-jumps") == ["p2", "p1", "p5", "p4"]  # the most complex product first


def test_marks_teacher_and_joint_development():
    rows = {(r["country"], r["product"]): r for r in _run()}
    assert rows[("KOR", "p1")]["mark"] == "partner-has-advantage"  # CHN has RCA 1.5 in p1
    assert rows[("CHN", "p3")]["mark"] == "partner-has-advantage"
    # p5: a candidate of both and in the top quarter of both countries' candidate densities
    assert rows[("KOR", "p5")]["mark"] == rows[("CHN", "p5")]["mark"] == "joint-development"
    assert rows[("CHN", "p2")]["mark"] == ""  # CHN is close (0.8) but KOR is not (0.2)
    assert ("KOR", "p3") not in rows and ("CHN", "p1") not in rows  # already exported with advantage


def test_groups_rank_within_each_group():
    groups = pa.table({"product": ["p2", "p4"], "group": ["ai:robotics", "ai:robotics"]})
    rows = [r for r in _run(groups=groups) if r["country"] == "KOR" and r["group"] == "ai:robotics"]
    assert [r["product"] for r in rows] == ["p2", "p4"] and [r["rank"] for r in rows] == [1, 2]
    assert rows[0]["score"] == pytest.approx(-rows[1]["score"])  # two candidates: z-scores ±1


def test_unknown_preset_or_country_is_an_error():
    with pytest.raises(OptionError, match="low-hanging-fruit"):
        _run("greedy")
    with pytest.raises(OptionError, match="JPN"):
        opportunities(_cells(), _products(), a="KOR", b="JPN")


def test_cli_on_a_store(whatif_store):
    import io

    import pandas as pd
    from click.testing import CliRunner

    from coopscope.cli import main

    args = ["opportunities", "KOR", "CHN", "--store", str(whatif_store.root), "--format", "csv", "--top", "3"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    got = pd.read_csv(io.StringIO(result.stdout), dtype={"product": str})
    assert set(got["country"]) == {"KOR", "CHN"} and got["rank"].max() <= 3
    assert got.loc[(got["country"] == "KOR") & (got["group"] == "all"), "product"].tolist() == ["854231"]
    assert "SYNTHETIC" in result.output
    bad = CliRunner().invoke(main, ["opportunities", "--store", str(whatif_store.root), "--area", "nowhere"])
    assert bad.exit_code == 1 and "--area" in bad.output
