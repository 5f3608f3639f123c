"""The terminal table: short columns fitted to the width, numbers with their units (US$ 1.2 bn, 45.3 %)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa

SHARE_WORDS = ("share", "ratio_pct")
ROW_LIMIT = 50


def print_table(table: pa.Table, title: str, note: str, output: Path | None, synthetic: bool) -> None:
    """Print the first rows of ``table`` with its title and notes (to ``output`` when given)."""
    from rich.console import Console
    from rich.table import Table

    file = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    # a terminal gets its own width; a pipe or a file that of $COLUMNS, else 160 characters
    console = Console(file=file, width=None if file is None and sys.stdout.isatty() else _pipe_width())
    rows = [{k: format_cell(k, v) for k, v in r.items()} for r in table.slice(0, ROW_LIMIT).to_pylist()]
    shown, dropped = fit_columns(table, rows, console.width)
    texts = [n for n in shown if _is_text(n)]
    spare = console.width - 1 - sum(shown[n] + 3 for n in shown if n not in texts)
    view = Table(title=title or None)
    for name, need in shown.items():
        text = name in texts
        width = max(12, spare // len(texts) - 3) if text else need
        view.add_column(name.replace("_", "\n"), overflow="ellipsis", no_wrap=True, min_width=None if text else need,
                        max_width=min(width, 60) if text else None,
                        justify="right" if _numeric(table.schema.field(name).type) else "left")  # fmt: skip
    for row in rows:
        view.add_row(*[row[name] for name in shown])
    console.print(view)
    if dropped:
        note = f"{note} Not shown for want of width: {', '.join(dropped)} (--columns to choose).".strip()
    if note:  # below the table at full width (a caption would wrap to the table's width)
        console.print(note, style="bold red" if synthetic else "italic", soft_wrap=True, markup=False)
    if table.num_rows > ROW_LIMIT:
        Console(file=file, stderr=file is None).print(
            f"… {table.num_rows - ROW_LIMIT} more rows; use --format csv for all."
        )
    if file:
        file.close()


def _pipe_width() -> int:
    return shutil.get_terminal_size((160, 24)).columns


def _is_text(name: str) -> bool:
    return name.startswith("description") or name.endswith("reasons") or name == "reason"


def fit_columns(table: pa.Table, rows: list[dict[str, str]], width: int) -> tuple[dict[str, int], list[str]]:
    """The columns that fit in ``width`` characters, in order, with the width each needs.

    Codes and numbers are never cut; text columns count 12 characters here and share what is left.
    """
    shown: dict[str, int] = {}
    used = 1
    for name in table.column_names:
        header = max(len(word) for word in name.split("_"))
        need = max([header] + [_cells(r[name]) for r in rows])
        if used + (min(need, 12) if _is_text(name) else need) + 3 > width and shown:
            break
        shown[name] = need
        used += (min(need, 12) if _is_text(name) else need) + 3
    return shown, [c for c in table.column_names if c not in shown]


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _numeric(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind)


def format_cell(column: str, value: Any) -> str:
    """A value as the terminal shows it: US$ with k/M/bn, shares as %, other numbers to 4 digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, int | float) and column.endswith("_usd"):
        return usd(float(value))
    if isinstance(value, float) and any(w in column for w in SHARE_WORDS):
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, int) and column != "year" and abs(value) >= 1e4:
        return f"{value:,}"
    return str(value)


def usd(value: float) -> str:
    """US dollars with a unit: US$ 1.2 bn, US$ 45.3 M, US$ 12.0 k, US$ 950."""
    for size, unit in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"US$ {value / size:,.1f} {unit}"
    return f"US$ {value:,.0f}"
