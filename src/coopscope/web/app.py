"""The dashboard's ASGI application: :func:`create_app` wires settings, security, errors and routes.

Security (issue 16 §4): read-only snapshots of the store; a token, when set, is required on every
request (``Authorization: Bearer``, the ``coopscope_token`` cookie, or ``?token=`` once, which sets
the cookie); a strict Content-Security-Policy (scripts and styles only from this server, no inline
script); no parameter reaches the filesystem (static files come from the package only).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from coopscope.errors import CoopscopeError, StoreError
from coopscope.web.params import LANGS, WebError
from coopscope.web.snapshot import StoreReader

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
TOKEN_COOKIE = "coopscope_token"
CODES = {401: "unauthorized", 404: "not_found", 409: "not_built", 413: "too_large", 422: "invalid_parameter"}
Call = Callable[[Request], Awaitable[Response]]
RESPONSE_CACHE_BYTES = 4 << 20


@dataclass(frozen=True)
class WebSettings:
    """How the dashboard runs: the store, default language, the token (None: no token asked).

    ``warm``: pairs whose evidence is computed in the background at start, so that their first
    page view does not wait for it.
    """

    store: Path
    lang: str = "en"
    token: str | None = None
    host: str = "127.0.0.1"
    warm: tuple[tuple[str, str], ...] = ()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_settings(settings: WebSettings) -> None:
    """Refuse to listen beyond loopback without a token, and unknown languages."""
    if not is_loopback(settings.host) and not settings.token:
        raise CoopscopeError(
            f"serve: --host {settings.host} is reachable from other machines, and no token is set.",
            "set COOPSCOPE_WEB_TOKEN (or --token-file) to a long random secret, or keep --host 127.0.0.1.",
        )
    if settings.lang not in LANGS:
        raise CoopscopeError(f"serve: language '{settings.lang}' is not known.", "use en, ko or zh.")


def create_app(settings: WebSettings) -> FastAPI:
    """The FastAPI application over the store of ``settings`` (pages at /, API under /api/v1/)."""
    from coopscope.web.routes_api import api_router
    from coopscope.web.routes_pages import page_router

    check_settings(settings)
    app = FastAPI(
        title="coopscope API",
        version="1",
        description="Supply-chain dependence, complementarity, complexity and partner firms of two economies.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.reader = StoreReader(settings.store)
    app.state.responses = ResponseCache()
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _errors(app)
    app.middleware("http")(_etag)
    app.middleware("http")(_security)
    if settings.warm:
        threading.Thread(target=_warm, args=(app.state.reader, settings.warm), daemon=True).start()
    return app


def _warm(reader: StoreReader, pairs: tuple[tuple[str, str], ...]) -> None:
    """Compute the evidence of ``pairs`` now (a pair the store lacks is skipped)."""
    from functools import partial

    from coopscope.web import pages

    for a, b in pairs:
        with contextlib.suppress(CoopscopeError):
            reader.read(partial(pages.overview, q={"a": a, "b": b}))


async def _security(request: Request, call_next: Call) -> Response:
    token = request.app.state.settings.token
    offered = _offered_token(request)
    if token and not (offered and hmac.compare_digest(offered.encode(), token.encode())):
        response: Response = error_response(
            401,
            "unauthorized",
            "this dashboard needs its token.",
            "send 'Authorization: Bearer TOKEN' or open a page once with ?token=TOKEN.",
        )
    else:
        response = await call_next(request)
        if token and request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _offered_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)


async def _etag(request: Request, call_next: Call) -> Response:
    """ETag from the store version and the full request (URL, language): unchanged store → 304.

    Answers are pure functions of (store version, URL, Accept-Language), so successful GET answers
    up to RESPONSE_CACHE_BYTES are also kept (LRU) and served again until the store changes.
    """
    if request.method != "GET" or request.url.path.startswith("/static"):
        return await call_next(request)
    version = request.app.state.reader.current().version
    seed = f"{version}|{request.url.path}?{request.url.query}|{request.headers.get('accept-language', '')}"
    tag = '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": tag})
    cache: ResponseCache = request.app.state.responses
    kept = cache.get(tag)
    if kept is not None:
        return Response(kept[0], status_code=200, headers=kept[1])
    response = await call_next(request)
    if response.status_code == 200:
        response.headers["ETag"] = tag
        response.headers["Cache-Control"] = "no-cache"
        return await cache.keep(tag, response)
    return response


class ResponseCache:
    """An LRU of answered GET requests (body and headers) keyed by their ETag."""

    def __init__(self, entries: int = 512) -> None:
        self.entries = entries
        self._items: OrderedDict[str, tuple[bytes, dict[str, str]]] = OrderedDict()

    def get(self, tag: str) -> tuple[bytes, dict[str, str]] | None:
        """The kept answer of ``tag``, if any."""
        item = self._items.get(tag)
        if item is not None:
            self._items.move_to_end(tag)
        return item

    async def keep(self, tag: str, response: Response) -> Response:
        """Read the streamed answer, keep it when small enough, and send it on."""
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        if len(body) <= RESPONSE_CACHE_BYTES:
            self._items[tag] = (body, headers)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return Response(body, status_code=response.status_code, headers=headers)


def error_response(
    status: int, code: str, message: str, hint: str, param: str = "", nearest: list[str] | None = None
) -> JSONResponse:
    """The one error shape: {"error": {status, code, message, hint, param, nearest}}."""
    body = {"status": status, "code": code, "message": message, "hint": hint, "param": param, "nearest": nearest or []}
    return JSONResponse({"error": body}, status_code=status)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return await _maybe_page(
            request,
            error_response(
                exc.status, CODES.get(exc.status, "bad_request"), exc.message, exc.hint, exc.param, exc.nearest
            ),
        )

    @app.exception_handler(CoopscopeError)
    async def library_error(request: Request, exc: CoopscopeError) -> Response:
        status = 409 if isinstance(exc, StoreError) else 422
        return await _maybe_page(request, error_response(status, type(exc).__name__, exc.message, exc.hint))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        param = str(first.get("loc", ["", ""])[-1])
        message = f"{param}: {first.get('msg', 'invalid value')}."
        return await _maybe_page(
            request,
            error_response(
                422, "invalid_parameter", message, "see /api/v1/openapi.json for the allowed values.", param
            ),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        message = f"the server failed on this request ({type(exc).__name__})."
        return error_response(500, "server_error", message, "please report it with the URL; nothing was changed.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        hint = "see /api/v1/openapi.json for the API, or open / for the dashboard."
        return await _maybe_page(request, error_response(exc.status_code, "http_error", str(exc.detail), hint))


async def _maybe_page(request: Request, response: JSONResponse) -> Response:
    """Pages show errors as HTML (same fields); the API keeps the JSON shape."""
    if request.url.path.startswith("/api/"):
        return response
    from coopscope.web.routes_pages import error_page

    return error_page(request, response)
