"""Opening a store once: :func:`open_store` returns a :class:`Workspace` whose methods are the jobs.

A workspace holds the store, the engine (DuckDB or PySpark, chosen once) and its connection.
Every module-level job (``coopscope.dependence(store="store", …)``) accepts a path, a
:class:`~coopscope.store.Store` or a workspace as ``store=``; ``None`` reads the ``store``
setting (``coopscope config show``), else the store the last ``coopscope demo`` made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis

from coopscope.engine import connect
from coopscope.errors import OptionError, StoreError
from coopscope.options import EngineName, check_option
from coopscope.sources.config import load_config
from coopscope.store import Store

if TYPE_CHECKING:
    from coopscope.api.result import Result

StoreLike = "Workspace | Store | Path | str | None"


class Workspace:
    """A store opened with one engine; the jobs of :mod:`coopscope.api` as methods."""

    def __init__(self, store: Store, engine: EngineName = "duckdb", con: ibis.BaseBackend | None = None) -> None:
        self.store = store
        self.engine: EngineName = engine
        self._con = con

    def __repr__(self) -> str:
        return f"Workspace({str(self.store.root)!r}, engine={self.engine!r})"

    @property
    def root(self) -> Path:
        """The store folder."""
        return self.store.root

    @property
    def con(self) -> ibis.BaseBackend:
        """The engine's connection, opened on first use."""
        if self._con is None:
            self._con = connect(self.engine)
        return self._con

    @property
    def synthetic(self) -> bool:
        """Whether any source in the store is synthetic."""
        return self.store.is_synthetic()

    def choose_basis(self, basis: str | None = None) -> str:
        """The data basis to read: ``basis`` if the store has it, the only one, else ``reconciled``.

        Raises when the store holds no trade data, lacks ``basis``, or holds several bases none of
        which is ``reconciled`` (then ``basis`` must be chosen).
        """
        present = self.store.bases()
        if not present:
            raise StoreError(
                f"{self.root}: no trade data in the store.", "ingest some first, e.g. `coopscope ingest baci FILE`."
            )
        if basis is not None:
            if basis not in present:
                raise OptionError(f"--basis: {basis} is not in {self.root}.", f"the store has: {', '.join(present)}.")
            return basis
        if len(present) == 1 or "reconciled" in present:
            return present[0] if len(present) == 1 else "reconciled"
        raise OptionError(
            f"{self.root}: holds several data bases ({', '.join(present)}).", "choose one with --basis / basis=."
        )

    def years(self, basis: str | None = None) -> list[int]:
        """Years with trade data of the chosen basis."""
        return self.store.years(basis=self.choose_basis(basis))

    # The jobs, as methods (the same parameters as the module-level calls without ``store``).
    def dependence(self, **options: Any) -> Result:
        """:func:`coopscope.api.dependence` on this store."""
        from coopscope.api.dependence import dependence

        return dependence(store=self, **options)

    def complexity(self, **options: Any) -> Result:
        """:func:`coopscope.api.complexity` on this store."""
        from coopscope.api.complexity import complexity

        return complexity(store=self, **options)

    def pair(self, a: str = "KOR", b: str = "CHN", **options: Any) -> Result:
        """:func:`coopscope.api.pair` on this store."""
        from coopscope.api.pair import pair

        return pair(a, b, store=self, **options)

    def cooperation(self, a: str = "KOR", b: str = "CHN", **options: Any) -> Any:
        """:func:`coopscope.api.cooperation` on this store: the evidence model of the pair."""
        from coopscope.api.cooperation import cooperation

        return cooperation(a, b, store=self, **options)

    def report(self, a: str = "KOR", b: str = "CHN", **options: Any) -> Result:
        """:func:`coopscope.api.report` on this store."""
        from coopscope.api.cooperation import report

        return report(a, b, store=self, **options)

    def match_firms(self, a: str = "KOR", b: str = "CHN", **options: Any) -> Result:
        """:func:`coopscope.api.match_firms` on this store."""
        from coopscope.api.firms import match_firms

        return match_firms(a, b, store=self, **options)

    def screen_firms(self, **options: Any) -> Result:
        """:func:`coopscope.api.screen_firms` on this store."""
        from coopscope.api.firms import screen_firms

        return screen_firms(store=self, **options)

    def build(self, **options: Any) -> Result:
        """:func:`coopscope.api.build` on this store."""
        from coopscope.api.jobs import build

        return build(store=self, **options)

    def ingest(self, path: Path | str, kind: str = "baci", **options: Any) -> Result:
        """:func:`coopscope.api.ingest` into this store."""
        from coopscope.api.jobs import ingest

        return ingest(path, kind=kind, store=self, **options)  # type: ignore[arg-type]

    def fetch(self, source: str = "baci", **options: Any) -> Result:
        """:func:`coopscope.api.fetch` into this store."""
        from coopscope.api.fetch import fetch

        return fetch(source, store=self, **options)  # type: ignore[arg-type]

    def convert(self, target: str, **options: Any) -> Result:
        """:func:`coopscope.api.convert` on this store (with this workspace's engine unless one is given)."""
        from coopscope.api.data import convert

        return convert(target, store=self, **{"engine": self.engine, **options})  # type: ignore[arg-type]

    def store_info(self) -> Result:
        """:func:`coopscope.api.store_info` of this store: its sources and built tables."""
        from coopscope.api.data import store_info

        return store_info(self)

    def load_firms(self, path: Path | str, **options: Any) -> Result:
        """:func:`coopscope.api.load_firms` into this store."""
        from coopscope.api.firms import load_firms

        return load_firms(path, store=self, **options)

    def fetch_firms(self, stock_codes: str, **options: Any) -> Result:
        """:func:`coopscope.api.fetch_firms` (OpenDART) into this store."""
        from coopscope.api.firms import fetch_firms

        return fetch_firms(stock_codes, store=self, **options)


DEMO_POINTER = "last-demo-store"


def remember_demo_store(store: Path | str) -> Path:
    """Note ``store`` as the demo's store in coopscope's cache folder (the default when no store is set)."""
    pointer = load_config().cache_dir() / DEMO_POINTER
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(Path(store).resolve()), encoding="utf-8")
    return pointer


def default_store() -> Path:
    """The ``store`` setting ($COOPSCOPE_STORE or the settings file), else the store of the last ``coopscope demo``."""
    config = load_config()
    if config.get("store"):
        return Path(config.get("store"))
    pointer = config.cache_dir() / DEMO_POINTER
    if pointer.exists() and Path(pointer.read_text(encoding="utf-8").strip()).exists():
        return Path(pointer.read_text(encoding="utf-8").strip())
    raise StoreError(
        "no store given.", "pass --store DIR / store=…, set $COOPSCOPE_STORE, or run `coopscope demo` first."
    )


def open_store(path: Path | str | None = None, *, engine: EngineName | None = None, create: bool = False) -> Workspace:
    """Open the store at ``path`` (default: :func:`default_store`) with ``engine`` (default: the setting).

    ``create`` makes an empty store when there is none (as ingesting does).
    """
    config = load_config()
    if path is None:
        path = default_store()
    chosen = engine or config.get("engine") or "duckdb"
    check_option("engine", chosen, EngineName)
    return Workspace(Store.open(path, create=create), chosen)  # type: ignore[arg-type]


def workspace(store: Workspace | Store | Path | str | None, engine: EngineName | None = None) -> Workspace:
    """A workspace from what a job was given as ``store=``."""
    if isinstance(store, Workspace):
        if engine is not None and engine != store.engine:
            return Workspace(store.store, engine)
        return store
    if isinstance(store, Store):
        return Workspace(store, engine or load_config().get("engine") or "duckdb")  # type: ignore[arg-type]
    return open_store(store, engine=engine)


def store_root(store: Workspace | Store | Path | str | None) -> Path:
    """The folder of a store given as a workspace, a store or a path; ``None``: the ``store`` setting.

    For jobs that write into a store: the last demo's store is never the silent default here.
    """
    if isinstance(store, Workspace | Store):
        return store.root
    from coopscope.api.settings import configured_store

    return configured_store(store)
