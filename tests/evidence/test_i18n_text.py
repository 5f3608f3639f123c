"""No English sentence reaches a Korean or Chinese brief or workbook.

The visible text of the brief (HTML text outside style and SVG metadata) and every text cell,
sheet name and chart text of the workbook are scanned for Latin words. Allowed: codes, units and
abbreviations (HS, RCA, HHI …), proper names (institutions, authors, coopscope), words of the
customs nomenclature of that language (the Korean table writes English terms in brackets; the
Chinese one uses units such as mm or kV), URLs, file paths, commands in backticks, code names
with ``_`` or ``.`` in them, version ids with ``/``, release ids, hashes and a word cut by "…".
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from functools import cache
from html.parser import HTMLParser

import openpyxl
import pytest

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
REMOVED = (
    re.compile(r"https?://\S+"),  # URLs
    re.compile(r"`[^`]*`"),  # commands
    re.compile(r"(?<!\S)/\S+"),  # file paths
    re.compile(r"\S*[A-Za-z0-9][._/][A-Za-z0-9]\S*"),  # code names, file names, domains, version ids
    re.compile(r"\b[0-9a-f]{12}…"),  # shortened hashes
    re.compile(r"\b[A-Za-z]+\d[A-Za-z0-9]*"),  # release ids such as V202401b
    re.compile(r"[A-Za-z]+…"),  # a nomenclature word cut short with the name
)
CODES = "HS HS6 MPE RCA ESI TCI GL ISO HHI PCI ECI COG USD US AI SHA KR CN EU UN PB SWD MOTIE CEPII KITA KIET WITS BACI"
# proper names: institutions, methods, authors, sources, the tool and its README sheet
NAMES = (
    "GeoDep Comtrade Michaely Finger Kreinin Balassa Grubel Lloyd Jaccard Lefebvre Wibaux Han Moo-kyung"
    " Ajunews Etoday coopscope README"
)
ALLOWED = {*CODES.split(), *NAMES.split()}


class _Text(HTMLParser):
    """The text a reader sees: no style, script or SVG metadata."""

    HIDDEN = ("style", "script", "metadata")

    def __init__(self) -> None:
        super().__init__()
        self.hidden, self.out = 0, []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.out.append(data.strip())


def html_texts(path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.out


def workbook_texts(path) -> list[str]:
    book = openpyxl.load_workbook(path)
    out = list(book.sheetnames)
    out += [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/"):
                out += re.findall(r"<(?:a:t|c:v)>([^<]*)</(?:a:t|c:v)>", z.read(name).decode("utf-8"))
    return out


@cache
def nomenclature_words(lang: str) -> frozenset[str]:
    """Latin words that the packaged customs nomenclature of ``lang`` itself uses."""
    from coopscope.i18n import names

    tables = [names._korean()] if lang == "ko" else [names._chinese("HS17"), names._chinese("HS22")]
    tables += [names._korean_headings()] if lang == "ko" else []
    return frozenset(w for table in tables for text in table.values() for w in WORD.findall(text))


def english_words(texts: list[str], lang: str) -> Counter[str]:
    """Latin words outside the allow-list (module docstring), counted."""
    found: Counter[str] = Counter()
    for text in texts:
        for pattern in REMOVED:
            text = pattern.sub(" ", text)
        found.update(w for w in WORD.findall(text) if w not in ALLOWED and w not in nomenclature_words(lang))
    return found


def test_the_scan_finds_an_english_sentence():
    texts = ["협력 후보 기업 없음: the store has no firm tables.", "HS6 848610 보울(boule), RCA 1.2, `coopscope demo`"]
    assert set(english_words(texts, "ko")) == {"the", "store", "has", "no", "firm", "tables"}


@pytest.fixture(scope="module")
def reports(cooperation, one_year_store, tmp_path_factory):
    """The ko and zh brief and workbook of the three-year world (with firms) and of a one-year store."""
    from coopscope.evidence import build_cooperation
    from coopscope.report import write_report_files

    one_year = build_cooperation(one_year_store, "KOR", "CHN")
    out = {}
    for name, model in (("world", cooperation), ("one-year", one_year)):
        folder = tmp_path_factory.mktemp(f"text-{name}")
        out |= {(name, lang): write_report_files(model, folder, lang=lang) for lang in ("ko", "zh")}
    return out


@pytest.mark.parametrize("world", ["world", "one-year"])
@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_no_english_sentence_in_the_brief_or_the_workbook(reports, world, lang):
    paths = reports[(world, lang)]
    for texts in (html_texts(paths.html), workbook_texts(paths.workbook)):
        assert len(texts) > 100
        found = english_words(texts, lang)
        shown = [next(t for t in texts if re.search(rf"\b{re.escape(w)}\b", t))[:120] for w, _ in found.most_common(3)]
        assert not found, f"{lang} {world}: English words {found.most_common(10)} in {shown}"


def test_firm_reasons_are_rendered_in_the_reader_language(cooperation):
    from coopscope.i18n import product_name
    from coopscope.i18n.reasons import format_reasons, reasons_from_json

    rows = cooperation.section("firms").table("matches").records()
    assert rows
    items = reasons_from_json(rows[0]["reason_items"])
    assert items[0]["code"].startswith("evidence_")
    assert format_reasons(items, "en", plain=True) == rows[0]["reasons"]  # the CLI/CSV text is the same data
    ko, zh = format_reasons(items, "ko", revision="HS17"), format_reasons(items, "zh", revision="HS17")
    assert ko.startswith("근거: ") and zh.startswith("证据：")
    shared = next((i["products"][0] for i in items if "products" in i), None)
    if shared:  # the product is named in the reader's language where it first appears
        assert product_name(shared, "ko")[:5] in ko and product_name(shared, "zh", revision="HS17")[:4] in zh


def test_notes_of_other_modules_are_catalog_entries():
    from coopscope.evidence.inputs import LENS_NOTE
    from coopscope.i18n import translator
    from coopscope.i18n.notes import NOTES

    assert LENS_NOTE in NOTES
    assert all(translator(lang).gettext(n) != n for n in NOTES for lang in ("ko", "zh"))


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("EU 2021와 KITA (한국무역협회)와", ["EU 2021", "KITA (한국무역협회)"], "EU 2021과 KITA (한국무역협회)와"),
        ("데모 KR-11와 演示 CN-4와", ["데모 KR-11", "演示 CN-4"], "데모 KR-11과 演示 CN-4와"),
        ("홍콩(중국 특별행정구)를", ["홍콩(중국 특별행정구)"], "홍콩(중국 특별행정구)을"),
    ],
)
def test_korean_particles_after_digits_letters_and_parentheses(text, names, expected):
    from coopscope.i18n.formats import korean_particles

    assert korean_particles(text, names) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("import_hhi_min = 0.4; window_years = 3", "en", "import concentration (HHI) above 0.40; window (years) 3"),
        (
            "bands = (0.5, 0.7); min_import_value_usd = 10000000.0",
            "ko",
            "최대 공급국 비중 구간 50%, 70%; 수입액 하한 1000만 달러",
        ),
        ("import_hhi_min = 0.4", "zh", "进口集中度（HHI）下限 0.40"),
    ],
)
def test_thresholds_are_named_and_formatted(text, lang, expected):
    from coopscope.i18n.parameters import thresholds_text

    assert thresholds_text(text, lang) == expected


@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_no_english_word_in_the_charts(cooperation, lang, monkeypatch):
    # The charts draw their text as paths, so the text is read from the figures as they are saved.
    from matplotlib.text import Text

    from coopscope.report import charts

    drawn: list[str] = []
    original = charts.to_svg

    def recording(fig, lang_):
        svg = original(fig, lang_)
        drawn.extend(t.get_text() for t in fig.findobj(Text) if t.get_text().strip())
        return svg

    monkeypatch.setattr(charts, "to_svg", recording)
    assert len(charts.all_charts(cooperation, lang)) == 11  # the eight of issue 14 and three of issue 18
    assert len(drawn) > 50
    found = english_words(drawn, lang)
    assert not found, f"{lang} charts: English words {found.most_common(10)}"
