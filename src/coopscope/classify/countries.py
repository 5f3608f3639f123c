"""Countries and country groups: ISO 3166-1 codes with English, Korean and Chinese names.

``data/countries.csv`` holds the 249 current ISO 3166-1 economies (Taiwan as TWN, 158) plus six
former ones that appear in old trade data (ANT, CSK, DDR, SCG, SUN, YUG). ``data/country_aliases.csv``
adds name variants (the BACI V202201 names, World Bank / UN styles such as "Korea, Rep." and "Viet
Nam", and common Korean and Chinese variants). Names match case-, space- and punctuation-
insensitively. ISO numeric codes are the ISO ones: BACI's own numbers differ for FRA (251), ITA
(381), NOR (579), IND (699), CHE (757), USA (842) and Taiwan (490) and are reported with a hint.
"""

from __future__ import annotations

import csv
import difflib
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import pyarrow as pa

from coopscope.classify._data import data_rows, data_table
from coopscope.errors import InputError, OptionError, UnknownCodeError

CodeStyle = Literal["iso3", "iso_numeric", "name"]
Language = Literal["en", "ko", "zh"]

EU27 = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
)  # fmt: skip
G7 = ("CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA")
# Timor-Leste was admitted as ASEAN's 11th member at the 47th ASEAN Summit (26 October 2025).
ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM")
RCEP = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "CHN", "JPN", "KOR", "AUS", "NZL")
G20 = (
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
    "SAU", "ZAF", "TUR", "GBR", "USA",
)  # fmt: skip
OECD = (
    "AUS", "AUT", "BEL", "CAN", "CHL", "COL", "CRI", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
    "HUN", "ISL", "IRL", "ISR", "ITA", "JPN", "KOR", "LVA", "LTU", "LUX", "MEX", "NLD", "NZL", "NOR",
    "POL", "PRT", "SVK", "SVN", "ESP", "SWE", "CHE", "TUR", "GBR", "USA",
)  # fmt: skip
# The "advanced suppliers" whose dominance of an input Korea and China may share (METHODS.md §5 item 2, §6.1).
ADVANCED = ("USA", "JPN", "DEU")

BUILTIN_GROUPS: dict[str, tuple[str, ...]] = {
    "EU27": EU27, "G7": G7, "G20": G20, "ASEAN": ASEAN, "RCEP": RCEP, "OECD": OECD, "advanced": ADVANCED,
}  # fmt: skip

BACI_NUMERIC = {"251": "FRA", "381": "ITA", "579": "NOR", "699": "IND", "757": "CHE", "842": "USA", "490": "TWN"}
_DROP = str.maketrans("", "", " \t\u3000.,'’()-_/&·")


def normalise_name(name: str) -> str:
    """Key used to match names: NFKC, case-folded, without spaces and punctuation."""
    return unicodedata.normalize("NFKC", name).casefold().translate(_DROP)


def country_table() -> pa.Table:
    """The country table. Output columns: iso3, iso_numeric (3-digit text), name_en, name_ko, name_zh."""
    return data_table("countries.csv")


@cache
def _by_iso3() -> dict[str, dict[str, str]]:
    return {r["iso3"]: r for r in data_rows("countries.csv")}


@cache
def _by_numeric() -> dict[str, str]:
    return {r["iso_numeric"]: r["iso3"] for r in data_rows("countries.csv")}


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in data_rows("countries.csv"):
        for col in ("iso3", "name_en", "name_ko", "name_zh"):
            names[normalise_name(row[col])] = row["iso3"]
    for row in data_rows("country_aliases.csv"):
        names.setdefault(normalise_name(row["alias"]), row["iso3"])
    return names


def _one(value: str, style: CodeStyle) -> str | None:
    text = str(value).strip()
    if style == "iso3":
        return text.upper() if text.upper() in _by_iso3() else None
    if style == "iso_numeric":
        return _by_numeric().get(text.zfill(3)) if text.isdigit() else None
    return _by_name().get(normalise_name(text))


def to_iso3(values: Sequence[str], *, style: CodeStyle, source: str) -> list[str]:
    """Convert country codes or names to ISO3, in order; any unknown value is an error.

    ``style`` 'iso3' checks ISO3 codes (any case), 'iso_numeric' reads ISO 3166-1 numeric codes
    (leading zeros optional), 'name' matches English, Korean or Chinese names and common variants.
    Raises :class:`UnknownCodeError` naming ``source`` and the first unknown values.
    """
    if style not in ("iso3", "iso_numeric", "name"):
        raise OptionError(f"country code style '{style}' is not known.", "use iso3, iso_numeric or name.")
    cache_: dict[str, str | None] = {}
    out: list[str] = []
    unknown: list[str] = []
    for value in values:
        if value not in cache_:
            cache_[value] = _one(value, style)
        found = cache_[value]
        if found is None:
            unknown.append(str(value))
        else:
            out.append(found)
    if unknown:
        raise UnknownCodeError.codes("country", unknown, source, _hint(unknown, style))
    return out


def _hint(unknown: Sequence[str], style: CodeStyle) -> str:
    baci = sorted({f"{u}→{BACI_NUMERIC[u.zfill(3)]}" for u in unknown if u.strip().zfill(3) in BACI_NUMERIC})
    if style == "iso_numeric" and baci:
        return f"these look like BACI's own numbers ({', '.join(baci)}); map them with the BACI country table first."
    guesses = _guesses(unknown) if style == "name" else []
    if guesses:
        return f"did you mean {', '.join(guesses)}? Add other spellings to a name map before converting."
    return f"check the spelling, or try style='name' / 'iso3' / 'iso_numeric' (this call used '{style}')."


def _guesses(unknown: Sequence[str]) -> list[str]:
    """'name → ISO3' suggestions for up to three unknown names (closest known spelling)."""
    names = _by_name()
    out = []
    for value in sorted(set(unknown))[:3]:
        close = difflib.get_close_matches(normalise_name(value), list(names), n=1, cutoff=0.8)
        if close:
            out.append(f"{value!r} → {names[close[0]]}")
    return out


def country_name(iso3: str, lang: Language = "en") -> str:
    """The country's name in English ('en'), Korean ('ko') or Chinese ('zh')."""
    if lang not in ("en", "ko", "zh"):
        raise OptionError(f"language '{lang}' is not known.", "use en, ko or zh.")
    row = _by_iso3().get(iso3.strip().upper())
    if row is None:
        raise UnknownCodeError.codes("country", [iso3], "country_name", "pass an ISO3 code such as KOR.")
    return row[f"name_{lang}"]


def group_members(name: str, *, groups: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """ISO3 members of a country group, matched case-insensitively.

    Built-in groups: EU27, G7, G20, ASEAN (11, with Timor-Leste since 2025), RCEP, OECD (38) and
    'advanced' (USA, JPN, DEU). ``groups`` (e.g. from :func:`load_groups`) adds to or overrides them.
    """
    table = {**BUILTIN_GROUPS, **(groups or {})}
    lookup = {key.casefold(): key for key in table}
    key = lookup.get(name.strip().casefold())
    if key is None:
        raise UnknownCodeError.codes("country group", [name], "group_members", f"known groups: {', '.join(table)}.")
    return tuple(table[key])


def load_groups(path: Path) -> dict[str, tuple[str, ...]]:
    """Read user country groups from a TOML or CSV file; returns built-in groups merged with them.

    TOML: ``name = ["KOR", "CHN"]`` lines, at top level or under ``[groups]``.
    CSV: columns ``group,iso3`` (one member a line). Members are checked against the ISO3 table.
    """
    path = Path(path)
    if not path.exists():
        raise InputError.at(str(path), "file not found", "pass an existing .toml or .csv file.")
    user = _read_toml_groups(path) if path.suffix.lower() == ".toml" else _read_csv_groups(path)
    return {**BUILTIN_GROUPS, **user}


def _read_toml_groups(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError.at(str(path), f"not valid TOML ({exc})", 'write groups as name = ["KOR", ...].') from exc
    data = data.get("groups", data)
    out: dict[str, tuple[str, ...]] = {}
    for name, members in data.items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise InputError.at(str(path), f"group '{name}' is not a list of ISO3 codes", 'e.g. mine = ["KOR"].')
        out[name] = tuple(to_iso3(members, style="iso3", source=f"{path}, group '{name}'"))
    return out


def _read_csv_groups(path: Path) -> dict[str, tuple[str, ...]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"group", "iso3"} <= set(reader.fieldnames):
            raise InputError.at(str(path), "needs columns 'group' and 'iso3'", "one member per line: group,iso3.")
        out: dict[str, list[str]] = {}
        for line, row in enumerate(reader, start=2):
            code = (row["iso3"] or "").strip().upper()
            if code not in _by_iso3():
                raise UnknownCodeError.codes("country", [code], f"{path}, line {line}", "use ISO3 codes such as KOR.")
            out.setdefault(row["group"].strip(), []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def resolve_country(value: str | int, *, option: str = "country") -> str:
    """One country by ISO3 code, ISO numeric code or English/Korean/Chinese name, as ISO3.

    ``KOR``, ``kor``, ``410``, ``Korea``, ``한국``, ``대한민국`` and ``韩国`` all give ``KOR``. An unknown
    value is an :class:`OptionError` naming ``option`` and the nearest matches
    ("JAP is not a country code; did you mean JPN?").
    """
    text = str(value).strip()
    found = _one(text, "iso_numeric") if text.isdigit() else (_one(text, "iso3") or _one(text, "name"))
    if found is None:
        near = nearest_countries(text)
        hint = f"did you mean {', '.join(near)}?" if near else "use an ISO3 code such as KOR, a number or a name."
        raise OptionError(f"{option}: {text!r} is not a country code or name.", hint)
    return found


def resolve_countries(
    values: str | int | Sequence[str | int], *, option: str = "country", groups: bool = False
) -> list[str]:
    """Countries from a comma-separated text or a sequence, as ISO3, in order and without repeats.

    With ``groups`` true, a group name (EU27, G7, ASEAN … — see :func:`group_members`) stays as
    the group's name (for blocs) instead of being an error.
    """
    if isinstance(values, int):
        items = [str(values)]
    elif isinstance(values, str):
        items = [p.strip() for p in values.split(",")]
    else:
        items = [str(v).strip() for v in values]
    lookup = {key.casefold(): key for key in BUILTIN_GROUPS}
    out: list[str] = []
    for item in (i for i in items if i):
        code = lookup[item.casefold()] if groups and item.casefold() in lookup else resolve_country(item, option=option)
        if code not in out:
            out.append(code)
    if not out:
        raise OptionError(f"{option}: no country given.", "name one or more, e.g. KOR or KOR,CHN.")
    return out


def nearest_countries(text: str, n: int = 3) -> list[str]:
    """ISO3 codes whose code or name is nearest to ``text`` (names it starts first)."""
    key = normalise_name(text)
    if not key:
        return []
    names = _by_name()
    out = [names[k] for k in names if len(key) >= 3 and k.startswith(key) and len(k) > 3]
    codes = list(_by_iso3())
    out += difflib.get_close_matches(text.strip().upper(), codes, n=n, cutoff=0.6)
    out += [names[k] for k in difflib.get_close_matches(key, list(names), n=n, cutoff=0.75)]
    return list(dict.fromkeys(out))[:n]
