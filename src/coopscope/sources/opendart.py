"""OpenDART (Korea's electronic disclosure system, https://opendart.fss.or.kr) → canonical firm tables.

Endpoints used (OpenDART development guide): ``corpCode.xml`` (zip of every corp_code with its
stock code), ``company.json`` (company overview: names, registration numbers, KSIC ``induty_code``)
and ``fnlttSinglAcnt.json`` (main accounts of the annual report, ``reprt_code=11011``). Every
response carries ``status``: "000" ok, "013" no data (an empty result here), anything else an
error (key, limit, maintenance) raised with OpenDART's own message. The API key comes from the
``opendart_key`` setting and never appears in a message or log line.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.etree import ElementTree

import pyarrow as pa
import requests

from coopscope.errors import ConfigError, InputError, NetworkError
from coopscope.firms.currency import add_usd
from coopscope.firms.refdata import data_file
from coopscope.firms.schema import FirmData, make_firm_data
from coopscope.sources.config import Config, load_config
from coopscope.sources.secrets import protect, scrub

ANNUAL_REPORT = "11011"
KEY_ERRORS = {
    "010": "the key is not registered",
    "011": "the key cannot be used",
    "012": "this IP is not allowed",
    "901": "the key's holder data has expired",
}
ACCOUNTS = {
    "revenue": ("매출액", "수익(매출액)", "영업수익"),
    "total_assets": ("자산총계",),
    "total_liabilities": ("부채총계",),
}


@dataclass(frozen=True)
class OpenDart:
    """A client for OpenDART; build it with :meth:`from_config`. ``repr`` never shows the key."""

    base_url: str
    key: str = field(repr=False)
    timeout_s: float = 30.0

    @classmethod
    def from_config(cls, config: Config | None = None) -> OpenDart:
        """Client from the ``opendart_base_url`` and ``opendart_key`` settings."""
        config = config or load_config()
        if not config.get("opendart_key"):
            raise ConfigError(
                "OpenDART needs an API key and 'opendart_key' is not set.",
                "get a free key at opendart.fss.or.kr and set COOPSCOPE_OPENDART_KEY.",
            )
        return cls(config.get("opendart_base_url").rstrip("/"), config.get("opendart_key"))

    def _get(self, endpoint: str, params: dict[str, str]) -> requests.Response:
        protect(self.key)
        try:
            resp = requests.get(
                f"{self.base_url}/{endpoint}", params={"crtfc_key": self.key, **params}, timeout=self.timeout_s
            )
        except requests.RequestException as exc:
            # the exception text holds the full URL with the key: never pass it on
            raise NetworkError(
                f"OpenDART {endpoint}: request failed ({type(exc).__name__}).",
                "check the network and the 'opendart_base_url' setting.",
            ) from None
        if resp.status_code != 200:
            raise NetworkError(f"OpenDART {endpoint}: HTTP {resp.status_code}.", "retry later.")
        return resp

    def get_json(self, endpoint: str, params: dict[str, str]) -> dict[str, Any] | None:
        """The JSON body of a call, None for status 013 (no data); other statuses raise."""
        resp = self._get(endpoint, params)
        where = f"OpenDART {endpoint} ({', '.join(f'{k}={v}' for k, v in params.items())})"
        try:
            body = json.loads(resp.content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError.at(
                where,
                f"response is not JSON ({exc.msg if hasattr(exc, 'msg') else exc})",
                "check 'opendart_base_url' points at the OpenDART API.",
            ) from None
        return _check_status(body, where)

    def company(self, corp_code: str) -> dict[str, Any] | None:
        """Company overview (company.json) of an 8-digit corp_code."""
        return self.get_json("company.json", {"corp_code": corp_code})

    def annual_accounts(self, corp_code: str, year: int) -> list[dict[str, Any]]:
        """Main accounts of the annual report of ``year`` (fnlttSinglAcnt.json); [] when none."""
        body = self.get_json(
            "fnlttSinglAcnt.json", {"corp_code": corp_code, "bsns_year": str(year), "reprt_code": ANNUAL_REPORT}
        )
        return list(body.get("list", [])) if body else []

    def corp_codes(self) -> dict[str, str]:
        """{stock_code: corp_code} of every listed company (corpCode.xml)."""
        resp = self._get("corpCode.xml", {})
        try:
            with zipfile.ZipFile(io.BytesIO(resp.content)) as zf:
                root = ElementTree.fromstring(zf.read(zf.namelist()[0]))
        except (zipfile.BadZipFile, ElementTree.ParseError, IndexError):
            _check_status(_maybe_json(resp.content), "OpenDART corpCode.xml")
            raise InputError.at(
                "OpenDART corpCode.xml", "response is not a zip of CORPCODE.xml", "check 'opendart_base_url'."
            ) from None
        return {
            (e.findtext("stock_code") or "").strip(): (e.findtext("corp_code") or "").strip()
            for e in root.iter("list")
            if (e.findtext("stock_code") or "").strip()
        }


def _maybe_json(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _check_status(body: dict[str, Any], where: str) -> dict[str, Any] | None:
    status, message = str(body.get("status", "")), scrub(str(body.get("message", "")))[:200]
    if status == "000":
        return body
    if status == "013":
        return None
    if status in KEY_ERRORS:
        raise ConfigError(
            f"{where}: OpenDART status {status}: {KEY_ERRORS[status]} ({message}).",
            "check 'opendart_key' with `coopscope config show` (it is shown masked).",
        )
    if status == "020":
        raise NetworkError(
            f"{where}: OpenDART status 020: request limit exceeded ({message}).",
            "OpenDART allows about 20,000 calls a day per key; retry tomorrow or ask for fewer firms.",
        )
    raise NetworkError(
        f"{where}: OpenDART status {status or 'missing'} ({message or 'no message'}).",
        "status 800 is maintenance: retry later; 100/101 mean a bad request parameter.",
    )


def _ksic_to_isic(induty_code: str) -> str | None:
    table = _ksic_isic()
    return table.get(induty_code[:3]) or table.get(induty_code[:2]) or (induty_code[:2] or None)


@cache
def _ksic_isic() -> dict[str, str]:
    """KSIC code → ISIC Rev.4 code, read once from the packaged table."""
    import csv

    rows = csv.DictReader(io.StringIO(data_file("ksic_isic.csv").read_text(encoding="utf-8")))
    return {r["ksic"]: r["isic4"] for r in rows}


_SECTIONS = [
    (3, "A"),
    (8, "B"),
    (34, "C"),
    (35, "D"),
    (39, "E"),
    (42, "F"),
    (47, "G"),
    (52, "H"),
    (56, "I"),
    (63, "J"),
    (66, "K"),
    (68, "L"),
    (73, "M"),
    (76, "N"),
    (84, "O"),
    (85, "P"),
    (87, "Q"),
    (91, "R"),
    (96, "S"),
    (98, "T"),
    (99, "U"),
]


def ksic_section(division: str) -> str | None:
    """KSIC 10 section letter of a two-digit division ("26" → "C")."""
    if not division.isdigit():
        return None
    return next((s for top, s in _SECTIONS if int(division) <= top), None)


def firm_row(info: dict[str, Any]) -> dict[str, Any]:
    """A FIRM_SCHEMA row from a company.json body (KSIC ``induty_code`` → section+division and ISIC)."""
    code = str(info.get("induty_code") or "")
    division = code[:2]
    section = ksic_section(division) if len(division) == 2 else None
    stock = str(info.get("stock_code") or "").strip()
    markets = {"Y": "KOSPI", "K": "KOSDAQ", "N": "KONEX", "E": "unlisted"}
    return {
        "firm_id": f"KOR:{stock}" if stock else f"KOR:DART{info.get('corp_code')}",
        "country": "KOR",
        "name": info.get("corp_name"),
        "name_romanised": info.get("corp_name_eng") or None,
        "stock_code": stock or None,
        "registration_no": info.get("bizr_no") or None,
        "industry_name": None,
        "industry_system": "KSIC10",
        "industry_code": f"{section}{division}" if section else None,
        "isic4": _ksic_to_isic(code) if section else None,
        "industry_note": None if section else f"OpenDART induty_code '{code}' is not a KSIC code",
        "listing_market": markets.get(str(info.get("corp_cls"))),
        "entity_type": "company",
        "founded_year": int(str(info["est_dt"])[:4]) if str(info.get("est_dt") or "")[:4].isdigit() else None,
        "synthetic": False,
        "source": f"OpenDART company.json corp_code={info.get('corp_code')}",
    }


def _amount(text: Any, where: str) -> float | None:
    cleaned = str(text or "").replace(",", "").strip()
    if cleaned in ("", "-"):
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise InputError.at(
            where, f"amount '{text}' is not a number", "the response is damaged; fetch again.", column="thstrm_amount"
        ) from None


def financial_row(firm_id: str, year: int, accounts: list[dict[str, Any]], *, fs_div: str = "OFS") -> dict[str, Any]:
    """A FINANCIAL_SCHEMA row (revenue, assets, liabilities in KRW) from fnlttSinglAcnt.json ``list`` items.

    ``fs_div``: OFS (separate statements; the SME law reads the firm's own accounts) or CFS
    (consolidated); falls back to the other when the requested one is absent.
    """
    chosen = [a for a in accounts if a.get("fs_div") == fs_div] or accounts
    where = f"OpenDART fnlttSinglAcnt.json ({firm_id}, {year})"
    row: dict[str, Any] = {
        "firm_id": firm_id,
        "fiscal_year": year,
        "synthetic": False,
        "source": f"OpenDART fnlttSinglAcnt.json {year} {chosen[0].get('fs_div') if chosen else ''}",
    }
    row["currency"] = str(chosen[0].get("currency") or "KRW") if chosen else "KRW"
    for field_name, names in ACCOUNTS.items():
        hit = next((a for a in chosen if a.get("account_nm") in names), None)
        row[field_name] = _amount(hit.get("thstrm_amount"), where) if hit else None
    return row


def fetch_firms(client: OpenDart, stock_codes: list[str], years: list[int], *, fs_div: str = "OFS") -> FirmData:
    """Company overviews and annual accounts of listed companies (by stock code) as :class:`FirmData`.

    Employees, R&D and patents are not in these endpoints and stay null; group membership too.
    A stock code unknown to corpCode.xml is an error listing the codes.
    """
    codes = client.corp_codes()
    unknown = [s for s in stock_codes if s not in codes]
    if unknown:
        raise InputError(
            f"OpenDART corpCode.xml: {len(unknown)} stock code(s) not listed: {', '.join(unknown[:5])}.",
            "give 6-character KRX stock codes of listed companies.",
        )
    firms, fins = [], []
    for stock in stock_codes:
        info = client.company(codes[stock])
        if info is None:
            continue
        firm = firm_row(info)
        firms.append(firm)
        for year in years:
            accounts = client.annual_accounts(codes[stock], year)
            if accounts:
                fins.append(financial_row(firm["firm_id"], year, accounts, fs_div=fs_div))
    source = f"OpenDART {client.base_url}"
    fin_table = add_usd(pa.Table.from_pylist(fins), source) if fins else None
    return make_firm_data(pa.Table.from_pylist(firms), fin_table, source)
