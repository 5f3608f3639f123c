"""Words of the dashboard in English, Korean and Chinese, and names of countries and products.

UI labels live in :data:`LABELS` (one key, three languages; a test checks every key has all
three). Names of countries, products, AI areas, classes and rules come from :mod:`coopscope.i18n`
(CLDR country names; Korea Customs Service and China Customs product names; the catalogs).
"""

from __future__ import annotations

from coopscope.errors import CoopscopeError
from coopscope.i18n.catalog import N_

LABELS: dict[str, tuple[str, str, str]] = {
    "app": ("coopscope", "coopscope", "coopscope"),
    "overview": ("Pair overview", "국가쌍 개요", "国家对概览"),
    "dependence": ("Dependence explorer", "의존도 탐색", "依赖度浏览"),
    "product": ("Product", "품목", "产品"),
    "complexity": ("Complement, compete and complexity", "보완·경쟁과 복잡도", "互补、竞争与复杂度"),
    "firms": ("Partner firms", "협력 기업", "合作企业"),
    "methods": ("Methods and sources", "방법과 출처", "方法与来源"),
    "synthetic": (
        "SYNTHETIC DATA: every figure here is made up by the synthetic world generator; do not cite it.",
        "합성 데이터: 여기의 모든 수치는 합성 세계 생성기가 만든 것입니다. 인용하지 마십시오.",
        "合成数据：此处所有数字均由合成世界生成器产生，请勿引用。",
    ),
    "language": ("Language", "언어", "语言"),
    "apply": ("Apply", "적용", "应用"),
    "year": ("Year", "연도", "年份"),
    "from": ("From", "시작", "起始"),
    "to": ("To", "끝", "截止"),
    "country": ("Country", "국가", "国家"),
    "country_a": ("Country A", "국가 A", "国家 A"),
    "country_b": ("Country B", "국가 B", "国家 B"),
    "importer": ("Importer", "수입국", "进口国"),
    "both": ("both side by side", "양국 나란히", "两国并列"),
    "rule": ("Rule", "기준", "标准"),
    "all_rules": ("all rules side by side", "모든 기준 나란히", "所有标准并列"),
    "suppliers": ("Supplier group", "공급국 그룹", "供应国组"),
    "mpe_class": ("Class (materials/parts/equipment)", "소부장 분류", "材料/零部件/设备分类"),
    "area": ("AI area", "AI 분야", "AI 领域"),
    "tech_class": ("Technology class", "기술 분류", "技术分类"),
    "any": ("any", "전체", "全部"),
    "search": ("Product code starts with", "품목 코드 시작", "产品代码开头"),
    "only_dependent": ("dependent only", "의존 품목만", "仅依赖产品"),
    "download": ("Download", "내려받기", "下载"),
    "rows": ("rows", "행", "行"),
    "page": ("Page", "페이지", "页"),
    "next": ("Next", "다음", "下一页"),
    "previous": ("Previous", "이전", "上一页"),
    "trend": ("Dependent products over time", "연도별 의존 품목", "依赖产品的历年变化"),
    "products": ("Products", "품목", "产品"),
    "n_products": ("Number of products", "품목 수", "产品数"),
    "value": ("Value (USD)", "금액(USD)", "金额（美元）"),
    "names": ("Names", "명칭", "名称"),
    "classes": ("Classes and AI areas", "분류와 AI 분야", "分类与 AI 领域"),
    "reason": ("Reason", "근거", "依据"),
    "suppliers_over_time": ("Suppliers over time", "연도별 공급국", "历年供应国"),
    "world_exporters": ("The world's exporters", "세계 수출국", "全球出口国"),
    "flags": ("Flags by every rule", "기준별 판정", "各标准判定"),
    "substitution": ("Substitution evidence", "대체 가능성 근거", "替代证据"),
    "key_findings": ("Key findings", "주요 결과", "主要发现"),
    "pair_classes": ("Products by cooperation class", "협력 유형별 품목", "按合作类型的产品"),
    "dependence_trend": ("Dependence over time", "연도별 의존도", "历年依赖度"),
    "supplier_shares": ("Largest suppliers", "주요 공급국", "主要供应国"),
    "indicators": (
        "TCI, ESI, GL and TII by class and area",
        "분류·분야별 TCI, ESI, GL, TII",
        "按分类和领域的 TCI、ESI、GL、TII",
    ),
    "eci": ("Economic complexity over time", "연도별 경제복잡도", "历年经济复杂度"),
    "area_products": (
        "RCA, PCI and density for the products of an area",
        "분야 품목의 RCA, PCI, 밀도",
        "领域产品的 RCA、PCI 与密度",
    ),
    "group": ("Class or area", "분류 또는 분야", "分类或领域"),
    "indicator": ("Indicator", "지표", "指标"),
    "matches": ("Firm matches", "기업 매칭", "企业匹配"),
    "size_class": ("Size class", "규모", "规模"),
    "min_tech": ("Minimum technology score", "최소 기술 점수", "最低技术分"),
    "no_firms": ("This store holds no firm tables.", "이 저장소에는 기업 자료가 없습니다.", "此数据库没有企业数据。"),
    "definitions": ("Definitions and thresholds", "정의와 기준값", "定义与阈值"),
    "provenance": ("Store provenance", "저장소 출처", "数据库来源"),
    "citations": ("Citations", "인용", "引文"),
    "notes": ("Notes", "참고", "说明"),
    "sort": ("Sort by", "정렬", "排序"),
    "none": ("none", "없음", "无"),
}
LANG_INDEX = {"en": 0, "ko": 1, "zh": 2}
LANG_NAMES = {"en": "English", "ko": "한국어", "zh": "中文"}


def translator(lang: str) -> dict[str, str]:
    """The labels of one language as a dict (key -> text)."""
    i = LANG_INDEX[lang]
    return {key: values[i] for key, values in LABELS.items()}


def country(iso3: str, lang: str) -> str:
    """A country's name in ``lang`` (CLDR, :func:`coopscope.i18n.country_name`); blocs and unknown codes as they are."""
    from coopscope.i18n import country_name

    try:
        return country_name(iso3, lang) or iso3
    except CoopscopeError:
        return iso3


def product_names(hs6: str, revision: str) -> dict[str, str]:
    """The product's name in en, ko and zh ('' where a nomenclature lacks it; :func:`coopscope.i18n.product_name`)."""
    from coopscope.i18n import product_name as named

    return {lang: named(hs6, lang, revision=revision) for lang in LANG_INDEX}


def product_name(hs6: str, revision: str, lang: str) -> str:
    """The product's name in ``lang``, falling back to English."""
    names = product_names(hs6, revision)
    return names[lang] or names["en"]


def area(area_id: str, lang: str) -> str:
    """An AI area's name in ``lang``."""
    from coopscope.i18n import area_name

    return area_name(area_id, lang)


def product_class(name: str, lang: str) -> str:
    """A materials/parts/equipment or technology class in ``lang``."""
    from coopscope.i18n import class_name

    return class_name(name, lang)


def rule(name: str, lang: str) -> str:
    """A dependence rule's name in ``lang``."""
    from coopscope.i18n import rule_name

    return rule_name(name, lang)


# Column headers and cell values of the dashboard's tables. Headers the brief shares come from
# coopscope.report.labels (one translation for both); these are the dashboard's own, with their
# Korean and Chinese in the message catalogs (coopscope/i18n/locale).
WEB_HEADERS = {
    "importer": N_("Importer"),
    "exporter": N_("Exporter"),
    "hhi": N_("Import concentration (HHI)"),
    "eu2021": N_("EU 2021 flag"),
    "geodep": N_("GeoDep flag"),
    "kita_band": N_("KITA band"),
    "kiet_class": N_("KIET class"),
    "tech_class": N_("Technology class"),
    "ai_areas": N_("AI areas"),
    "n_suppliers": N_("Suppliers"),
    "share": N_("Share (%)"),
    "trend": N_("Trend"),
    "rca": N_("Revealed comparative advantage (RCA)"),
    "pci": N_("Product complexity (PCI)"),
    "pci_mean": N_("Mean product complexity"),
    "density": N_("Density"),
    "cog": N_("Opportunity gain (COG)"),
    "m": N_("Exported with an RCA of at least 1"),
    "eci": N_("Economic complexity (ECI)"),
    "diversity": N_("Diversity"),
    "tci_a_to_b": N_("Complementarity {a}→{b} (0–100)"),
    "tci_b_to_a": N_("Complementarity {b}→{a} (0–100)"),
    "esi_world": N_("Export similarity (0–100)"),
    "gl_bilateral": N_("Grubel–Lloyd index"),
    "tii_a_to_b": N_("Trade intensity {a}→{b}"),
    "tii_b_to_a": N_("Trade intensity {b}→{a}"),
    "direction": N_("Direction"),
    "pair_class": N_("Pair class"),
    "size_a": N_("Size of the firm in {a}"),
    "size_b": N_("Size of the firm in {b}"),
    "tech_score_a": N_("Technology score of the firm in {a}"),
    "tech_score_b": N_("Technology score of the firm in {b}"),
    "score": N_("Score (0–1)"),
    "product_fit": N_("Product fit"),
    "built_at": N_("Built at"),
    "table": N_("Table"),
    "rows": N_("Rows"),
    "setting": N_("Setting"),
    "source_id": N_("Source id"),
    "ingested_at": N_("Ingested at"),
    "hs_revision": N_("HS revision"),
    "synthetic": N_("Synthetic data"),
    "name": N_("Name"),
    "definition": N_("Definition"),
}
VALUE_NAMES = {
    "tech_class": {
        "high": N_("High technology"),
        "medium-high": N_("Medium-high technology"),
        "medium": N_("Medium technology"),
        "medium-low": N_("Medium-low technology"),
        "low": N_("Low technology"),
        "unclassified": N_("Other goods"),
    },
    "kiet_class": {"watch": N_("KIET: watch"), "vulnerable": N_("KIET: vulnerable")},
    "size": {
        "large": N_("Large firm"),
        "medium": N_("Medium-sized firm"),
        "small": N_("Small firm"),
        "micro": N_("Micro firm"),
    },
}
VALUE_COLUMNS = {"size_a": "size", "size_b": "size"}


def column(name: str, lang: str, a: str = "", b: str = "") -> str:
    """A table column's header in ``lang`` (partners' names filled in); the column id when none is known."""
    from coopscope.report.labels import HEADERS, header

    if name in WEB_HEADERS:
        text = _gettext(WEB_HEADERS[name], lang)
        return text.format(a=country(a, lang) if a else "A", b=country(b, lang) if b else "B")
    return header(name, lang, a or "A", b or "B") if name in HEADERS else name


def value(col: str, raw: object, lang: str) -> str | None:
    """A cell's value as a name in ``lang`` (classes, AI areas, rules, KIET classes, firm sizes), else None."""
    if not isinstance(raw, str) or not raw:
        return None
    if col == "reason_items":  # a firm pair's reasons, kept as data, told in the reader's language
        from coopscope.report.labels import reasons_text

        return reasons_text(raw, lang, "HS22")
    kind = VALUE_COLUMNS.get(col, col)
    if kind in VALUE_NAMES:
        known = VALUE_NAMES[kind].get(raw)
        return _gettext(known, lang) if known else None
    if kind == "mpe_class":
        return product_class(raw, lang)
    if kind in ("ai_areas", "area"):
        return ", ".join(area(x.strip(), lang) for x in raw.replace(";", ",").split(",") if x.strip())
    if kind == "rule":
        return rule(raw, lang)
    if kind == "group" and raw.startswith("tech:"):
        return value("tech_class", raw[5:], lang)
    if kind == "group":
        from coopscope.i18n import group_name

        return group_name(raw, lang)
    return None


def _gettext(message: str, lang: str) -> str:
    from coopscope.i18n import translator as catalog

    return str(catalog(lang).gettext(message))


def series(col: str, raw: object, lang: str) -> object:
    """A chart series' label in ``lang``: countries, rules, groups and classes by name, others as they are."""
    if col in ("country", "importer", "exporter") and isinstance(raw, str) and len(raw) == 3 and raw.isupper():
        return country(raw, lang)
    return value(col, raw, lang) or raw
