"""Settings: a TOML file plus environment variables (environment wins).

One declared table, :data:`SETTINGS`, drives loading, ``coopscope config show`` and the test that
every setting is documented. This is an edge module: it reads files and the environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from coopscope.errors import ConfigError
from coopscope.options import ENGINES


@dataclass(frozen=True)
class Setting:
    """One setting: its key in the TOML file, its environment variable, default and help."""

    key: str
    env: str
    default: str
    help: str
    secret: bool = False


def _home(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "COOPSCOPE_STORE", "", "Store folder used when --store is not given."),
    Setting("engine", "COOPSCOPE_ENGINE", "duckdb", "Engine for relational work: duckdb or spark."),
    Setting("spark_master", "COOPSCOPE_SPARK_MASTER", "local[*]", "Spark master URL for --engine spark."),
    Setting("cache_dir", "COOPSCOPE_CACHE_DIR", "", "Cache folder for downloads and the demo world."),
    Setting(
        "baci_base_url",
        "COOPSCOPE_BACI_BASE_URL",
        "https://www.cepii.fr/DATA_DOWNLOAD/baci/data",
        "Where BACI release zips are downloaded from (a mirror may be used).",
    ),
    Setting("comtrade_key", "COOPSCOPE_COMTRADE_KEY", "", "UN Comtrade API subscription key.", secret=True),
    Setting("opendart_key", "COOPSCOPE_OPENDART_KEY", "", "OpenDART API key (Korea).", secret=True),
    Setting(
        "opendart_base_url",
        "COOPSCOPE_OPENDART_BASE_URL",
        "https://opendart.fss.or.kr/api",
        "OpenDART API address (a local replay server in tests).",
    ),
)
_BY_KEY = {s.key: s for s in SETTINGS}


def config_path() -> Path:
    """The settings file: $COOPSCOPE_CONFIG or $XDG_CONFIG_HOME/coopscope/config.toml."""
    if os.environ.get("COOPSCOPE_CONFIG"):
        return Path(os.environ["COOPSCOPE_CONFIG"])
    return _home("XDG_CONFIG_HOME", ".config") / "coopscope" / "config.toml"


@dataclass(frozen=True)
class Config:
    """Effective settings and where each came from (``default``, the file, or the environment)."""

    values: dict[str, str]
    origins: dict[str, str]

    def get(self, key: str) -> str:
        """The effective value of ``key`` (an empty string when unset)."""
        return self.values[key]

    def cache_dir(self) -> Path:
        """The cache folder (default: $XDG_CACHE_HOME/coopscope)."""
        return (
            Path(self.values["cache_dir"])
            if self.values["cache_dir"]
            else _home("XDG_CACHE_HOME", ".cache") / "coopscope"
        )

    def masked(self) -> dict[str, str]:
        """Values with secrets masked, for printing."""
        return {k: mask(v) if _BY_KEY[k].secret else v for k, v in self.values.items()}


def mask(secret: str) -> str:
    """Show only that a secret is set and its last two characters."""
    return "" if not secret else "****" + secret[-2:] if len(secret) > 6 else "****"


def load_config(path: Path | None = None) -> Config:
    """Read the TOML file (if any) and the environment into a :class:`Config`."""
    path = path or config_path()
    file_values = _read_toml(path) if path.exists() else {}
    values, origins = {}, {}
    for s in SETTINGS:
        values[s.key], origins[s.key] = s.default, "default"
        if s.key in file_values:
            values[s.key], origins[s.key] = str(file_values[s.key]), str(path)
        if os.environ.get(s.env):
            values[s.key], origins[s.key] = os.environ[s.env], f"${s.env}"
    if values["engine"] not in ENGINES:
        raise ConfigError(
            f"{origins['engine']}: engine '{values['engine']}' is not known.", f"use one of {', '.join(ENGINES)}."
        )
    return Config(values, origins)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).", "fix the file or remove it.") from exc
    section = data.get("coopscope", data)
    unknown = sorted(set(section) - set(_BY_KEY)) if isinstance(section, dict) else []
    if unknown or not isinstance(section, dict):
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}.", f"known settings: {', '.join(_BY_KEY)}.")
    return section
