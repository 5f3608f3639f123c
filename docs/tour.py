"""The README's "From Python" tour, line for line; ``tests/api/test_tour.py`` runs it and checks the results.

Run it in a folder holding a BACI release zip named ``BACI_HS17_V202401b.zip`` (a real one from
CEPII, or a synthetic one from ``coopscope synth``): ``python docs/tour.py``.
"""

from __future__ import annotations

from typing import Any


def tour() -> dict[str, Any]:
    """Every main job in at most two lines; returns the results by name."""
    # --- README "From Python" begins ---
    import coopscope as cs

    cs.ingest("BACI_HS17_V202401b.zip", store="store")  # kind="comtrade" or "table" for other sources
    store = cs.open_store("store")  # engine="spark" runs the same on a cluster
    built = store.build()  # dependence and complexity tables for every year
    dep = store.dependence(importer="한국", year=2022, method="geodep")  # 한국, KOR, 410, Korea …
    dep.to_pandas(), dep.params, dep.notes, dep.synthetic  # the table, what made it, what to know
    pair = cs.pair("KOR", "CHN", store="store", year=2022)  # shared vulnerabilities, substitution …
    eci = store.complexity(year=2022, level="country")  # ECI, COI, fitness
    ev = cs.cooperation("KOR", "CHN", store="store")  # the evidence model: ev.section("shared"), ev.to_json()
    written = cs.report("KOR", "CHN", store="store", out="report", lang="ko")  # HTML brief, workbook, tables
    firms = cs.match_firms("KOR", "CHN", area="ai-semiconductors", top=20)  # SYNTHETIC demo firms; store= yours
    chips = cs.products("반도체")  # also 半导体, photoresist or 8542
    # --- README "From Python" ends ---
    return {"built": built, "dep": dep, "pair": pair, "eci": eci, "ev": ev, "written": written, "firms": firms,
            "chips": chips}  # fmt: skip


if __name__ == "__main__":
    for name, result in tour().items():
        print(f"{name}: {result!r:.200}")
