"""Helpers for the foundation tests: small BACI-layout files and store snapshots."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

HEADER = '"t","i","j","k","v","q"\r\n'
ROWS = [
    '2022,410,156,854231,1000.5,"       10.000"',
    '2022,156,410,854231,250.25,"        2.500"',
    '2022,842,410,10121,12.0,"           NA"',
    "2022,392,410,848620,5.125,",
]


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_bytes((header + "\r\n".join(rows) + "\r\n").encode())
    return path


def write_release(
    folder: Path,
    rows_by_year: dict[int, list[str]],
    *,
    revision: str = "HS17",
    products: list[str] | None = None,
    name: str = "V202401b",
    header: str = HEADER,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"BACI_{revision}_{name}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for year, rows in rows_by_year.items():
            body = "\r\n".join(r.replace("2022,", f"{year},", 1) if r.startswith("2022,") else r for r in rows)
            archive.writestr(f"BACI_{revision}_Y{year}_{name}.csv", header + body + "\r\n")
        codes = products or ["010121", "854231", "848620", "847950"]
        archive.writestr(
            f"product_codes_{revision}_{name}.csv", "code,description\n" + "".join(f"{c},product {c}\n" for c in codes)
        )
    return target


def snapshot(store: Path) -> dict[str, str]:
    """Every file under the store with its checksum (the lock file excluded)."""
    return {
        str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }
