"""Hand-made tables of the beyond tests (what-if, opportunities, sensitivity, mirror)."""

from __future__ import annotations

import pyarrow as pa

P1, P2 = "854231", "870899"

# (exporter, importer, product, value_usd): a world small enough to compute by hand (METHODS.md §B2).
FLOWS = [
    ("JPN", "KOR", P1, 100.0),
    ("JPN", "CHN", P1, 50.0),
    ("CHN", "KOR", P1, 30.0),
    ("CHN", "USA", P1, 200.0),
    ("TWN", "CHN", P1, 50.0),
    ("TWN", "USA", P1, 300.0),
    ("USA", "KOR", P1, 20.0),
    ("DEU", "USA", P2, 400.0),
    ("JPN", "KOR", P2, 40.0),
    ("KOR", "USA", P2, 100.0),
    ("KOR", "KOR", P2, 999.0),  # a flow with itself: never counted
]


def trade_arrow(flows: list[tuple[str, str, str, float]], year: int = 2022) -> pa.Table:
    """Canonical trade rows (schema.py) from (exporter, importer, product, value_usd)."""
    return pa.table(
        {
            "year": pa.array([year] * len(flows), pa.int64()),
            "exporter": [f[0] for f in flows],
            "importer": [f[1] for f in flows],
            "product": [f[2] for f in flows],
            "hs_revision": ["HS17"] * len(flows),
            "value_usd": pa.array([f[3] for f in flows], pa.float64()),
            "quantity_t": pa.array([None] * len(flows), pa.float64()),
        }
    )


def write_store(
    folder, flows: list[tuple[str, str, str, float]], *, synthetic: bool = True, years: tuple[int, ...] = (2022,)
):
    """A store holding the same ``flows`` in each of ``years`` (HS17)."""
    from coopscope.store import Store

    store = Store.open(folder, create=True)
    with store.transaction() as tx:
        tx.write_trade(pa.concat_tables([trade_arrow(flows, year) for year in years]))
        tx.commit_source(location="test", sha256="cd" * 32, kind="test", hs_revision="HS17", synthetic=synthetic)
    return store
