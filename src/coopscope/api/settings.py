"""Settings: ``settings()`` (what ``coopscope config show`` prints) and the store/engine they choose.

The settings are one declared table (:data:`coopscope.sources.config.SETTINGS`): a TOML file
(``$COOPSCOPE_CONFIG`` or ``$XDG_CONFIG_HOME/coopscope/config.toml``) plus ``COOPSCOPE_*``
environment variables, the environment winning. Secrets are masked in every result.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa

from coopscope.api.result import Result
from coopscope.engine import SPARK_MASTER_ENV
from coopscope.errors import OptionError, StoreError
from coopscope.sources.config import SETTINGS, config_path, load_config

__all__ = ["cache_dir", "configured_engine", "configured_store", "setting", "settings", "use_spark_master"]


def settings() -> Result:
    """The effective settings, where each came from, and its environment variable (secrets masked).

    Output columns: key, value (masked for secrets), origin (``default``, the file's path or
    ``$VAR``), env (the variable that overrides it), secret (bool), help.
    ``params["config_file"]`` is the settings file read (it need not exist).
    """
    config = load_config()
    masked = config.masked()
    rows = [
        {"key": s.key, "value": masked[s.key], "origin": config.origins[s.key], "env": s.env, "secret": s.secret,
         "help": s.help}
        for s in SETTINGS
    ]  # fmt: skip
    params = {"config_file": str(config_path())}
    return Result("settings", pa.Table.from_pylist(rows), params, (), False, None, "coopscope settings")


def setting(key: str) -> str:
    """The effective value of one setting (an empty string when unset); secrets are returned as set."""
    config = load_config()
    if key not in config.values:
        raise OptionError(f"setting: '{key}' is not a setting.", f"settings: {', '.join(s.key for s in SETTINGS)}.")
    return config.get(key)


def cache_dir() -> Path:
    """Coopscope's cache folder (downloads, the demo world): the ``cache_dir`` setting, else $XDG_CACHE_HOME."""
    return load_config().cache_dir()


def configured_store(store: Path | str | None = None) -> Path:
    """``store`` when given, else the ``store`` setting; an error when neither is set.

    Unlike :func:`coopscope.api.workspace.default_store`, the last demo's store is not a fallback:
    this is the store a command *writes* into (ingest, fetch, convert, firms load).
    """
    if store is not None:
        return Path(store)
    if not setting("store"):
        raise StoreError("no store given.", "pass --store DIR or set 'store' in the config file / $COOPSCOPE_STORE.")
    return Path(setting("store"))


def configured_engine(engine: str | None = None) -> str:
    """``engine`` when given, else the ``engine`` setting; a configured ``spark_master`` is passed on to Spark."""
    config = load_config()
    master = config.get("spark_master")
    if master and config.origins.get("spark_master") != "default":
        os.environ.setdefault(SPARK_MASTER_ENV, master)
    return engine or config.get("engine")


def use_spark_master(url: str) -> None:
    """Run Spark work of this process on the master at ``url`` (e.g. ``spark://host:7077``)."""
    os.environ[SPARK_MASTER_ENV] = url
