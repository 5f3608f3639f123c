"""``coopscope fetch comtrade``: UN Comtrade final data through UN's own client, ``comtradeapicall``.

Documented limits the request plan respects (checked by :meth:`Plan.check`, tested):

* **250,000 records per call** with a subscription key — ``getFinalData`` "limited to 250K
  records" (comtradeapicall README, https://pypi.org/project/comtradeapicall/; its functions
  list: "getFinalData … max record 250K, require free or premium subscription key").
* **250 calls per day** — "the upper limit of 250 calls per day is enforced daily" (R comtradr
  1.0.1 reference, ``ct_get_remaining_hourly_queries``,
  https://search.r-project.org/CRAN/refmans/comtradr/html/ct_get_remaining_hourly_queries.html).
  A plan above it is refused unless ``days`` allows it (the run resumes the next day).
* **1 request per second** — the API's documented rate as quoted by comtradr 0.2.1
  (https://www.rdocumentation.org/packages/comtradr/versions/0.2.1/topics/ct_search); calls
  are spaced by ``pause_s`` (default 1 s) and 429 answers are retried with back-off.

How requests are split: one call per reporter, year and flow (comtradeapicall's own
``_getFinalData`` also splits by period), and partners in chunks small enough that even a
reporter that trades every product with every partner stays under the cap: a chunk of p partners
returns at most p × (number of 6-digit codes in the largest HS revision, 5,613 in HS2022) records.
Partner codes are UN Comtrade's (M49-based) area codes, the ones BACI uses
(``coopscope/sources/data/baci_country_codes_*``).

Transport (``coopscope.sources.comtrade_transport``): comtradeapicall's own URL and query, sent
to ``base_url`` (the real host, a mirror or a test server), with 429/5xx retried. The subscription
key travels only in the query string comtradeapicall builds; it is never printed, logged or put
in an error message.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coopscope.sources.config import load_config
from coopscope.classify.convert import correlation_links
from coopscope.errors import ConfigError, NetworkError, OptionError
from coopscope.sources.progress import progress
from coopscope.sources.comtrade_transport import API_HOST, client, with_retries

MAX_RECORDS_PER_CALL = 250_000
CALLS_PER_DAY = 250
SECONDS_PER_CALL = 1.0


@dataclass(frozen=True)
class Request:
    """One getFinalData call: reporter, year, flow and a chunk of partner codes; ``max_records`` is its bound."""

    reporter: str
    reporter_code: str
    year: int
    flow: str
    partner_codes: tuple[str, ...]
    cmd_code: str
    max_records: int

    def key(self) -> str:
        """A stable identifier, used by the resume file."""
        return (
            f"{self.reporter}-{self.year}-{self.flow}-{self.cmd_code}-"
            + hashlib.sha256(",".join(self.partner_codes).encode()).hexdigest()[:10]
        )


@dataclass(frozen=True)
class Plan:
    """The calls of one run and the limits they were sized against."""

    requests: tuple[Request, ...]
    max_records_per_call: int = MAX_RECORDS_PER_CALL
    calls_per_day: int = CALLS_PER_DAY
    seconds_per_call: float = SECONDS_PER_CALL

    def plan_id(self) -> str:
        """Identifier of the plan (its calls), naming the resume folder."""
        return hashlib.sha256("|".join(r.key() for r in self.requests).encode()).hexdigest()[:16]

    def days(self) -> int:
        """Days the plan needs under the daily call limit."""
        return max(1, math.ceil(len(self.requests) / self.calls_per_day))

    def check(self, *, days: int = 1) -> None:
        """Raise :class:`OptionError` if a call may exceed the record cap or the plan the daily calls."""
        worst = max((r.max_records for r in self.requests), default=0)
        if worst > self.max_records_per_call:
            raise OptionError(
                f"a call could return {worst:,} records, above the API's {self.max_records_per_call:,}.",
                "ask for fewer partners per call.",
            )
        if self.days() > days:
            raise OptionError(
                f"the plan needs {len(self.requests)} calls, above {self.calls_per_day} a day.",
                f"narrow the query, or pass --days {self.days()} to spread it (the run resumes).",
            )

    def summary(self) -> dict[str, Any]:
        """Totals for printing: calls, the largest possible answer, days and minimum time."""
        return {
            "calls": len(self.requests),
            "max_records_per_call_bound": max((r.max_records for r in self.requests), default=0),
            "api_max_records_per_call": self.max_records_per_call,
            "api_calls_per_day": self.calls_per_day,
            "days_needed": self.days(),
            "minimum_seconds": len(self.requests) * self.seconds_per_call,
        }


def country_codes() -> dict[str, str]:
    """ISO3 -> UN Comtrade area code (BACI's table: Comtrade's codes, e.g. FRA 251, USA 842, TWN 490)."""
    from coopscope.sources.baci import load_country_table

    table = load_country_table(None)
    out: dict[str, str] = {}
    for code, iso in sorted(table.items(), key=lambda kv: int(kv[0])):
        out.setdefault(iso, code)
    return out


def products_bound(hs: str) -> int:
    """Most product codes of the level ``hs`` (HS2, HS4, HS6) in any revision with a packaged table."""
    digits = {"HS2": 2, "HS4": 4, "HS6": 6}[hs]
    links = correlation_links("HS22", "HS17")
    return max(len({c[:digits] for c in links[col].to_pylist()}) for col in ("source_code", "target_code"))


def plan_requests(
    reporters: Sequence[str],
    years: Sequence[int],
    flows: Sequence[str],
    *,
    partners: Sequence[str] | None = None,
    hs: str = "HS6",
) -> Plan:
    """Split a query into calls that each stay under the record cap (see the module docstring).

    ``partners`` None means all partners.
    """
    if hs not in ("HS2", "HS4", "HS6"):
        raise OptionError(f"--hs: '{hs}' is not a product level.", "use HS2, HS4 or HS6.")
    for flow in flows:
        if flow not in ("M", "X"):
            raise OptionError(f"--flow: '{flow}' is not M or X.", "use M (imports) or X (exports), e.g. --flow M.")
    codes = country_codes()
    reporter_codes = [_code_of(r, codes, "--reporters") for r in reporters]
    partner_codes = sorted(
        {_code_of(p, codes, "--partners") for p in partners} if partners else set(codes.values()), key=int
    )
    bound = products_bound(hs)
    per_call = max(1, MAX_RECORDS_PER_CALL // bound)
    chunks = [tuple(partner_codes[i : i + per_call]) for i in range(0, len(partner_codes), per_call)]
    requests = [
        Request(r.upper(), rc, int(y), f, chunk, f"AG{hs[-1]}", len(chunk) * bound)
        for r, rc in zip(reporters, reporter_codes, strict=True)
        for y in years
        for f in flows
        for chunk in chunks
    ]
    return Plan(tuple(requests))


def _code_of(iso: str, codes: dict[str, str], option: str) -> str:
    code = codes.get(iso.strip().upper())
    if code is None:
        raise OptionError(
            f"{option}: '{iso}' is not an ISO3 code UN Comtrade reports.", "use ISO3 codes, e.g. KOR,CHN."
        )
    return code


def subscription_key(given: str | None = None) -> str:
    """The key from the argument or the ``comtrade_key`` setting ($COOPSCOPE_COMTRADE_KEY); never echoed."""
    key = given or load_config().get("comtrade_key")
    if not key:
        raise ConfigError(
            "no UN Comtrade subscription key.",
            "set $COOPSCOPE_COMTRADE_KEY or 'comtrade_key' in the config file "
            "(free keys: https://comtradedeveloper.un.org).",
        )
    return key


def _call(api: Any, key: str, req: Request) -> Any:
    return api.getFinalData(
        key,
        typeCode="C",
        freqCode="A",
        clCode="HS",
        period=str(req.year),
        reporterCode=req.reporter_code,
        cmdCode=req.cmd_code,
        flowCode=req.flow,
        partnerCode=",".join(req.partner_codes),
        partner2Code="0",
        customsCode="C00",
        motCode="0",
        maxRecords=MAX_RECORDS_PER_CALL,
        format_output="JSON",
        breakdownMode="classic",
        includeDesc=False,
    )


@dataclass(frozen=True)
class FetchRun:
    """A finished run: its folder, the combined CSV, calls made now and calls reused from before."""

    folder: Path
    combined: Path
    calls_made: int
    calls_reused: int


def run_plan(
    plan: Plan,
    *,
    key: str,
    cache_dir: Path,
    base_url: str = API_HOST,
    pause_s: float = SECONDS_PER_CALL,
    attempts: int = 5,
    backoff_s: float = 2.0,
    timeout_s: float = 120.0,
) -> FetchRun:
    """Run every call not yet done (``progress.json`` in the run folder), then combine the answers into one CSV."""
    folder = cache_dir / "comtrade" / f"run-{plan.plan_id()}"
    folder.mkdir(parents=True, exist_ok=True)
    state = _load_state(folder, plan)
    made = 0
    with client(base_url, timeout_s) as api, progress("UN Comtrade calls", len(plan.requests)) as advance:
        advance(len(state["done"]))
        for req in plan.requests:
            if req.key() in state["done"]:
                continue
            if made:
                time.sleep(pause_s)
            frame = with_retries(functools.partial(_call, api, key, req), req.key(), attempts, backoff_s)
            _save_part(folder, req, frame)
            state["done"].append(req.key())
            _write_json(folder / "progress.json", state)
            made += 1
            advance(1)
    combined = _combine(folder, plan)
    return FetchRun(folder, combined, made, len(plan.requests) - made)


def _load_state(folder: Path, plan: Plan) -> dict[str, Any]:
    path = folder / "progress.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"plan": [asdict(r) for r in plan.requests], "done": []}


def _save_part(folder: Path, req: Request, frame: Any) -> None:
    if frame is None:
        raise NetworkError(f"UN Comtrade: no answer for {req.key()}.", "run the same command again.")
    if len(frame) >= MAX_RECORDS_PER_CALL:
        raise NetworkError(
            f"UN Comtrade: {req.key()} hit the {MAX_RECORDS_PER_CALL:,}-record cap (answer truncated).",
            "ask for fewer partners per call.",
        )
    tmp = folder / f".{req.key()}.csv.tmp"
    if len(frame.columns):
        frame.to_csv(tmp, index=False)
    else:  # no flows for this chunk of partners
        tmp.write_bytes(b"")
    os.replace(tmp, folder / f"{req.key()}.csv")


def _combine(folder: Path, plan: Plan) -> Path:
    """Concatenate the parts (same camelCase header) into ``combined.csv``; empty answers are skipped."""
    import pandas as pd

    parts = [folder / f"{r.key()}.csv" for r in plan.requests]
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts if p.stat().st_size > 0]
    if not frames:
        raise NetworkError(
            f"UN Comtrade returned no flows for any of the {len(parts)} calls.",
            "check the reporters, years and flow (data may not be published yet).",
        )
    target = folder / "combined.csv"
    frame = pd.concat(frames, ignore_index=True)
    frame.to_csv(folder / ".combined.tmp", index=False)
    os.replace(folder / ".combined.tmp", target)
    return target


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def fetch_comtrade(
    reporters: Sequence[str],
    years: Sequence[int],
    flows: Sequence[str],
    store_dir: Path | str,
    *,
    partners: Sequence[str] | None = None,
    hs: str = "HS6",
    key: str | None = None,
    base_url: str = API_HOST,
    days: int = 1,
    pause_s: float = SECONDS_PER_CALL,
    attempts: int = 5,
    backoff_s: float = 2.0,
    replace: bool = False,
) -> tuple[FetchRun, Any]:
    """Plan, check against the limits, run (resuming) and ingest; returns the run and the ingest result."""
    from coopscope.sources.comtrade import ingest_comtrade

    plan = plan_requests(reporters, years, flows, partners=partners, hs=hs)
    plan.check(days=days)
    secret = subscription_key(key)
    run = run_plan(
        plan,
        key=secret,
        cache_dir=load_config().cache_dir(),
        base_url=base_url,
        pause_s=pause_s,
        attempts=attempts,
        backoff_s=backoff_s,
    )
    where = f"UN Comtrade API: {','.join(reporters)} {min(years)}-{max(years)} flow {','.join(flows)} {hs}"
    result = ingest_comtrade(
        run.combined,
        store_dir,
        replace=replace,
        location=where,
        details={"plan_id": plan.plan_id(), "calls": len(plan.requests)},
    )
    return run, result
