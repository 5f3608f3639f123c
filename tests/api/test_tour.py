"""The README's "From Python" lines (docs/tour.py) run on a small store and give what they promise."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from api_data import NUMERIC, PRODUCTS, flows

ROOT = Path(__file__).resolve().parents[2]
TOUR = ROOT / "docs" / "tour.py"


def _baci_zip(folder: Path) -> Path:
    import zipfile

    target = folder / "BACI_HS17_V202401b.zip"
    baci = {**NUMERIC, "USA": "842", "TWN": "490"}
    with zipfile.ZipFile(target, "w") as archive:
        for year in (2020, 2021, 2022):
            rows = [f"{y},{baci[e]},{baci[i]},{p},{v / 1e3:.3f}," for y, e, i, p, v in flows() if y == year]
            archive.writestr(f"BACI_HS17_Y{year}_V202401b.csv", '"t","i","j","k","v","q"\r\n' + "\r\n".join(rows))
        archive.writestr(
            "product_codes_HS17_V202401b.csv", "code,description\n" + "".join(f"{c},x\n" for c in PRODUCTS)
        )
    return target


def _tour_lines() -> list[str]:
    text = TOUR.read_text(encoding="utf-8")
    block = text.split('# --- README "From Python" begins ---')[1].split('# --- README "From Python" ends ---')[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_readme_shows_the_tour_lines():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    python = re.search(r"### From Python\n.*?```python\n(.*?)```", readme, re.S)
    assert python is not None
    shown = [line.strip() for line in python.group(1).splitlines() if line.strip()]
    assert shown == _tour_lines()


@pytest.mark.slow
def test_the_tour_runs_and_gives_results(tmp_path, monkeypatch):
    _baci_zip(tmp_path)
    monkeypatch.chdir(tmp_path)
    spec = importlib.util.spec_from_file_location("tour", TOUR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    got = module.tour()
    assert got["built"].params["years"] == [2020, 2021, 2022]
    dep = got["dep"]
    assert dep.params["importer"] == ["KOR"] and dep.basis == "reconciled" and len(dep) > 0
    assert set(dep.table["geodep"].to_pylist()) == {True}
    assert got["pair"].params["year"] == 2022 and "shared_vulnerability" in got["pair"].table["pair_class"].to_pylist()
    assert {"KOR", "CHN"} <= set(got["eci"].table["country"].to_pylist())
    ev = got["ev"]
    assert (ev.a, ev.b, ev.year) == ("KOR", "CHN", 2022) and ev.section("dependence").tables
    assert all(Path(p).exists() for p in got["written"].table["path"].to_pylist())
    assert got["written"].params["lang"] == "ko"
    assert got["firms"].synthetic and set(got["firms"].table["area"].to_pylist()) == {"ai-semiconductors"}
    assert "854231" in got["chips"].table["product"].to_pylist() or len(got["chips"]) > 0
