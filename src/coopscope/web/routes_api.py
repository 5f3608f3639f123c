"""The JSON API under /api/v1/: the same page data as the dashboard, as JSON rows or a download.

Every route parses its query, calls one page-data function and answers with :func:`respond`:
``format=json`` (default) gives one page of the chosen ``table`` in the :class:`TableAnswer` shape;
``csv``, ``xlsx`` and ``parquet`` give the whole table. Errors have the :class:`ErrorAnswer` shape.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from coopscope.web import pages
from coopscope.web import params as P
from coopscope.web.render import MEDIA, ErrorAnswer, Format, TableAnswer, answer, download, full_table, pick_table

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorAnswer, "description": text}
    for code, text in (
        (401, "token missing"),
        (404, "unknown code or year"),
        (409, "store not built"),
        (413, "download too large"),
        (422, "invalid parameter"),
    )
}
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    200: {"content": {m.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for m in MEDIA.values()}},
    **ERRORS,
}
api_router = APIRouter(prefix="/api/v1", tags=["api"], responses=DOWNLOADS)

Country = Annotated[str, Query(min_length=3, max_length=3, pattern="^[A-Za-z]{3}$", description="ISO3 code")]
Year = Annotated[int | None, Query(ge=1900, le=2100, description="a year of the store (default: the latest)")]
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=P.MAX_PER_PAGE)]
Table = Annotated[str | None, Query(max_length=40, description="which table of the answer (default: the first)")]
Fmt = Annotated[Format, Query(description="json: one page; csv/xlsx/parquet: the whole table")]
Code = Annotated[str | None, Query(max_length=40)]


async def respond(request: Request, make: Any, table: str | None, fmt: str, page: int, per_page: int) -> Any:
    """Run the page-data call in a worker thread and answer in ``fmt`` (see the module docstring)."""
    reader = request.app.state.reader

    def work() -> Any:
        data = reader.read(make)
        name = pick_table(data, table)
        if fmt == "json":
            return answer(data, name, P.paging(page, per_page))
        body = download(full_table(data, name), fmt, data.synthetic)
        headers = {"Content-Disposition": f'attachment; filename="coopscope-{data.page}-{name}.{fmt}"'}
        return Response(body, media_type=MEDIA[fmt], headers=headers)

    return await run_in_threadpool(work)


@api_router.get("/cooperation", response_model=TableAnswer)
async def cooperation(
    request: Request,
    a: Country = "KOR",
    b: Country = "CHN",
    lang: Annotated[str, Query(pattern="^(en|ko|zh)$")] = "en",
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """The cooperation evidence of a pair: each section's findings (in ``info.sections``) and its tables."""
    q = {"a": a, "b": b, "lang": lang}
    return await respond(request, lambda s: pages.overview(s, q), table, format, page, per_page)


@api_router.get("/pair", response_model=TableAnswer)
async def pair(
    request: Request,
    a: Country = "KOR",
    b: Country = "CHN",
    year: Year = None,
    method: Code = None,
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """The pair analysis: product classes, indicators by group, dependence trend, suppliers."""
    q = {"a": a, "b": b, "year": year, "method": method}
    return await respond(request, lambda s: pages.pair(s, q), table, format, page, per_page)


@api_router.get("/dependence", response_model=TableAnswer)
async def dependence(
    request: Request,
    importer: Annotated[str, Query(max_length=20, description="one or two ISO3 codes, comma-separated")] = "KOR",
    year: Year = None,
    from_: Annotated[int | None, Query(alias="from", ge=1900, le=2100)] = None,
    to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    method: Annotated[str | None, Query(max_length=10, description="eu2021, geodep, kita, kiet or all")] = None,
    suppliers: Annotated[str | None, Query(max_length=60, description="ISO3 codes or a group (G7)")] = None,
    mpe_class: Code = None,
    area: Code = None,
    tech_class: Code = None,
    q: Annotated[str | None, Query(max_length=6, description="product code prefix")] = None,
    dependent: bool = True,
    sort: Code = None,
    order: Code = None,
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """Products of one or two importers with every rule's flag (paginated), and counts over time."""
    query = {
        "importer": importer,
        "from": year or from_,
        "to": year or to,
        "rule": method,
        "suppliers": suppliers,
        "mpe_class": mpe_class,
        "area": area,
        "tech_class": tech_class,
        "q": q,
        "dependent": dependent,
        "sort": sort,
        "order": order,
        "page": page,
        "per_page": per_page,
    }
    return await respond(request, lambda s: pages.dependence(s, query), table, format, page, per_page)


@api_router.get("/products/{hs6}", response_model=TableAnswer)
async def product(
    request: Request,
    hs6: Annotated[str, Path(max_length=12)],
    a: Country = "KOR",
    b: Country = "CHN",
    year: Year = None,
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """One HS6 product: names, classes, flags by every rule, suppliers, world exporters, substitution."""
    q = {"a": a, "b": b, "year": year}
    return await respond(request, lambda s: pages.product(s, hs6, q), table, format, page, per_page)


@api_router.get("/complexity", response_model=TableAnswer)
async def complexity(
    request: Request,
    a: Country = "KOR",
    b: Country = "CHN",
    year: Year = None,
    area: Code = None,
    group: Code = None,
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """TCI/ESI/GL/TII by class and area over time, ECI, and RCA/PCI/density of an area's products."""
    q = {"a": a, "b": b, "year": year, "area": area, "group": group}
    return await respond(request, lambda s: pages.complexity(s, q), table, format, page, per_page)


@api_router.get("/firms/matches", response_model=TableAnswer)
async def firm_matches(
    request: Request,
    a: Country = "KOR",
    b: Country = "CHN",
    year: Year = None,
    area: Code = None,
    size: Code = None,
    min_tech: Annotated[float, Query(ge=0, le=1)] = 0.0,
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """Ranked partner-firm pairs per AI area with their reasons."""
    q = {"a": a, "b": b, "year": year, "area": area, "size": size, "min_tech": min_tech}
    return await respond(request, lambda s: pages.firms(s, q), table, format, page, per_page)


@api_router.get("/methods", response_model=TableAnswer)
async def methods(
    request: Request,
    lang: Annotated[str, Query(pattern="^(en|ko|zh)$")] = "en",
    table: Table = None,
    format: Fmt = "json",
    page: Page = 1,
    per_page: PerPage = 50,
) -> Any:
    """Definitions of every rule and indicator (in ``lang``), rule thresholds, parameters, citations, provenance."""
    return await respond(request, lambda s: pages.methods(s, {"lang": lang}), table, format, page, per_page)
