"""The dashboard's HTML pages: parse the query, call the page-data function, render its template.

Pages keep their whole state in the query string (shareable URLs), take ``?lang=en|ko|zh`` (else
Accept-Language, else the server's default) and link every table to its CSV and Excel download.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from coopscope.web import pages, text
from coopscope.web import params as P
from coopscope.web.pages import PageData

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
page_router = APIRouter(include_in_schema=False)
NUMBERS = {"year": int, "from": int, "to": int, "page": int, "per_page": int, "min_tech": float}
API_OF_PAGE = {
    "overview": "/api/v1/cooperation",
    "pair": "/api/v1/pair",
    "dependence": "/api/v1/dependence",
    "complexity": "/api/v1/complexity",
    "firms": "/api/v1/firms/matches",
    "methods": "/api/v1/methods",
}


def query_of(request: Request) -> dict[str, Any]:
    """The query string as a dict, numbers converted (a bad number is a 422 naming the parameter)."""
    q: dict[str, Any] = {k: v for k, v in request.query_params.items() if v != "" and k not in ("lang", "token")}
    for key, kind in NUMBERS.items():
        if key in q:
            try:
                q[key] = kind(q[key])
            except ValueError:
                raise P.WebError(f"{key}={q[key]!r}: not a number.", f"give {key} as digits.", param=key) from None
    if "dependent" in q:
        q["dependent"] = q["dependent"] not in ("0", "false", "no")
    return q


def language(request: Request) -> str:
    """The page language (see :func:`coopscope.web.params.lang`)."""
    default = request.app.state.settings.lang
    return P.lang(request.query_params.get("lang"), request.headers.get("accept-language"), default)


async def show(request: Request, template: str, make: Callable[[Any], PageData]) -> Response:
    """Build the page data in a worker thread and render ``template`` with it."""
    data = await run_in_threadpool(lambda: request.app.state.reader.read(make))
    lang = language(request)
    context = {
        "request": request,
        "data": data,
        "lang": lang,
        "t": text.translator(lang),
        "langs": text.LANG_NAMES,
        "text": text,
        "charts": chart_blocks(data, lang),
        "url": _url_maker(request),
        "api": _api_maker(data),
        "revision": (request.app.state.reader.current().revisions() or ["HS22"])[0],
    }
    return TEMPLATES.TemplateResponse(request, template, context, headers={"Content-Language": lang})


def chart_blocks(data: PageData, lang: str = "en") -> list[dict[str, str]]:
    """Each chart's data as JSON for a ``<script type="application/json">`` block (no inline script).

    Series named by a rule, group, class or country show that name in ``lang``.
    """
    out = []
    for chart in data.charts:
        table = data.tables[chart.table]
        cols = [c for c in (chart.x, chart.y, chart.series) if c]
        rows = table.select(cols).to_pylist() if table.num_rows else []
        if chart.series:
            names = {v: text.series(chart.series, v, lang) for v in {r[chart.series] for r in rows}}
            rows = [{**r, chart.series: names[r[chart.series]]} for r in rows]
        spec = {"kind": chart.kind, "x": chart.x, "y": chart.y, "series": chart.series, "rows": rows}
        payload = (
            json.dumps(spec, default=str, allow_nan=False)
            if _finite(rows)
            else json.dumps({**spec, "rows": [{k: _num(v) for k, v in r.items()} for r in rows]}, default=str)
        )
        out.append({"id": chart.id, "table": chart.table, "json": payload.replace("<", "\\u003c")})
    return out


def _finite(rows: list[dict[str, Any]]) -> bool:
    return all(not (isinstance(v, float) and v != v) for r in rows for v in r.values())


def _num(v: Any) -> Any:
    return None if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))) else v


def _url_maker(request: Request) -> Callable[..., str]:
    def url(path: str | None = None, **changes: Any) -> str:
        q = dict(request.query_params)
        q.pop("token", None)
        q.update({k: v for k, v in changes.items() if v is not None})
        q = {k: v for k, v in q.items() if v not in ("", None)}
        return f"{path or request.url.path}?{urlencode(q)}" if q else (path or request.url.path)

    return url


def _api_maker(data: PageData) -> Callable[..., str]:
    def api(table: str, fmt: str, **override: Any) -> str:
        path = API_OF_PAGE.get(data.page) or f"/api/v1/products/{data.params.get('hs6', '')}"
        changed = {k: v for k, v in override.items() if v is not None}
        q = {k: v for k, v in {**_api_params(data), **changed}.items() if v not in (None, "")}
        return f"{path}?{urlencode({**q, 'table': table, 'format': fmt})}"

    return api


def _api_params(data: PageData) -> dict[str, Any]:
    p = dict(data.params)
    p.pop("hs6", None)
    if data.page == "dependence":
        years = p.pop("years")
        p.update(
            {
                "importer": ",".join(p.pop("importers")),
                "from": min(years),
                "to": max(years),
                "method": p.pop("rule"),
                "suppliers": ",".join(p["suppliers"]),
                "dependent": str(p["dependent"]).lower(),
            }
        )
    return p


def error_page(request: Request, response: JSONResponse) -> Response:
    """An error as an HTML page with the same fields as the JSON error shape."""
    error = json.loads(bytes(response.body))["error"]
    lang = language(request)
    context = {
        "request": request,
        "error": error,
        "lang": lang,
        "t": text.translator(lang),
        "langs": text.LANG_NAMES,
        "url": _url_maker(request),
        "data": None,
    }
    return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=response.status_code)


@page_router.get("/", response_class=HTMLResponse)
async def overview_page(request: Request) -> Response:
    """Pair overview (default KOR–CHN)."""
    q = {**query_of(request), "lang": language(request)}
    return await show(request, "overview.html", lambda s: pages.overview(s, q))


@page_router.get("/dependence", response_class=HTMLResponse)
async def dependence_page(request: Request) -> Response:
    """Dependence explorer."""
    q = query_of(request)
    return await show(request, "dependence.html", lambda s: pages.dependence(s, q, side_by_side=True))


@page_router.get("/product/{hs6}", response_class=HTMLResponse)
async def product_page(request: Request, hs6: str) -> Response:
    """Product page (any HS6 of the store)."""
    q = query_of(request)
    return await show(request, "product.html", lambda s: pages.product(s, hs6, q))


@page_router.get("/complexity", response_class=HTMLResponse)
async def complexity_page(request: Request) -> Response:
    """Complement/compete and complexity."""
    q = query_of(request)
    return await show(request, "complexity.html", lambda s: pages.complexity(s, q))


@page_router.get("/firms", response_class=HTMLResponse)
async def firms_page(request: Request) -> Response:
    """Partner firms."""
    q = query_of(request)
    return await show(request, "firms.html", lambda s: pages.firms(s, q))


@page_router.get("/methods", response_class=HTMLResponse)
async def methods_page(request: Request) -> Response:
    """Methods and sources."""
    q = {"lang": language(request)}
    return await show(request, "methods.html", lambda s: pages.methods(s, q))


@page_router.get("/api/v1/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> Response:
    """The OpenAPI description in the vendored Swagger UI."""
    return TEMPLATES.TemplateResponse(request, "docs.html", {"request": request})
