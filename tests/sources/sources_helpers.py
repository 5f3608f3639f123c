"""Helpers for the source tests: a local HTTP server state, BACI-layout zips and byte-serving routes."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from importlib import resources
from pathlib import Path

from local_server import LocalServer  # noqa: F401  (one definition, tests/local_server.py)

DATA = Path(__file__).parent.parent / "data"

Handler = Callable[[BaseHTTPRequestHandler], None]


def baci_zip_bytes(
    release: str = "V202401b",
    revision: str = "HS17",
    years: tuple[int, ...] = (2021, 2022),
    rows: int = 120,
    bad_line: int | None = None,
) -> bytes:
    """A small zip in BACI's layout built from real BACI rows (AFG/ZAF exports, tests/data).

    The real rows' years are relabelled; ``bad_line`` puts a malformed value (``v`` = 'abc') on
    that line of the last year's file.
    """
    with open(DATA / "baci-hs92-V202301-2021-exports-afg-zaf.csv", newline="") as fh:
        real = list(csv.DictReader(fh))[:rows]
    countries = resources.files("coopscope.sources").joinpath("data", "baci_country_codes_V202201.csv").read_bytes()
    products = sorted({r["k"].strip().zfill(6) for r in real})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, year in enumerate(years):
            lines = ["t,i,j,k,v,q"] + [f"{year},{r['i']},{r['j']},{r['k']},{r['v']},{r['q'].strip()}" for r in real]
            if bad_line is not None and n == len(years) - 1:
                parts = lines[bad_line - 1].split(",")
                parts[4] = "abc"
                lines[bad_line - 1] = ",".join(parts)
            zf.writestr(f"BACI_{revision}_Y{year}_{release}.csv", "\n".join(lines) + "\n")
        zf.writestr(f"country_codes_{release}.csv", countries)
        zf.writestr(
            f"product_codes_{revision}_{release}.csv",
            "code,description\n" + "".join(f"{p},product {p}\n" for p in products),
        )
    return buf.getvalue()


def serve_bytes(payload: bytes, *, drop_first_after: int | None = None, honour_range: bool = True) -> Handler:
    """A route that serves ``payload`` with Range support; the first answer may stop after N bytes."""
    calls = {"n": 0}

    def route(req: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        start = 0
        rng = req.headers.get("Range")
        if rng and honour_range:
            start = int(rng.split("=")[1].split("-")[0])
            req.send_response(206)
            req.send_header("Content-Range", f"bytes {start}-{len(payload) - 1}/{len(payload)}")
        else:
            req.send_response(200)
        body = payload[start:]
        req.send_header("Content-Length", str(len(body)))
        req.send_header("Accept-Ranges", "bytes")
        req.end_headers()
        if drop_first_after is not None and calls["n"] == 1:
            req.wfile.write(body[:drop_first_after])
            req.wfile.flush()
            req.close_connection = True
            return
        req.wfile.write(body)

    return route
