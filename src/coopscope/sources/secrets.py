"""Keeping API keys out of every log record and message (edge code).

HTTP libraries log request URLs at DEBUG (urllib3: ``"GET /data/v1/get/…?subscription-key=…"``),
and a server may echo a key in its answer. :func:`protect` registers a key and installs one
filter on every logger of the HTTP stack; :func:`scrub` removes registered keys, and any
``key=…`` style query parameter, from a text before it is shown.
"""

from __future__ import annotations

import logging
import re
from typing import Any

LOGGER_PREFIXES = ("urllib3", "requests", "comtradeapicall", "httpx", "httpcore")
SECRET_PARAM = re.compile(r"(?i)\b(subscription[-_]key|crtfc_key|api[-_]?key|apikey|token|key)=([^&\s'\"<>]+)")
MASK = "****"
_SECRETS: set[str] = set()


def scrub(text: str) -> str:
    """``text`` with every registered key, and the value of every ``key=`` parameter, masked."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return SECRET_PARAM.sub(lambda m: f"{m.group(1)}={MASK}", text)


class RedactFilter(logging.Filter):
    """Mask keys in a record's message and arguments (records are changed in place, then passed on)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, with its keys masked."""
        record.msg = _clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        return True


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, bytes | bytearray):
        return scrub(bytes(value).decode("utf-8", errors="replace"))
    return value


_FILTER = RedactFilter()


def protect(secret: str | None) -> None:
    """Register ``secret`` and make sure every HTTP-stack logger masks it (and any ``key=`` value)."""
    if secret:
        _SECRETS.add(secret)
    import urllib3  # noqa: F401  (creates its loggers)

    names = [n for n in list(logging.Logger.manager.loggerDict) if n.split(".")[0] in LOGGER_PREFIXES]
    for name in {*LOGGER_PREFIXES, *names}:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)
