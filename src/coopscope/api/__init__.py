"""The library API: one documented call per job, each returning a frozen :class:`Result`.

```python
import coopscope as cs
store = cs.open_store("store")                        # engine chosen once
dep = store.dependence(importer="KOR", year=2022)     # .to_pandas(), .params, .notes, .synthetic
dep = cs.dependence(store="store", importer="한국", year="2020-2022")   # the same as a module call
```

Jobs: :func:`ingest`, :func:`build`, :func:`dependence`, :func:`complexity`, :func:`pair`,
:func:`cooperation` (the evidence model), :func:`report`, :func:`match_firms`, :func:`screen_firms`,
:func:`products`, :func:`product`;
data in and about a store: :func:`fetch` (BACI, UN Comtrade downloads), :func:`fetch_plan`,
:func:`baci_releases`, :func:`convert` (another HS revision), :func:`synth` (a SYNTHETIC world),
:func:`store_info`, :func:`read_trade_table` (a trade file for ``trade=``), :func:`load_firms`,
:func:`fetch_firms` (OpenDART), :func:`settings`;
reference tables: :func:`product_lenses`, :func:`class_counts`, :func:`ai_areas`;
beyond the peers: :func:`whatif` (supplier loss), :func:`co_development` (opportunities),
:func:`robustness` (threshold sensitivity), :func:`mirror_diagnostics` (reported vs mirror).
Countries are ISO3, ISO numeric or English/Korean/Chinese names; years ``2022``,
``"2019-2022"`` or ``"2019,2021"``; anything not in the store is an error that lists what is.
Methods and their sources: docs/METHODS.md.
"""

from __future__ import annotations

from coopscope.api.analyses import co_development, mirror_diagnostics, robustness, whatif
from coopscope.api.complexity import complexity
from coopscope.api.cooperation import cooperation, report
from coopscope.api.data import convert, read_trade_table, store_info, synth
from coopscope.api.dependence import dependence
from coopscope.api.fetch import baci_releases, fetch, fetch_plan
from coopscope.api.firms import fetch_firms, load_firms, match_firms, screen_firms
from coopscope.api.jobs import build, ingest
from coopscope.api.pair import pair
from coopscope.api.products import ai_areas, class_counts, product, product_lenses, products
from coopscope.api.result import Result
from coopscope.api.settings import settings
from coopscope.api.workspace import Workspace, open_store

__all__ = [
    "Result",
    "Workspace",
    "ai_areas",
    "baci_releases",
    "build",
    "class_counts",
    "co_development",
    "complexity",
    "convert",
    "cooperation",
    "dependence",
    "fetch",
    "fetch_firms",
    "fetch_plan",
    "ingest",
    "load_firms",
    "match_firms",
    "mirror_diagnostics",
    "open_store",
    "pair",
    "product",
    "product_lenses",
    "products",
    "read_trade_table",
    "report",
    "robustness",
    "screen_firms",
    "settings",
    "store_info",
    "synth",
    "whatif",
]
