"""``build_store``: the dependence table built year by year equals the one-query build."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from coopscope.api.build import BLOCS, build_store
from coopscope.engine import to_arrow
from coopscope.indicators.dependence import ADVANCED_SUPPLIERS, build_dependence
from coopscope.sources.baci import ingest_baci
from coopscope.sources.synth import write_world
from coopscope.store import Store

YEARS = [2019, 2020, 2021, 2022]  # four years: the GeoDep window (3) slides over the edge


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory):
    return write_world(tmp_path_factory.mktemp("w"), scale="tiny", years=YEARS, seed=11)


def _sorted(table: pa.Table) -> pa.Table:
    return table.sort_by([("year", "ascending"), ("importer", "ascending"), ("product", "ascending")])


@pytest.mark.slow
def test_the_year_by_year_build_equals_one_query_on_every_engine(engine, release, tmp_path):
    ingest_baci(release, tmp_path / "store")
    store = Store.open(tmp_path / "store")
    report = build_store(tmp_path / "store", con=engine)
    built = _sorted(to_arrow(engine, store.table(engine, "dependence")))
    once = build_dependence(engine, store.trade(engine), suppliers=ADVANCED_SUPPLIERS, blocs=BLOCS)
    want = _sorted(to_arrow(engine, once))
    assert built.column_names == want.column_names
    assert built.num_rows == want.num_rows == report.rows["dependence"] > 1000
    assert sorted(set(built["year"].to_pylist())) == YEARS
    for name in built.column_names:
        got, expected = built[name].to_pylist(), want[name].to_pylist()
        if pa.types.is_floating(built.schema.field(name).type):  # Spark sums in another order
            assert [v is None for v in got] == [v is None for v in expected], name
            pairs = [(a, b) for a, b in zip(got, expected, strict=True) if a is not None]
            np.testing.assert_allclose(*zip(*pairs, strict=True), rtol=1e-12, err_msg=name)
        else:
            assert got == expected, name
    files = store.manifest()["tables"]["dependence"]["files"]
    assert len(files) == len(YEARS)
    assert not list((tmp_path / "store" / ".staging").glob("*/*"))  # nothing staged is left behind
    geodep = built.filter(pa.compute.equal(built["year"], 2022))["geodep"]
    assert geodep.null_count < len(geodep)  # the 2022 window (2020–2022) is complete


@pytest.mark.slow
def test_the_complexity_tables_built_year_by_year_equal_one_computation(release, tmp_path):
    from coopscope.engine import connect
    from coopscope.indicators.complexity import compute_complexity, exports_by_country

    ingest_baci(release, tmp_path / "store")
    con = connect("duckdb")
    report = build_store(tmp_path / "store", con=con)
    store = Store.open(tmp_path / "store")
    once = compute_complexity(to_arrow(con, exports_by_country(store.trade(con))))
    for name, want in (("cells", once.cells), ("countries", once.countries), ("products", once.products)):
        got = to_arrow(con, store.table(con, f"complexity_{name}"))
        keys = [(c, "ascending") for c in ("year", "country", "product") if c in got.column_names]
        assert got.sort_by(keys).equals(want.sort_by(keys)), name
        assert report.rows[f"complexity_{name}"] == want.num_rows
        assert len(store.manifest()["tables"][f"complexity_{name}"]["files"]) == len(YEARS)


def test_building_an_empty_store_is_a_clear_error(tmp_path):
    from coopscope.errors import StoreError

    Store.open(tmp_path / "empty", create=True)
    with pytest.raises(StoreError, match=r"holds no trade flows.*ingest a source first"):
        build_store(tmp_path / "empty")


@pytest.mark.slow
def test_build_only_one_part_leaves_the_other_tables_as_they_are(release, tmp_path):
    from click.testing import CliRunner

    from coopscope.cli import main
    from coopscope.errors import OptionError

    ingest_baci(release, tmp_path / "store")
    store = Store.open(tmp_path / "store")
    first = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "store"), "--only", "dependence"])
    assert first.exit_code == 0, first.output
    assert "dependence:" in first.output and "complexity" not in first.output
    assert set(store.manifest()["tables"]) == {"dependence"}
    dependence_files = store.manifest()["tables"]["dependence"]["files"]
    second = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "store"), "--only", "complexity"])
    assert second.exit_code == 0, second.output
    tables = store.manifest()["tables"]
    assert set(tables) == {"dependence", "complexity_cells", "complexity_countries", "complexity_products"}
    assert tables["dependence"]["files"] == dependence_files
    bad = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "store"), "--only", "pairs"])
    assert bad.exit_code == 2 and "'pairs' is not one of 'dependence', 'complexity'" in bad.output
    with pytest.raises(OptionError, match=r"groups: 'pairs' is not a valid choice.*dependence, complexity"):
        build_store(tmp_path / "store", groups=["pairs"])
    with pytest.raises(OptionError, match=r"no table group given.*choose one or more of dependence, complexity"):
        build_store(tmp_path / "store", groups=[])
    assert set(build_store(tmp_path / "store", groups="complexity").rows) == set(tables) - {"dependence"}


@pytest.mark.slow
def test_build_of_one_revision_covers_only_its_years(tmp_path):
    from coopscope.engine import connect
    from coopscope.errors import StoreError

    ingest_baci(write_world(tmp_path / "hs17", scale="tiny", years=[2020, 2021], seed=3), tmp_path / "store")
    ingest_baci(write_world(tmp_path / "hs22", scale="tiny", years=[2022], seed=4, revision="HS22"), tmp_path / "store")
    report = build_store(tmp_path / "store", hs_revision="HS22", groups="dependence")
    assert report.years == [2022]
    con = connect("duckdb")
    built = to_arrow(con, Store.open(tmp_path / "store").table(con, "dependence"))
    assert set(built["year"].to_pylist()) == {2022} and set(built["hs_revision"].to_pylist()) == {"HS22"}
    assert set(built["geodep_years_observed"].to_pylist()) == {1}  # HS17's 2020–2021 are not HS22 years
    with pytest.raises(StoreError, match=r"no trade flows of HS12.*revisions in the store: HS17, HS22"):
        build_store(tmp_path / "store", hs_revision="HS12")
