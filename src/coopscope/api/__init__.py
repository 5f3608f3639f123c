"""The library API: one documented call per job, each returning a frozen :class:`Result`.

```python
import coopscope as cs
store = cs.open_store("store")                        # engine chosen once
dep = store.dependence(importer="KOR", year=2022)     # .to_pandas(), .params, .notes, .synthetic
dep = cs.dependence(store="store", importer="한국", year="2020-2022")   # the same as a module call
```

Jobs: :func:`ingest`, :func:`build`, :func:`dependence`, :func:`complexity`, :func:`pair`,
:func:`report`, :func:`match_firms`, :func:`screen_firms`, :func:`products`, :func:`product`.
Countries are ISO3, ISO numeric or English/Korean/Chinese names; years ``2022``,
``"2019-2022"`` or ``"2019,2021"``; anything not in the store is an error that lists what is.
Methods and their sources: docs/METHODS.md.
"""

from __future__ import annotations

from coopscope.api.complexity import complexity
from coopscope.api.dependence import dependence
from coopscope.api.firms import match_firms, screen_firms
from coopscope.api.jobs import build, ingest
from coopscope.api.pair import pair, report
from coopscope.api.products import product, products
from coopscope.api.result import Result
from coopscope.api.workspace import Workspace, open_store

__all__ = [
    "Result",
    "Workspace",
    "build",
    "complexity",
    "dependence",
    "ingest",
    "match_firms",
    "open_store",
    "pair",
    "product",
    "products",
    "report",
    "screen_firms",
]
