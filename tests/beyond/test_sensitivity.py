"""Robustness over threshold grids, hand-computed, on every engine (METHODS.md §B4)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from coopscope.engine import from_arrow, to_arrow
from coopscope.errors import OptionError
from coopscope.indicators.dependence_methods import load_methods
from coopscope.indicators.sensitivity import dependence_sensitivity, threshold_grid

ROWS = [
    # product, hhi, import_export_ratio, top_supplier_share, import_value_usd
    ("A", 0.35, 2.0, 0.45, 20e6),
    ("B", 0.90, 2.0, 0.95, 20e6),
    ("C", 0.45, 1.1, 0.60, 9e6),
    ("D", 0.10, 2.0, 0.20, 20e6),
]


def _indicators() -> pa.Table:
    n = len(ROWS)
    return pa.table(
        {
            "year": pa.array([2022] * n, pa.int64()),
            "importer": ["KOR"] * n,
            "product": [r[0] for r in ROWS],
            "hs_revision": ["HS17"] * n,
            "hhi": [r[1] for r in ROWS],
            "foreign_import_share": [1.0] * n,
            "import_export_ratio": [r[2] for r in ROWS],
            "export_value_usd": [r[4] / r[2] for r in ROWS],
            "world_export_hhi": [0.5] * n,
            "top_supplier": ["JPN"] * n,
            "top_supplier_share": [r[3] for r in ROWS],
            "import_value_usd": [r[4] for r in ROWS],
            "trade_balance_usd": [r[4] / r[2] - r[4] for r in ROWS],
        }
    )


def _run(engine, method: str) -> dict[str, dict]:
    t = from_arrow(engine, _indicators())
    out = to_arrow(engine, dependence_sensitivity(t, method, years_present=[2022]))
    return {r["product"]: r for r in out.to_pylist()}


def test_grid_is_every_combination_default_first():
    grid = threshold_grid(load_methods().eu2021, ("import_hhi_min", "import_export_ratio_min"))
    assert len(grid) == 9
    assert grid[0][0] == "import_hhi_min=0.4 import_export_ratio_min=1"
    assert {g[1].import_hhi_min for g in grid} == {0.32, 0.4, 0.5}


def test_eu2021_shares_and_labels(engine):
    got = _run(engine, "eu2021")  # 27 settings: hhi 0.32/0.4/0.5 × share 0.4/0.5/0.625 × ratio 0.8/1/1.25
    assert {p: (r["held"], r["settings"]) for p, r in got.items()} == {
        "A": (9, 27),  # hhi 0.35 passes only 0.32
        "B": (27, 27),
        "C": (12, 27),  # hhi 2 of 3, ratio 1.1 passes 0.8 and 1: 2 of 3
        "D": (0, 27),
    }
    assert {p: r["label"] for p, r in got.items()} == {"A": "fragile", "B": "robust", "C": "fragile", "D": "never"}
    assert {p: r["default_holds"] for p, r in got.items()} == {"A": False, "B": True, "C": True, "D": False}
    assert got["C"]["share"] == pytest.approx(4 / 9) and got["C"]["method"] == "eu2021"


def test_kita_bands_and_floor_move_together(engine):
    got = _run(engine, "kita")  # bands ×0.8/1/1.25 (lowest 0.4/0.5/0.625) × floor 8/10/12.5 M USD
    assert got["A"]["held"] == 3  # share 0.45 reaches only the lowest band ×0.8; floor always met
    assert got["C"]["held"] == 2  # share 0.6 reaches two band sets; 9 M clears only the 8 M floor
    assert got["B"]["share"] == pytest.approx(1.0)


def test_kiet_watch_threshold(engine):
    got = _run(engine, "kiet")  # deficit everywhere; floor 0 scales to 0: 9 distinct settings
    assert got["A"]["settings"] == 9 and got["A"]["held"] == 3  # 0.45 ≥ 0.4 only
    assert got["D"]["label"] == "never"


def test_unknown_method_is_an_error(engine):
    with pytest.raises(OptionError, match="eu2021"):
        dependence_sensitivity(from_arrow(engine, _indicators()), "oecd")


@pytest.fixture(scope="module")
def three_year_store(tmp_path_factory):
    from beyond_data import FLOWS, write_store

    return write_store(tmp_path_factory.mktemp("robust"), FLOWS, years=(2020, 2021, 2022))


def test_pair_grid_is_one_threshold_at_a_time():
    from coopscope.pair.params import PairParams
    from coopscope.pair.sensitivity_run import pair_grid

    grid = pair_grid(PairParams())
    assert len(grid) == 1 + 8 * 2 and grid[0][0] == "default"
    assert ("group_share_min=0.625", PairParams(group_share_min=0.625)) in grid


@pytest.mark.slow
def test_robustness_on_a_store_by_hand(three_year_store):
    from coopscope.pair.sensitivity_run import robustness

    result = robustness(three_year_store, a="KOR", b="CHN", year=2022, method="geodep")
    dep = {(r["importer"], r["product"]): r for r in result.dependence.to_pylist()}
    # KOR P1: import HHI 0.502 passes 0.32/0.4/0.5; world export HHI 0.3525 passes only 0.32; no KOR exports
    kor = dep[("KOR", "854231")]
    assert (kor["held"], kor["settings"], kor["label"], kor["default_holds"]) == (9, 27, "fragile", False)
    assert dep[("KOR", "870899")]["label"] == "never"  # imports/exports 0.4 fails every ratio threshold
    assert dep[("CHN", "854231")]["held"] == 0
    counts = {(r["importer"], r["setting_label"]): r["products"] for r in result.dependence_headline.to_pylist()}
    default = "import_hhi_min=0.4 world_export_hhi_min=0.4 import_export_ratio_min=1"
    assert counts[("KOR", default)] == 0  # P1's world export HHI 0.3525 is below 0.4
    assert counts[("KOR", default.replace("world_export_hhi_min=0.4", "world_export_hhi_min=0.32"))] == 1
    classes = result.pair_classes.to_pylist()
    assert classes and {r["settings"] for r in classes} == {17}
    default = {r["pair_class"]: r["products"] for r in result.headline.to_pylist() if r["setting_label"] == "default"}
    for name, count in default.items():
        assert count == sum(1 for r in classes if r["pair_class"] == name and r["default_holds"])


def test_cli_levels(three_year_store):
    import io

    import pandas as pd
    from click.testing import CliRunner

    from coopscope.cli import main

    base = ["sensitivity", "KOR", "CHN", "--store", str(three_year_store.root), "--format", "csv"]
    out = CliRunner().invoke(main, [*base, "--method", "eu2021", "--factors", "0.5,1"])
    assert out.exit_code == 0, out.output
    got = pd.read_csv(io.StringIO(out.stdout), dtype={"product": str})
    assert set(got["settings"]) == {8}  # 3 thresholds × 2 factors
    bad = CliRunner().invoke(main, [*base, "--factors", "x"])
    assert bad.exit_code != 0 and "not a list of numbers" in bad.output


def test_headline_counts_per_setting(engine):
    from coopscope.indicators.sensitivity import dependence_headline

    got = to_arrow(engine, dependence_headline(from_arrow(engine, _indicators()), "eu2021", years_present=[2022]))
    counts = {r["setting_label"]: r["products"] for r in got.to_pylist()}
    assert len(counts) == 27
    assert counts["import_hhi_min=0.4 foreign_import_share_min=0.5 import_export_ratio_min=1"] == 2  # B, C
    assert counts["import_hhi_min=0.32 foreign_import_share_min=0.5 import_export_ratio_min=1"] == 3  # + A
    assert counts["import_hhi_min=0.5 foreign_import_share_min=0.5 import_export_ratio_min=1.25"] == 1  # B only


def test_sensitivity_flag_on_dependence(three_year_store):
    import io

    import pandas as pd
    from click.testing import CliRunner

    from coopscope.cli import main

    def csv(*args: str) -> pd.DataFrame:
        out = CliRunner().invoke(main, [*args, "--store", str(three_year_store.root), "--format", "csv"])
        assert out.exit_code == 0, out.output
        return pd.read_csv(io.StringIO(out.stdout), dtype={"product": str}).set_index("product", drop=False)

    dep = csv("dependence", "--importer", "KOR", "--year", "2022", "--sensitivity")  # every rule: four pairs of columns
    assert {f"{m}_{k}" for m in ("eu2021", "geodep", "kita", "kiet") for k in ("share", "label")} <= set(dep.columns)
    assert (dep.loc["854231", "geodep_share"], dep.loc["854231", "geodep_label"]) == (pytest.approx(9 / 27), "fragile")
    assert dep.loc["870899", "geodep_label"] == "never"
    one = csv("dependence", "--importer", "KOR,CHN", "--year", "2022", "--method", "eu2021", "--sensitivity")
    assert (
        "geodep_share" not in one.columns and (one["eu2021_share"] > 0).all()
    )  # dependent by default: holds somewhere
    bad = CliRunner().invoke(main, ["dependence", "--store", str(three_year_store.root), "--summary", "importer",
                                    "--sensitivity"])  # fmt: skip
    assert bad.exit_code == 1 and "--sensitivity" in bad.output and "Hint:" in bad.output
