"""Regenerate the package data in ``coopscope/classify/data`` from the original source files.

Maintainers' tool, not used at run time: ``python -m coopscope.classify.build_data SRC`` where
``SRC/hs`` and ``SRC/tech`` hold the files named in ``data/SOURCES.md``. It copies the small
tables, keeps only the columns the package reads from the larger ones, and converts the UNSD
HS→BEC Rev.5 workbook (sheets ``HS12BEC5`` and ``HS17BEC5``) to one compact CSV.
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

OUT = Path(__file__).parent / "data"
COPIED = ("hs2022-nomenclature.csv", "hs2022-hs2017-correlation.csv", "hs2022-bec4.csv", "bec4-descriptions.csv")
TRIMMED = {
    "hs2022-hs1992.csv": ("HS6_6d", "HS0_6d"),
    "hs2022-hs2012.csv": ("HS6_6d", "HS4_6d"),
    "hs-isic4.csv": ("HS_6d", "ISIC4_4d"),
}
BEC5_COLUMNS = {
    "HS6": "hs6", "HS6Desc": "description", "BEC5Code1": "bec5_code", "BEC5Code2": "bec5_code2",
    "BEC5EndUse": "end_use", "BEC5Processing": "processing", "BEC5Specification": "specification",
    "BEC5Durability": "durability", "i4": "isic4", "BEC4Code": "bec4_code", "BEC4ENDUSE": "bec4_end_use",
}  # fmt: skip


def convert_bec5(xlsx: Path, out: Path) -> int:
    """Write sheets HS12BEC5 and HS17BEC5 of the UNSD workbook as one CSV; returns the row count.

    Output columns: hs_revision (HS12/HS17) then the BEC5_COLUMNS names; ISIC Rev.4 descriptions
    go to ``isic4-descriptions.csv`` (isic4, description).
    """
    import openpyxl

    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows: list[list[str]] = []
    isic: dict[str, str] = {}
    for sheet, revision in (("HS12BEC5", "HS12"), ("HS17BEC5", "HS17")):
        values = book[sheet].iter_rows(values_only=True)
        header = list(next(values))
        for raw in values:
            rec = dict(zip(header, raw, strict=True))
            rows.append([revision, *[_text(rec[k]) for k in BEC5_COLUMNS]])
            isic.setdefault(_text(rec["i4"]), " ".join(_text(rec["i4Desc"]).split()))
    _write(out, ["hs_revision", *BEC5_COLUMNS.values()], rows)
    _write(out.parent / "isic4-descriptions.csv", ["isic4", "description"], sorted(isic.items()))
    return len(rows)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _write(path: Path, header: list[str], rows: Sequence[Sequence[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _trim(src: Path, out: Path, columns: tuple[str, ...]) -> None:
    with open(src, encoding="utf-8-sig", newline="") as handle:
        rows = sorted({tuple(r[c] for c in columns) for r in csv.DictReader(handle)})
    _write(out, list(columns), rows)


def main(argv: list[str]) -> None:
    """Rebuild every generated file from the source folder given as the only argument."""
    src = Path(argv[0])
    for name in COPIED:
        shutil.copyfile(src / "hs" / name, OUT / name)
    shutil.copyfile(src / "hs" / "hs2022-sections.csv", OUT / "hs2022-sections.csv")
    shutil.copyfile(src / "tech" / "oecd-rd-intensity-isic4.csv", OUT / "oecd-rd-intensity-isic4.csv")
    for name, columns in TRIMMED.items():
        _trim(src / "hs" / name, OUT / name, columns)
    print(convert_bec5(src / "hs" / "unsd-hs2012-hs2017-bec5.xlsx", OUT / "unsd-hs-bec5.csv"))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
