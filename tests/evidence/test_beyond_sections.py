"""Issue 18 in the evidence model: the supplier-loss what-if, the robustness of the shared vulnerabilities and the
co-development opportunities, checked against the library calls they come from."""

from __future__ import annotations

import pytest

from coopscope.evidence import Cooperation

MPE_CLASSES = ("materials", "parts", "equipment")


def test_new_sections_sit_after_their_neighbours_and_survive_json(cooperation):
    names = [s.name for s in cooperation.sections]
    assert names.index("robustness") == names.index("shared") + 1 and names.index("whatif") == names.index("shared") + 2
    assert names.index("opportunities") == names.index("balance") + 1
    back = Cooperation.from_json(cooperation.to_json())
    filled = {"robustness": ("products", "grid", "by_threshold"), "whatif": ("totals", "products", "alternatives"),
              "opportunities": ("by_area", "candidates", "presets")}  # fmt: skip
    for name, tables in filled.items():
        assert back.section(name) == cooperation.section(name)
        assert all(len(cooperation.section(name).table(t)) for t in tables), name


def test_whatif_is_japan_lost_by_both_and_adds_up(cooperation, world_store):
    from coopscope.api import whatif

    section = cooperation.section("whatif")
    assert section.headline.args["supplier"] == "JPN"
    library = whatif(world_store, importers=["KOR", "CHN"], suppliers=["JPN"], year=2022)
    for country in ("KOR", "CHN"):
        mine = [r for r in library.products.to_pylist() if r["importer"] == country and r["mpe_class"] in MPE_CLASSES]
        total = section.table("totals").where(country=country, group="mpe:all").records()[0]
        assert total["n_products"] == len(mine) > 0
        assert total["exposed_usd"] == pytest.approx(sum(r["exposed_usd"] for r in mine))
        assert total["net_exposed_usd"] == pytest.approx(sum(r["net_exposed_usd"] for r in mine))
        products = section.table("products").where(country=country).records()
        assert sorted(r["product"] for r in products) == sorted(r["product"] for r in mine)
        net = [r["net_exposed_usd"] for r in products]
        assert net == sorted(net, reverse=True)  # largest net exposure first
    kor = section.table("totals").where(country="KOR", group="mpe:all").records()[0]
    assert section.headline.args["a_usd"] == kor["exposed_usd"]


def test_robustness_starts_from_the_headline_and_moves_monotonically(cooperation):
    shared = [r for r in cooperation.section("shared").table("products").records() if r["mpe_class"] in MPE_CLASSES]
    section = cooperation.section("robustness")
    grid = section.table("grid").records()
    assert grid[0]["varied"] == "default" and grid[0]["n_products"] == len(shared) > 0
    assert {r["varied"] for r in grid} == {"default", "group_share_min", *cooperation.rules}
    lower, higher = (r for r in grid if r["varied"] == "group_share_min")  # 0.4 then 0.625
    assert lower["n_all"] >= grid[0]["n_all"] >= higher["n_all"]
    products = section.table("products").records()
    assert [r["product"] for r in products] == [r["product"] for r in shared]
    for r in products:
        assert r["n_settings"] == len(grid) and 1 <= r["n_held"] <= len(grid)
        assert r["share"] == pytest.approx(r["n_held"] / len(grid))
        assert r["label"] == ("robust" if r["share"] >= 0.8 else "fragile")
    n = [r["n_products"] for r in grid]
    assert section.headline.args["n_min"] == min(n) and section.headline.args["n_max"] == max(n)


def test_opportunities_per_ai_area_with_the_preset_weights(cooperation, world_store):
    from coopscope.api import co_development
    from coopscope.indicators.opportunities import STRATEGIES

    section = cooperation.section("opportunities")
    presets = {r["preset"]: r for r in section.table("presets").records()}
    assert presets.keys() == STRATEGIES.keys() and presets["balanced"]["used"]
    for name, s in STRATEGIES.items():
        assert (presets[name]["weight_density_index"], presets[name]["weight_pci_index"]) == (s.density, s.pci)
    library = co_development(world_store, a="KOR", b="CHN", year=2022, area="robotics", top=None).table.to_pylist()
    for country in ("KOR", "CHN"):
        mine = [r for r in library if r["country"] == country]
        row = section.table("by_area").where(country=country, area="robotics").records()[0]
        assert row["n_candidates"] == len(mine) > 0
        assert row["n_joint"] == sum(1 for r in mine if r["mark"] == "joint-development")
        best = section.table("candidates").where(country=country, area="robotics").records()
        assert [r["product"] for r in best] == [r["product"] for r in sorted(mine, key=lambda r: r["rank"])][:5]
        assert all(r["rca"] < 1 for r in mine)


def test_sections_not_computed_still_render(cooperation, tmp_path):
    import dataclasses
    from types import SimpleNamespace

    import openpyxl

    from coopscope.evidence.opportunities import opportunities_section
    from coopscope.evidence.robustness import robustness_section
    from coopscope.evidence.whatif import whatif_section
    from coopscope.report import write_report_files

    bare = SimpleNamespace(beyond=None)
    empty = {
        "robustness": robustness_section(bare, cooperation.rules, cooperation.section("shared"), None),
        "whatif": whatif_section(bare),
        "opportunities": opportunities_section(bare),
    }
    assert all(s.headline.key and not s.tables for s in empty.values())
    model = dataclasses.replace(cooperation, sections=tuple(empty.get(s.name, s) for s in cooperation.sections))
    paths = write_report_files(model, tmp_path, lang="zh")
    html = paths.html.read_text(encoding="utf-8")
    assert html.count("<svg") == 8 and "未计算共同开发机会。" in html
    assert openpyxl.load_workbook(paths.workbook)["3b 断供假设"]["A2"].value == "两国之外没有可模拟断供的供应国。"
