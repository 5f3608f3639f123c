"""Downloading real data: :func:`fetch` (BACI from CEPII, UN Comtrade through its API) into a store.

Downloads are resumable, verified and cached (the ``cache_dir`` setting); the ingest that follows
is :func:`coopscope.api.ingest`'s, all or nothing. :func:`fetch_plan` shows the UN Comtrade calls
a query needs, checked against the API's limits, without calling it; :func:`baci_releases` lists
the BACI releases this version knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from coopscope.api.jobs import sources_result
from coopscope.api.result import Result
from coopscope.api.workspace import Workspace, store_root
from coopscope.classify.countries import resolve_countries
from coopscope.options import check_option, parse_years
from coopscope.sources import comtrade_api, fetch_baci
from coopscope.sources.config import load_config

FetchSource = Literal["baci", "comtrade"]
COMTRADE_API = "https://comtradeapi.un.org"

__all__ = ["baci_releases", "fetch", "fetch_plan"]


def baci_releases(base_url: str | None = None) -> Result:
    """The BACI releases and HS revisions this version knows, with their download addresses.

    Output columns: release, hs_revision, url. ``base_url`` default: the ``baci_base_url`` setting.
    """
    base = base_url or load_config().get("baci_base_url")
    rows = [{"release": rel, "hs_revision": rev, "url": fetch_baci.release_url(rev, rel, base)}
            for rel, rev in fetch_baci.known_releases()]  # fmt: skip
    return Result("baci_releases", pa.Table.from_pylist(rows), {"base_url": base}, (), False, None, "BACI releases")


def fetch(
    source: FetchSource = "baci",
    *,
    store: Workspace | Path | str | None = None,
    replace: bool = False,
    download_only: bool = False,
    **options: Any,
) -> Result:
    """Download a release or a query and ingest it into ``store`` (``None``: the ``store`` setting).

    ``source="baci"``: ``revision`` (default HS17), ``release`` (default the newest this version
    knows), ``base_url``, ``sha256``, ``allow_unknown`` (a release not in :func:`baci_releases`);
    ``download_only`` downloads and verifies without ingesting.
    ``source="comtrade"``: ``reporters`` and ``partners`` (ISO3, numbers or names; partners
    ``None`` or ``"all"``: every partner), ``years`` (``2022``, ``"2019-2022"``, ``"2019,2021"``),
    ``flows`` (``"M"``, ``"X"`` or both), ``hs`` (HS2/HS4/HS6), ``base_url``, ``days`` (spread the
    calls over this many days of the call limit), ``pause_s``; the key is the ``comtrade_key`` setting.

    Output: the sources ingested (the columns of :func:`coopscope.api.ingest`; none with
    ``download_only``). ``params`` add the download (``path``, ``size_bytes``, ``sha256``,
    ``from_cache``, ``resumes``, ``url``) or the run (``calls_made``, ``calls_reused``, ``folder``,
    ``dropped``).
    """
    check_option("source", source, FetchSource)
    if source == "baci":
        return _fetch_baci(None if download_only else store_root(store), replace, **options)
    return _fetch_comtrade(store_root(store), replace, **options)


def _fetch_baci(
    root: Path | None,
    replace: bool,
    *,
    revision: str = "HS17",
    release: str | None = None,
    allow_unknown: bool = False,
    **options: Any,
) -> Result:
    release = release or fetch_baci.DEFAULT_RELEASE
    got = fetch_baci.fetch_baci(revision.upper(), root, release=release, replace=replace,
                                allow_unknown=allow_unknown, **options)  # fmt: skip
    d = got.download
    params = {"source": "baci", "revision": revision.upper(), "release": release, "store": str(root) if root else None,
              "replace": replace, "url": got.url, "path": str(d.path), "size_bytes": d.size_bytes,
              "sha256": d.sha256, "from_cache": d.from_cache, "resumes": d.resumes}  # fmt: skip
    committed = [got.ingested] if got.ingested is not None else []
    return sources_result("fetch", committed, params, f"BACI {revision.upper()} {release}")


def _countries(values: str | Sequence[str] | None, option: str) -> list[str] | None:
    if values is None or (isinstance(values, str) and values.strip().lower() == "all"):
        return None
    return resolve_countries(values, option=option)


def _flows(flows: str | Sequence[str]) -> list[str]:
    items = flows.split(",") if isinstance(flows, str) else list(flows)
    return [f.strip().upper() for f in items if f.strip()]


def fetch_plan(
    reporters: str | Sequence[str],
    years: int | str | Sequence[int],
    flows: str | Sequence[str] = "M",
    *,
    partners: str | Sequence[str] | None = None,
    hs: str = "HS6",
    days: int = 1,
) -> Result:
    """The UN Comtrade calls a query needs, checked against the API's limits; nothing is fetched.

    Output columns: call, reporter, year, flow, cmd_code, partners (partner codes in the call),
    max_records (the most records the call can return). ``params["summary"]``: calls,
    days_needed, minimum_seconds and the limits. An error when the plan breaks a limit.
    """
    codes, year_list = _countries(reporters, "reporters") or [], parse_years(years, "years")
    partner_list, flow_list = _countries(partners, "partners"), _flows(flows)
    plan = comtrade_api.plan_requests(codes, year_list, flow_list, partners=partner_list, hs=hs)
    plan.check(days=days)
    rows = [{"call": n + 1, "reporter": r.reporter, "year": r.year, "flow": r.flow, "cmd_code": r.cmd_code,
             "partners": len(r.partner_codes), "max_records": r.max_records}
            for n, r in enumerate(plan.requests)]  # fmt: skip
    params = {"reporters": codes, "years": year_list, "flows": flow_list, "partners": partner_list or "all", "hs": hs,
              "days": days, "summary": plan.summary()}  # fmt: skip
    return Result("fetch_plan", pa.Table.from_pylist(rows), params, (), False, None, "UN Comtrade request plan")


def _fetch_comtrade(
    root: Path,
    replace: bool,
    *,
    reporters: str | Sequence[str],
    years: int | str | Sequence[int],
    flows: str | Sequence[str] = "M",
    partners: str | Sequence[str] | None = None,
    hs: str = "HS6",
    base_url: str = COMTRADE_API,
    **options: Any,
) -> Result:
    codes, year_list = _countries(reporters, "reporters") or [], parse_years(years, "years")
    partner_list, flow_list = _countries(partners, "partners"), _flows(flows)
    run, got = comtrade_api.fetch_comtrade(codes, year_list, flow_list, root, partners=partner_list, hs=hs,
                                           base_url=base_url, replace=replace, **options)  # fmt: skip
    params = {"source": "comtrade", "reporters": codes, "years": year_list, "flows": flow_list,
              "partners": partner_list or "all", "hs": hs, "store": str(root), "replace": replace,
              "calls_made": run.calls_made, "calls_reused": run.calls_reused, "folder": str(run.folder),
              "dropped": dict(got.dropped)}  # fmt: skip
    return sources_result("fetch", got.sources, params, f"UN Comtrade {','.join(codes)}")
