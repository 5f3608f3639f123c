"""How ``coopscope.sources.comtrade_api`` talks to the API through comtradeapicall (edge code).

comtradeapicall builds ``https://comtradeapi.un.org/data/v1/get/…`` and calls
``urllib3.PoolManager().request``; on a non-200 answer it prints the body and returns None. While a
call runs, :func:`client` gives the module a pool that sends the same request to ``base_url`` (the
real host, a mirror or a test server) and raises :class:`_Status` on a non-200 answer, so that
:func:`with_retries` can retry 429 and 5xx; printed output is swallowed. Error texts never carry
the URL, which holds the subscription key.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
import types
from collections.abc import Callable, Iterator
from typing import Any

import urllib3

from coopscope.errors import NetworkError
from coopscope.sources.secrets import protect

API_HOST = "https://comtradeapi.un.org"
_LOCK = threading.Lock()


class _Status(Exception):
    """A non-200 answer or a broken connection (status 0); carries Retry-After when given."""

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"status {status}")
        self.status, self.retry_after = status, retry_after


class _Pool:
    """Stands in for urllib3.PoolManager inside comtradeapicall: same request, to ``base_url``."""

    def __init__(self, base_url: str, timeout_s: float) -> None:
        self.base_url, self.timeout_s = base_url.rstrip("/"), timeout_s
        self.http = urllib3.PoolManager()

    def request(self, method: str, url: str, fields: dict[str, Any] | None = None, **_: Any) -> Any:
        if url.startswith(API_HOST):
            url = self.base_url + url[len(API_HOST) :]
        try:
            resp = self.http.request(method, url, fields=fields, timeout=self.timeout_s, retries=False)
        except urllib3.exceptions.HTTPError:
            raise _Status(0) from None  # the exception text holds the URL and with it the key
        if resp.status != 200:
            after = resp.headers.get("Retry-After")
            raise _Status(resp.status, float(after) if after and after.isdigit() else None)
        _check_answer(resp.data)
        return resp


def _check_answer(data: bytes) -> None:
    """A 200 answer must be a JSON object with a ``data`` list of records (nothing of it is shown)."""
    try:
        body = json.loads(data)
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("data", body.get("count")), list | int):
        raise NetworkError(
            "UN Comtrade answered 200 without a JSON object holding a 'data' list.",
            "check --base-url points at the UN Comtrade API; retry later if it is under maintenance.",
        )
    if isinstance(body.get("data"), list) and not all(isinstance(r, dict) for r in body["data"]):
        raise NetworkError("UN Comtrade answered 200 with 'data' entries that are not records.", "retry later.")


@contextlib.contextmanager
def client(base_url: str, timeout_s: float) -> Iterator[Any]:
    """The comtradeapicall module with its HTTP pool pointed at ``base_url`` and its printing silenced."""
    import comtradeapicall
    import comtradeapicall.PreviewGet as preview_get

    shim = types.SimpleNamespace(
        PoolManager=lambda *a, **k: _Pool(base_url, timeout_s),
        ProxyManager=lambda *a, **k: _Pool(base_url, timeout_s),
        exceptions=urllib3.exceptions,
    )
    protect(None)  # urllib3's DEBUG log shows the URL, which holds the key
    with _LOCK, contextlib.redirect_stdout(io.StringIO()):
        original = preview_get.urllib3
        preview_get.urllib3 = shim  # type: ignore[assignment]
        try:
            yield comtradeapicall
        finally:
            preview_get.urllib3 = original


def with_retries(call: Callable[[], Any], label: str, attempts: int, backoff_s: float) -> Any:
    """Run ``call``; retry 429, 5xx and broken connections with exponential back-off (or Retry-After)."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except _Status as exc:
            if exc.status not in (0, 429) and exc.status < 500:
                hint = "check the subscription key" if exc.status in (401, 403) else "check the query options"
                raise NetworkError(f"UN Comtrade answered {exc.status} for {label}.", hint + ".") from None
            if attempt == attempts:
                raise NetworkError(
                    f"UN Comtrade: {label} failed {attempts} times (last: status {exc.status}).",
                    "run the same command again later; finished calls are not repeated.",
                ) from None
            time.sleep(exc.retry_after if exc.retry_after is not None else backoff_s * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
