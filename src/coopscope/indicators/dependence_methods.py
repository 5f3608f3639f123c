"""The versioned method file: thresholds, floors and windows of the named dependence methods.

The defaults ship as package data (``data/dependence-methods.toml``, each number with its source).
A user may pass their own file with the same keys; :func:`load_methods` checks it and returns a
frozen :class:`DependenceMethods`. Definitions: METHODS.md §1.2 (eu2021), §1.4 (geodep),
§2.1 (kita), §2.2 (kiet).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from coopscope.errors import ConfigError

DEFAULT_METHODS_FILE = "dependence-methods.toml"


@dataclass(frozen=True)
class Eu2021:
    """EC SWD(2021) 352 criteria (all strict ``>``)."""

    import_hhi_min: float
    foreign_import_share_min: float
    import_export_ratio_min: float
    name: str = ""
    source: str = ""


@dataclass(frozen=True)
class GeoDep:
    """CEPII GeoDep criteria C1–C3 (strict ``>``) and the persistence window C4."""

    import_hhi_min: float
    world_export_hhi_min: float
    import_export_ratio_min: float
    window_years: int
    min_years_met: int
    name: str = ""
    source: str = ""


@dataclass(frozen=True)
class Kita:
    """KITA/MOTIE single-supplier bands (top share ``>=`` band) and the import value floor."""

    bands: tuple[float, ...]
    min_import_value_usd: float
    name: str = ""
    source: str = ""


@dataclass(frozen=True)
class Kiet:
    """KIET watch/vulnerable items: deficit with the world and supplier share ``>=`` a threshold."""

    watch_share_min: float
    vulnerable_share_min: float
    min_import_value_usd: float
    name: str = ""
    source: str = ""


@dataclass(frozen=True)
class DependenceMethods:
    """All methods' parameters, as read from one method file (``location`` names it)."""

    version: str
    eu2021: Eu2021
    geodep: GeoDep
    kita: Kita
    kiet: Kiet
    location: str = ""


def load_methods(path: Path | str | None = None) -> DependenceMethods:
    """Read and check a method file; ``None`` reads the packaged defaults.

    Raises :class:`~coopscope.errors.ConfigError` naming the file and key of the first problem.
    """
    if path is None:
        ref = resources.files("coopscope.indicators") / "data" / DEFAULT_METHODS_FILE
        text, location = ref.read_text(encoding="utf-8"), f"package data {DEFAULT_METHODS_FILE}"
    else:
        try:
            text, location = Path(path).read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot read the method file ({exc.strerror}).", "check the --methods-file path."
            ) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{location}: not valid TOML ({exc}).", "compare it with the packaged file.") from exc
    return _parse(raw, location)


def _parse(raw: dict[str, Any], location: str) -> DependenceMethods:
    sections = {"eu2021": Eu2021, "geodep": GeoDep, "kita": Kita, "kiet": Kiet}
    unknown = sorted(set(raw) - set(sections) - {"version"})
    if unknown:
        raise ConfigError(
            f"{location}: unknown section(s) {', '.join(unknown)}.",
            f"the sections are {', '.join(sections)} and the key 'version'.",
        )
    parts = {name: _section(raw, name, cls, location) for name, cls in sections.items()}
    methods = DependenceMethods(version=str(raw.get("version", "")), location=location, **parts)
    _check_values(methods, location)
    return methods


def _section(raw: dict[str, Any], name: str, cls: type, location: str) -> Any:
    table = raw.get(name)
    if not isinstance(table, dict):
        raise ConfigError(f"{location}: section [{name}] is missing.", "copy it from the packaged method file.")
    known = {f.name: f for f in fields(cls)}
    required = [f.name for f in fields(cls) if f.name not in ("name", "source")]
    extra = sorted(set(table) - set(known))
    missing = [k for k in required if k not in table]
    if extra or missing:
        what = f"unknown key(s) {', '.join(extra)}" if extra else f"missing key(s) {', '.join(missing)}"
        raise ConfigError(f"{location}: [{name}] has {what}.", f"[{name}] takes {', '.join(known)}.")
    values = {k: _value(table[k], name, k, location) for k in table}
    return cls(**values)


def _value(value: Any, section: str, key: str, location: str) -> Any:
    if key in ("name", "source"):
        return str(value)
    if key in ("window_years", "min_years_met"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{location}: [{section}] {key} = {value!r} is not a whole number >= 1.", "use e.g. 3.")
        return value
    if key == "bands":
        if not isinstance(value, list) or not value:
            raise ConfigError(f"{location}: [{section}] bands must be a non-empty list.", "e.g. [0.5, 0.7].")
        return tuple(sorted(_number(v, section, key, location) for v in value))
    return _number(value, section, key, location)


def _number(value: Any, section: str, key: str, location: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(
            f"{location}: [{section}] {key} = {value!r} is not a number >= 0.",
            "shares are fractions such as 0.4; values are US dollars.",
        )
    return float(value)


def _check_values(m: DependenceMethods, location: str) -> None:
    shares = {
        "eu2021.import_hhi_min": m.eu2021.import_hhi_min,
        "eu2021.foreign_import_share_min": m.eu2021.foreign_import_share_min,
        "geodep.import_hhi_min": m.geodep.import_hhi_min,
        "geodep.world_export_hhi_min": m.geodep.world_export_hhi_min,
        "kiet.watch_share_min": m.kiet.watch_share_min,
        "kiet.vulnerable_share_min": m.kiet.vulnerable_share_min,
        **{f"kita.bands[{i}]": b for i, b in enumerate(m.kita.bands)},
    }
    for key, value in shares.items():
        if value > 1:
            raise ConfigError(f"{location}: {key} = {value} is above 1.", "shares are fractions: write 0.5, not 50.")
    if m.geodep.min_years_met > m.geodep.window_years:
        raise ConfigError(
            f"{location}: geodep.min_years_met ({m.geodep.min_years_met}) exceeds window_years "
            f"({m.geodep.window_years}).",
            "CEPII uses 2 of 3 years.",
        )
