"""The message ids used by coopscope's evidence and report code, found with Babel's extractor.

Used to write ``locale/coopscope.pot`` (``python -m coopscope.i18n.extract``) and by the tests
that check every message has a Korean and a Chinese translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parents[1]
FOLDERS = ("evidence", "report", "i18n")
KEYWORDS = {"N_": None, "_": None, "t": None, "gettext": None, "Statement": (1,)}


def extract_messages() -> dict[str, str]:
    """Every message id, with the first place it is used (``folder/file.py:line``)."""
    out: dict[str, str] = {}
    for folder in FOLDERS:
        found = extract_from_dir(PACKAGE / folder, method_map=[("**.py", "python")], keywords=KEYWORDS)
        for filename, line, message, _comments, _context in found:
            if isinstance(message, str) and message:
                out.setdefault(message, f"{folder}/{filename}:{line}")
    return out


def write_template(path: Path) -> int:
    """Write the ``.pot`` template of every message id; returns the number of messages."""
    catalog = Catalog(project="coopscope", charset="utf-8")
    for message, where in sorted(extract_messages().items()):
        catalog.add(message, locations=[(where.split(":")[0], int(where.split(":")[1]))])
    with path.open("wb") as fh:
        write_po(fh, catalog, omit_header=True, sort_output=True)
    return len(catalog)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE / "i18n" / "locale" / "coopscope.pot"
    print(f"{write_template(target)} messages written to {target}")
