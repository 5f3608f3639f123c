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
beyond the peers: :func:`whatif` (supplier loss), :func:`co_development` (opportunities),
:func:`robustness` (threshold sensitivity), :func:`mirror_diagnostics` (reported vs mirror).
Countries are ISO3, ISO numeric or English/Korean/Chinese names; years ``2022``,
``"2019-2022"`` or ``"2019,2021"``; anything not in the store is an error that lists what is.
Methods and their sources: docs/METHODS.md.
"""

from __future__ import annotations

from coopscope.api.complexity import complexity
from coopscope.api.cooperation import cooperation, report
from coopscope.api.dependence import dependence
from coopscope.api.firms import match_firms, screen_firms
from coopscope.api.jobs import build, ingest
from coopscope.api.pair import pair
from coopscope.api.products import product, products
from coopscope.api.result import Result
from coopscope.api.workspace import Workspace, open_store
from coopscope.pair.mirror_run import mirror_diagnostics
from coopscope.pair.opportunities_run import co_development
from coopscope.pair.sensitivity_run import robustness
from coopscope.pair.whatif_run import whatif

__all__ = [
    "Result",
    "Workspace",
    "build",
    "co_development",
    "complexity",
    "cooperation",
    "dependence",
    "ingest",
    "match_firms",
    "mirror_diagnostics",
    "open_store",
    "pair",
    "product",
    "products",
    "report",
    "robustness",
    "screen_firms",
    "whatif",
]
