"""The Excel workbook rendered from the :class:`~coopscope.evidence.Cooperation` model (xlsxwriter).

A README sheet, then one sheet per section: the section's finding, its statements and the same
views as the brief, with human headers, US$ with thousands separators, shares as %, native
charts, and print setup (A4 landscape, one page wide and tall, repeated title rows, print area)
so the whole workbook prints in a few pages. Text cells are always written as text.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from coopscope.evidence import SECTION_NAMES, Cooperation
from coopscope.i18n import EXCEL_FONT, N_, country_name, format_statement, translator
from coopscope.report.cells import new_workbook
from coopscope.report.labels import SECTION_TITLES, column_kind, display, header
from coopscope.report.views import View, section_views

NUMBER_FORMATS = {"money": '"US$"#,##0', "percent": "0.0%", "index": "0.00", "count": "#,##0", "year": "0"}
SHEET_NAMES = {
    "dependence": N_("1 Dependence"),
    "rules": N_("2 Rules"),
    "shared": N_("3 Shared"),
    "robustness": N_("3a Robustness"),
    "whatif": N_("3b What-if"),
    "substitution": N_("4 Substitution"),
    "balance": N_("5 Balance"),
    "opportunities": N_("5a Opportunities"),
    "firms": N_("6 Firms"),
    "methods": N_("7 Methods"),
}
MAX_VIEW_ROWS = 12
TEXT_WIDTH = 110


def text_width(text: str) -> int:
    """Display width of ``text`` in Excel character units (wide East Asian characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text(value: str) -> str:
    # Values are written with write_string, so a leading = + - @ tab or CR never becomes a formula.
    return value


class _Sheet:
    """One section sheet being written: the next free row and the widest value per column."""

    def __init__(self, book: Workbook, sheet: Worksheet, styles: dict[str, Any]) -> None:
        self.book, self.sheet, self.styles, self.row = book, sheet, styles, 0
        self.widths: dict[int, int] = {}

    def line(self, text: str, style: str = "wrap", height: float | None = None) -> None:
        self.sheet.merge_range(self.row, 0, self.row, 7, "", self.styles[style])
        self.sheet.write_string(self.row, 0, _text(text), self.styles[style])
        lines = max(1, text_width(text) // TEXT_WIDTH + 1)
        self.sheet.set_row(self.row, height or 15 * lines)
        self.row += 1

    def cell(self, col: int, value: Any, kind: str, display_text: str) -> None:
        if value is None or value == "":
            self.sheet.write_blank(self.row, col, None, self.styles["cell"])
        elif kind in NUMBER_FORMATS and isinstance(value, int | float) and not isinstance(value, bool):
            self.sheet.write_number(self.row, col, float(value), self.styles[kind])
            self.widths[col] = max(self.widths.get(col, 0), len(f"{value:,.0f}") + 5)
        else:
            self.sheet.write_string(self.row, col, _text(display_text), self.styles["cell"])
            self.widths[col] = max(self.widths.get(col, 0), min(text_width(display_text), 60))


def _styles(book: Workbook) -> dict[str, Any]:
    base = {"border": 1, "valign": "top"}
    out = {k: book.add_format({**base, "num_format": f}) for k, f in NUMBER_FORMATS.items()}
    out["cell"] = book.add_format({**base, "text_wrap": True})
    out["head"] = book.add_format({**base, "bold": True, "bg_color": "#DDE6F0", "text_wrap": True})
    out["title"] = book.add_format({"bold": True, "font_size": 14})
    out["headline"] = book.add_format({"bold": True, "font_size": 11, "text_wrap": True, "valign": "top"})
    out["wrap"] = book.add_format({"text_wrap": True, "valign": "top"})
    out["caption"] = book.add_format({"bold": True, "font_color": "#1F5FA8"})
    out["warn"] = book.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
    return out


def write_view(s: _Sheet, c: Cooperation, view: View, lang: str) -> tuple[int, int]:
    """One view as a table block; returns its first and last data rows."""
    t = translator(lang).gettext
    names = {"a": country_name(c.a, lang), "b": country_name(c.b, lang)}
    s.row += 1
    s.sheet.write_string(s.row, 0, t(view.title).format(**names), s.styles["caption"])
    s.row += 1
    for j, column in enumerate(view.columns):
        s.sheet.write_string(s.row, j, header(column, lang, c.a, c.b), s.styles["head"])
    s.sheet.set_row(s.row, 30)
    first = s.row + 1
    for row in view.rows[:MAX_VIEW_ROWS]:
        s.row += 1
        for j, (column, value) in enumerate(zip(view.columns, row, strict=True)):
            kind = column_kind(column)
            s.cell(j, value, kind, display(column, value, lang, revision=c.hs_revision or "HS22"))
    s.row += 1
    return first, s.row - 1


def write_section(book: Workbook, c: Cooperation, name: str, lang: str, styles: dict[str, Any]) -> None:
    """One section sheet: title, finding, statements, views, notes, chart and print setup."""
    t = translator(lang).gettext
    sheet = book.add_worksheet(_sheet_name(t(SHEET_NAMES[name])))
    s = _Sheet(book, sheet, styles)
    section = c.section(name)
    s.line(t(SECTION_TITLES[name]), "title", 20)
    s.line(format_statement(section.headline, lang), "headline")
    for statement in section.statements:
        s.line("• " + format_statement(statement, lang))
    blocks = [(view, *write_view(s, c, view, lang)) for view in section_views(c, name)]
    for note in section.notes:
        s.line(format_statement(note, lang))
    _chart(book, s, c, name, blocks, lang)
    _finish(s)


def _sheet_name(text: str) -> str:
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]


def _chart(
    book: Workbook, s: _Sheet, c: Cooperation, name: str, blocks: list[tuple[View, int, int]], lang: str
) -> None:
    """A native chart of the section's first view, beside the tables (sections 1, 2 and 5)."""
    spec = {
        "dependence": (0, ("group_share_a", "group_share_b"), 4),
        "rules": (1, ("n_products_a", "n_products_b"), 4),
        "balance": (0, ("complementary_usd", "competing_usd"), None),
    }.get(name)
    if spec is None or not blocks:
        return
    index, columns, first_rows = spec
    view, first, last = blocks[index]
    if name == "balance":
        first = first + len([r for r in view.rows if not str(r[0]).startswith("ai:")])
    last = min(last, first + first_rows - 1) if first_rows else last
    if last < first:
        return
    chart = book.add_chart({"type": "bar" if name == "balance" else "column"})
    for k, column in enumerate(columns):
        j = view.columns.index(column)
        chart.add_series(
            {
                "name": header(column, lang, c.a, c.b),
                "categories": [s.sheet.name, first, 0, last, 0],
                "values": [s.sheet.name, first, j, last, j],
                "fill": {"color": ("#1F5FA8", "#D9822B")[k]},
            }
        )
    chart.set_title({"name": translator(lang).gettext(view.title).format(a=c.a, b=c.b), "name_font": {"size": 10}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 260})
    s.sheet.insert_chart(2, 9, chart)  # right of the merged text lines (columns A–H)


def _finish(s: _Sheet) -> None:
    for col, width in s.widths.items():
        s.sheet.set_column(col, col, max(9, min(width + 2, 48)))
    s.sheet.set_landscape()
    s.sheet.set_paper(9)
    s.sheet.fit_to_pages(1, 1)
    s.sheet.repeat_rows(0, 1)
    s.sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    s.sheet.print_area(0, 0, max(s.row, 1), max(max(s.widths, default=7), 7) + 9)
    s.sheet.hide_gridlines(0)


def write_readme(book: Workbook, c: Cooperation, lang: str, styles: dict[str, Any]) -> None:
    """The README sheet: what the workbook covers, the synthetic warning, the key findings, the sheets."""
    t = translator(lang).gettext
    s = _Sheet(book, book.add_worksheet("README"), styles)
    s.sheet.set_column(0, 7, 16)
    years = f"{c.years[0]}–{c.year}" if len(c.years) > 1 else str(c.year)
    names = {"a": country_name(c.a, lang), "b": country_name(c.b, lang)}
    s.line(t("Cooperation evidence: {a} and {b}, {years}").format(**names, years=years), "title", 22)
    if c.synthetic:
        from coopscope.report.brief import SYNTHETIC_BANNER

        s.line(t(SYNTHETIC_BANNER), "warn")
    s.line(t("Key findings"), "caption")
    for name in SECTION_NAMES:
        s.line(f"{t(SECTION_TITLES[name])}: {format_statement(c.section(name).headline, lang)}")
    s.line(t("Money in US dollars; shares as percentages; every threshold on the sheet 7 Methods."))
    s.widths = {j: 14 for j in range(8)}
    _finish(s)


def write_workbook(path: Path, c: Cooperation, lang: str = "en") -> Path:
    """Write the workbook of ``c`` in ``lang`` to ``path`` (the caller writes to a staging folder and moves it)."""
    font = {"font_name": EXCEL_FONT[lang], "font_size": 10}
    book = new_workbook(path, default_format_properties=font)  # strings never become formulas or links
    styles = _styles(book)
    write_readme(book, c, lang, styles)
    for name in SECTION_NAMES:
        write_section(book, c, name, lang, styles)
    book.close()
    return path
