"""The top three suppliers under ties: largest value first, ties to the first code, on every engine.

DuckDB takes them from a bounded top-3 aggregate, Spark from a rank of the flows; both must
equal a plain-Python sort by (-value, code), also for a bloc whose internal flows never count.
"""

from __future__ import annotations

import random

import pytest
from dependence_helpers import trade_table

from coopscope.engine import from_arrow, to_arrow
from coopscope.indicators.dependence import dependence_indicators

BLOCS = {"EU": ("DEU", "FRA")}
SUPPLIERS = ("AUS", "BRA", "CHN", "DEU", "FRA", "IND", "JPN", "USA", "VNM")
IMPORTERS = ("KOR", "DEU", "FRA", "USA")


def _world(seed: int) -> list[tuple[int, str, str, str, float]]:
    rng = random.Random(seed)
    rows = []
    for p in range(60):
        for importer in IMPORTERS:
            chosen = rng.sample([s for s in SUPPLIERS if s != importer], rng.randint(1, 6))
            values = [float(rng.choice((1, 2, 2, 3, 3, 3))) * 1e6 for _ in chosen]  # many ties
            rows += [(2022, s, importer, f"{p:06d}", v) for s, v in zip(chosen, values, strict=True)]
    return rows


def _expected(rows: list[tuple[int, str, str, str, float]]) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """Top three (supplier, value) per (importer unit, product), summed over a bloc's members."""
    units: dict[tuple[str, str], dict[str, float]] = {}
    for _, exporter, importer, product, value in rows:
        units.setdefault((importer, product), {})[exporter] = value
        for bloc, members in BLOCS.items():
            if importer in members and exporter not in members:
                bucket = units.setdefault((bloc, product), {})
                bucket[exporter] = bucket.get(exporter, 0.0) + value
    return {key: sorted(v.items(), key=lambda sv: (-sv[1], sv[0]))[:3] for key, v in units.items()}


@pytest.mark.parametrize("seed", [1, 2], ids=["seed-1", "seed-2"])
def test_top_three_with_ties_equal_a_sort_by_value_then_code(engine, seed: int) -> None:
    rows = _world(seed)
    table = dependence_indicators(from_arrow(engine, trade_table(rows)), blocs=BLOCS)
    got = to_arrow(engine, table).to_pylist()
    want = _expected(rows)
    assert len(got) == len(want)
    names = ("top_supplier", "second_supplier", "third_supplier")
    for row in got:
        top = want[(row["importer"], row["product"])]
        picked = [(row[n], row[f"{n}_share"]) for n in names if row[n] is not None]
        assert [s for s, _ in picked] == [s for s, _ in top], (row["importer"], row["product"])
        total = row["import_value_usd"]
        assert [share for _, share in picked] == pytest.approx([v / total for _, v in top], rel=1e-12)
