"""Named profiles for ``coopscope ingest table``: a mapping and its options saved as TOML.

A profile lives in ``<config folder>/profiles/NAME.toml`` (next to the settings file), so a
customs table layout is described once and reused with ``--profile NAME``.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, fields
from pathlib import Path

from coopscope.errors import ConfigError, OptionError
from coopscope.sources.config import config_path
from coopscope.sources.tables import TableSpec


def profile_path(name: str) -> Path:
    """Where a named profile lives: ``<config folder>/profiles/NAME.toml``."""
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name):
        raise OptionError(f"profile name '{name}' is not usable.", "use letters, digits, - and _.")
    return config_path().parent / "profiles" / f"{name}.toml"


def save_profile(name: str, spec: TableSpec) -> Path:
    """Save a spec as TOML; returns the file."""
    path = profile_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(spec)
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if k != "mapping"]
    lines += ["", "[mapping]"] + [
        f"{json.dumps(k)} = {json.dumps(v, ensure_ascii=False)}" for k, v in data["mapping"].items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_profile(name: str) -> TableSpec:
    """Read a saved profile, or a clear error naming the profiles folder."""
    path = profile_path(name)
    if not path.exists():
        saved = sorted(p.stem for p in path.parent.glob("*.toml")) if path.parent.exists() else []
        raise ConfigError(
            f"{path}: no profile '{name}'.",
            f"saved profiles: {', '.join(saved) or 'none'}; create one with --save-profile NAME.",
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).", "fix it or save the profile again.") from exc
    known = {f.name for f in fields(TableSpec)}
    return TableSpec(**{k: v for k, v in data.items() if k in known})
