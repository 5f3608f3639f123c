"""The synthetic world: BACI layout, determinism, calibration, and the synthetic mark."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import numpy as np
import pytest

from coopscope.sources.baci import ingest_baci
from coopscope.sources.synth import build_world, write_world
from coopscope.store import Store


@pytest.fixture(scope="module")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_world(tmp_path_factory.mktemp("w"), scale="tiny", years=[2021, 2022, 2023], seed=7)


def test_release_layout_matches_baci(tiny_world: Path) -> None:
    names = zipfile.ZipFile(tiny_world).namelist()
    assert tiny_world.name == "BACI_HS17_V202401b.zip"
    assert {
        "BACI_HS17_Y2021_V202401b.csv",
        "BACI_HS17_Y2023_V202401b.csv",
        "country_codes_V202401b.csv",
        "product_codes_HS17_V202401b.csv",
        "SYNTHETIC_README.txt",
    } <= set(names)
    head = zipfile.ZipFile(tiny_world).read("BACI_HS17_Y2022_V202401b.csv")[:200].decode()
    assert head.startswith('"t","i","j","k","v","q"\r\n')


def test_every_hs6_code_of_the_revision_is_listed(tiny_world: Path) -> None:
    from coopscope.classify.hs import valid_hs6_codes

    text = zipfile.ZipFile(tiny_world).read("product_codes_HS17_V202401b.csv").decode()
    listed = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert listed == set(valid_hs6_codes("HS17"))


def test_same_seed_same_world_other_seed_other_world(tmp_path: Path, tiny_world: Path) -> None:
    again = write_world(tmp_path / "a", scale="tiny", years=[2021, 2022, 2023], seed=7)
    other = write_world(tmp_path / "b", scale="tiny", years=[2021, 2022, 2023], seed=8)

    def digest(p: Path) -> str:
        z = zipfile.ZipFile(p)
        return hashlib.sha256(b"".join(z.read(n) for n in sorted(z.namelist()))).hexdigest()

    assert digest(again) == digest(tiny_world) != digest(other)


def test_ingests_through_the_loader_and_is_marked_synthetic(tmp_path: Path, tiny_world: Path) -> None:
    record = ingest_baci(tiny_world, tmp_path / "s").record
    assert record.synthetic and Store.open(tmp_path / "s").is_synthetic()
    assert record.years == [2021, 2022, 2023]
    assert 15_000 < record.row_count / 3 < 25_000


def test_calibration_machinery_led_by_advanced_economies_small_economies_small() -> None:
    world = build_world("HS17", np.random.default_rng(0))
    machinery = np.array([p.startswith(("84", "85", "90")) for p in world.products])
    share = world.mass[:, machinery].sum(axis=1) / world.mass[:, machinery].sum()
    top = {world.iso3[k] for k in np.argsort(share)[::-1][:8]}
    assert {"JPN", "DEU", "USA"} <= top
    total = world.mass.sum(axis=1)
    rank = {world.iso3[k]: r for r, k in enumerate(np.argsort(total)[::-1])}
    assert rank["DEU"] < 10 and rank["JPN"] < 10 and rank["TUV"] > 150


def test_years_persist_with_noise(tmp_path: Path, tiny_world: Path) -> None:
    ingest_baci(tiny_world, tmp_path / "s")
    frame = Store.open(tmp_path / "s").trade_arrow().to_pandas()
    keys = {y: set(zip(g.exporter, g.importer, g["product"], strict=True)) for y, g in frame.groupby("year")}
    kept = len(keys[2021] & keys[2022]) / len(keys[2021])
    assert 0.6 < kept < 0.98
    merged = frame[frame.year == 2021].merge(frame[frame.year == 2022], on=["exporter", "importer", "product"])
    ratio = merged.value_usd_y / merged.value_usd_x
    assert 0.7 < ratio.median() < 1.4 and ratio.std() > 0.05
