"""Finding the parts of a BACI release: a zip, a folder of its files, or single yearly CSVs.

A release ``BACI_HS17_V202401b.zip`` holds ``BACI_HS17_Y2022_V202401b.csv`` per year plus
``country_codes_V202401b.csv`` and ``product_codes_HS17_V202401b.csv``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from coopscope.errors import InputError

YEAR_FILE = re.compile(r"BACI_(HS\d\d)_Y(\d{4})_(V\w+?)\.csv$", re.IGNORECASE)
COUNTRY_FILE = re.compile(r"country_codes_(V\w+?)\.csv$", re.IGNORECASE)
PRODUCT_FILE = re.compile(r"product_codes_(HS\d\d)_(V\w+?)\.csv$", re.IGNORECASE)


@dataclass(frozen=True)
class Member:
    """One file of a release: its display name, size in bytes and how to open it."""

    name: str
    size: int
    open: Callable[[], IO[bytes]]
    path: Path | None = None  # set for a plain file on disk (not a zip member)


@dataclass(frozen=True)
class Release:
    """The yearly flow files of a release and its country and product tables (if present)."""

    location: str
    paths: tuple[Path, ...]
    years: tuple[tuple[int, Member], ...]
    countries: Member | None
    products: Member | None
    hs_revision: str | None
    release: str | None
    synthetic: bool = False


def find_release(path: Path) -> Release:
    """Inspect a zip, folder or CSV and return its parts; errors name the file and the problem."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder.", "check the path.")
    if path.is_dir():
        return _from_members(str(path), (path,), [_file_member(p) for p in sorted(path.iterdir()) if p.is_file()])
    if zipfile.is_zipfile(path):
        return _from_zip(path)
    if path.suffix.lower() == ".zip":
        raise InputError(
            f"{path}: not a readable zip file (truncated or damaged).",
            "download it again; `coopscope fetch baci` verifies size and checksum.",
        )
    return _from_members(str(path), (path,), [_file_member(path)], single=True)


def _file_member(path: Path) -> Member:
    return Member(str(path), path.stat().st_size, lambda: open(path, "rb"), path)


def _from_zip(path: Path) -> Release:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable zip file ({exc}).", "download it again.") from exc
    members = [
        Member(f"{path.name}:{i.filename}", i.file_size, _zip_opener(path, i.filename)) for i in infos if not i.is_dir()
    ]
    return _from_members(str(path), (path,), members)


def _zip_opener(path: Path, name: str) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        archive = zipfile.ZipFile(path)
        return io.BufferedReader(archive.open(name), buffer_size=1 << 20)  # type: ignore[arg-type,type-var]

    return opener


def _from_members(location: str, paths: tuple[Path, ...], members: list[Member], single: bool = False) -> Release:
    years, revisions, releases = [], set(), set()
    countries = products = None
    synthetic = False
    for m in members:
        base = Path(m.name.split(":")[-1]).name
        synthetic = synthetic or base.upper().startswith("SYNTHETIC")
        if match := YEAR_FILE.search(base):
            years.append((int(match.group(2)), m))
            revisions.add(match.group(1).upper())
            releases.add(match.group(3))
        elif COUNTRY_FILE.search(base):
            countries = m
        elif PRODUCT_FILE.search(base):
            products = m
    if single and not years:
        years = [(0, members[0])]
    # a file taken out of a synthetic release keeps its mark through the marker beside it
    synthetic = synthetic or any((p.parent / "SYNTHETIC_README.txt").exists() for p in paths if p.is_file())
    if not years:
        raise InputError(
            f"{location}: no BACI yearly file (BACI_HSxx_Yyyyy_Vxxx.csv) found.",
            "pass a BACI release zip, its folder, or a yearly CSV.",
        )
    _check_one_file_per_year(location, years, releases)
    if len(revisions) > 1:
        raise InputError(
            f"{location}: files of several HS revisions ({', '.join(sorted(revisions))}).",
            "ingest one revision at a time.",
        )
    return Release(
        location,
        paths,
        tuple(sorted(years, key=lambda y: y[0])),
        countries,
        products,
        next(iter(revisions), None),
        next(iter(releases), None),
        synthetic,
    )


def _check_one_file_per_year(location: str, years: list[tuple[int, Member]], releases: set[str]) -> None:
    """One release, one file per year.

    Two files of a year (two releases, a repeated zip member, a copy in a subfolder) would count
    its flows twice.
    """
    if len(releases) > 1:
        raise InputError(
            f"{location}: files of several BACI releases ({', '.join(sorted(releases))}).",
            "keep one release per folder or zip; ingest another release with --replace.",
        )
    seen: dict[int, str] = {}
    for year, member in years:
        if year in seen:
            raise InputError(
                f"{location}: two files for {year} ({seen[year]} and {member.name}); its flows would count twice.",
                "keep one file per year (remove the copy, or the other release).",
            )
        seen[year] = member.name
