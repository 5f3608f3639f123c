"""Helpers for the fault catalogue: tiny BACI releases, CLI runs that must end in one line, store states."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

from coopscope.cli import main
from local_server import LocalServer  # noqa: F401  (one definition, tests/local_server.py)

HEADER = "t,i,j,k,v,q\n"
ROWS = [
    "2022,410,156,854231,1000.5,10",
    "2022,156,410,854231,250.25,2.5",
    "2022,842,410,854231,12.0,NA",
    "2022,392,410,848620,5.125,",
]
PRODUCTS = ["010121", "854231", "848620", "847950"]


def year_rows(year: int, rows: list[str] = ROWS) -> list[str]:
    return [r.replace("2022,", f"{year},", 1) for r in rows]


def write_release(
    folder: Path, years: dict[int, list[str]], *, name: str = "V202401b", extra: dict[str, str] | None = None
) -> Path:
    """A BACI-layout zip with one CSV per year, the product table and any ``extra`` members."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"BACI_HS17_{name}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for year, rows in years.items():
            archive.writestr(f"BACI_HS17_Y{year}_{name}.csv", HEADER + "\n".join(rows) + "\n")
        archive.writestr(f"product_codes_HS17_{name}.csv", "code,description\n" + "".join(f"{c},p\n" for c in PRODUCTS))
        for member, text in (extra or {}).items():
            archive.writestr(member, text)
    return target


def write_year_csv(folder: Path, year: int, rows: list[str], *, name: str = "V202401b") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"BACI_HS17_Y{year}_{name}.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def run(*args: str) -> Result:
    """Run the CLI; the result must not carry a Python traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}\n{result.output}")
    return result


def one_line_error(result: Result, *needles: str) -> str:
    """Assert exit 1 with one `Error: …` line holding every needle; returns it."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert result.exit_code == 1, result.output
    assert len(errors) == 1, result.output
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


def snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` with its checksum (locks excluded)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".lock", ".readers")
    }


def logical_state(store: Path) -> dict[str, object]:
    """What a reader of the store sees: each source's checksum, years and file contents; each table's contents.

    Time stamps, random file names and files awaiting deletion are left out, so a store killed
    right after its manifest swap equals one that finished.
    """
    manifest = json.loads((store / "manifest.json").read_text())

    def digest(files: list[str]) -> list[str]:
        return sorted(hashlib.sha256((store / f).read_bytes()).hexdigest() for f in files)

    sources = sorted((s["sha256"], tuple(s["years"]), tuple(digest(s["files"]))) for s in manifest["sources"])
    tables = {name: (t["rows"], tuple(digest(t["files"]))) for name, t in manifest["tables"].items()}
    return {"sources": sources, "tables": tables}
