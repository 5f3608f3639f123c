"""The method file: packaged defaults, a user's own file, and clear errors for bad ones."""

from __future__ import annotations

import dataclasses
from importlib import resources

import pytest

from coopscope.errors import ConfigError
from coopscope.indicators.dependence import load_methods


def packaged_text() -> str:
    return (resources.files("coopscope.indicators") / "data" / "dependence-methods.toml").read_text(encoding="utf-8")


def test_packaged_defaults_are_the_published_thresholds():
    m = load_methods()
    assert (m.eu2021.import_hhi_min, m.eu2021.foreign_import_share_min, m.eu2021.import_export_ratio_min) == (
        0.4, 0.5, 1.0)  # fmt: skip
    assert (m.geodep.import_hhi_min, m.geodep.world_export_hhi_min, m.geodep.import_export_ratio_min) == (0.4, 0.4, 1.0)
    assert (m.geodep.window_years, m.geodep.min_years_met) == (3, 2)
    assert m.kita.bands == (0.5, 0.7, 0.8, 0.9) and m.kita.min_import_value_usd == 10e6
    assert (m.kiet.watch_share_min, m.kiet.vulnerable_share_min) == (0.5, 0.7)
    assert m.version and all(s.source for s in (m.eu2021, m.geodep, m.kita, m.kiet))


def test_methods_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_methods().kita.min_import_value_usd = 0.0  # type: ignore[misc]


def test_a_users_file_changes_the_numbers(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(packaged_text().replace("min_import_value_usd = 10_000_000.0", "min_import_value_usd = 5e6"))
    m = load_methods(path)
    assert m.kita.min_import_value_usd == 5e6 and m.location == str(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("import_hhi_min = 0.4\n", "import_hhi_min = 40\n", "above 1"),
        ("window_years = 3", "window_years = 1", "exceeds window_years"),
        ("vulnerable_share_min = 0.7", "vulnerable_share_min = 'high'", "not a number"),
        ("[kiet]", "[kiet]\ncolour = 1", "unknown key"),
        ("watch_share_min = 0.5\n", "", "missing key"),
        ('version = "2026.1"', 'version = "2026.1"\n[oecd]\nx = 1', "unknown section"),
        ("[eu2021]", "[eu2021", "not valid TOML"),
    ],
    ids=["share-above-one", "window", "text", "unknown-key", "missing-key", "unknown-section", "syntax"],
)
def test_bad_files_name_file_and_key(tmp_path, old, new, message):
    path = tmp_path / "bad.toml"
    text = packaged_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ConfigError, match=message) as info:
        load_methods(path)
    assert str(path) in str(info.value) and "Hint" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_methods(tmp_path / "absent.toml")
