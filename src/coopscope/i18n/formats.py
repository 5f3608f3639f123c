"""Numbers, money, percentages and dates per locale (CLDR through Babel), and statements in a language.

Money is US dollars in the locale's compact form: ``US$1.2B`` (en), ``12.3억 달러`` (ko),
``12.3亿美元`` (zh). A statement's arguments are formatted by their names (:func:`format_arg`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from babel.dates import format_date as babel_date
from babel.numbers import format_compact_decimal, format_decimal
from babel.numbers import format_percent as babel_percent

from coopscope.i18n.catalog import BABEL_LOCALES, check_lang, translator
from coopscope.i18n.names import area_name, country_name, group_name, product_name, rule_name

MISSING = "–"
COUNTRY_ARGS = {"a", "b", "country", "supplier", "importer", "replaced", "top", "top_a", "top_b"}
COUNTRY_LIST_ARGS = {"group", "region", "countries"}
RULE_ARGS = {"rule", "rule_a", "rule_b", "rule_c", "rule_d"}
TRANSLATED_ARGS = {"verdict", "reason"}


def _locale(lang: str) -> str:
    return BABEL_LOCALES[check_lang(lang)]


def format_number(value: float | None, lang: str = "en", digits: int = 0) -> str:
    """A number with the locale's grouping and ``digits`` decimals."""
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_locale(lang))


def format_money(value: float | None, lang: str = "en") -> str:
    """US dollars in the locale's compact form (module docstring)."""
    if value is None:
        return MISSING
    digits = 1 if abs(value) >= 1000 else 0
    number = format_compact_decimal(value, locale=_locale(lang), fraction_digits=digits)
    if lang == "ko":
        return f"{number} 달러"
    if lang == "zh":
        return f"{number}美元"
    return f"US${number}"


def format_percent(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """A fraction as a percentage (0.123 → 12.3%)."""
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return babel_percent(value, pattern, locale=_locale(lang))


def format_date(value: dt.date, lang: str = "en") -> str:
    """A date in the locale's long form."""
    return babel_date(value, "long", locale=_locale(lang))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at most, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_list(items: Sequence[str], lang: str = "en") -> str:
    """Items joined the way the language lists them."""
    return ("、" if lang in ("zh",) else ", ").join(items)


def format_arg(name: str, value: Any, lang: str = "en") -> str:
    """One statement argument, formatted by its name (countries, rules, money, shares, indices …)."""
    if value is None:
        return MISSING
    if name in COUNTRY_ARGS:
        return country_name(str(value), lang)
    if name in COUNTRY_LIST_ARGS or name == "years":
        items = [str(v) if name == "years" else country_name(str(v), lang) for v in value]
        return join_list(items, lang)
    return _format_other(name, value, lang)


def _format_other(name: str, value: Any, lang: str) -> str:
    if name in RULE_ARGS:
        return rule_name(str(value), lang)
    if name in TRANSLATED_ARGS:
        return translator(lang).gettext(str(value))
    if name == "group_name":
        return group_name(str(value), lang)
    if name == "area":
        return area_name(str(value), lang)
    if name == "product":
        return shorten(f"{value} {product_name(str(value), lang)}".strip(), 100)
    if name.startswith("year"):
        return str(value)
    return _format_number_arg(name, value, lang)


def _format_number_arg(name: str, value: Any, lang: str) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if name.endswith("_usd"):
        return format_money(float(value), lang)
    if name.endswith("share"):
        return format_percent(float(value), lang)
    if name == "n" or name.startswith("n_") or name.endswith("_n") or isinstance(value, int):
        return format_number(value, lang)
    return format_number(float(value), lang, 2 if abs(value) < 10 else 1)


def format_statement(statement: Any, lang: str = "en") -> str:
    """A :class:`~coopscope.evidence.model.Statement` translated and filled in for ``lang``."""
    template = translator(check_lang(lang)).gettext(statement.key)
    args = {k: format_arg(k, v, lang) for k, v in statement.args.items()}
    try:
        text = template.format(**args)
    except (KeyError, IndexError, ValueError):  # a broken translation falls back to English
        return statement.key.format(**args)
    if lang == "ko":
        names = [args[k] for k in statement.args if k in COUNTRY_ARGS or k in RULE_ARGS or k in ("name_a", "name_b")]
        return korean_particles(text, names)
    return text


PARTICLES = (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"))


def korean_particles(text: str, names: Sequence[str]) -> str:
    """Korean particles after each of ``names`` chosen by its last syllable (대한민국은, 중국은, 일본과 …).

    Catalog texts write the form for a vowel ending (는, 가, 를, 와); a name ending in a final
    consonant takes the other form.
    """
    for name in sorted(set(names), key=len, reverse=True):
        if not name or not _has_final_consonant(_spoken_end(name)):
            continue
        for consonant, vowel in PARTICLES:
            text = text.replace(name + vowel, name + consonant)
    return text


# Read aloud in Korean, these digits (영 일 삼 육 칠 팔) and letters (엘 엠 엔 알) end in a consonant.
CONSONANT_ENDINGS = set("013678LMNRlmnr")


def _spoken_end(name: str) -> str:
    """The character a particle follows: the last one before a trailing parenthesis (홍콩(중국 …) → 콩)."""
    text = name.rstrip()
    while text.endswith(")") and "(" in text:
        text = text[: text.rindex("(")].rstrip()
    return text[-1] if text else name[-1]


def _has_final_consonant(ch: str) -> bool:
    if ch in CONSONANT_ENDINGS:
        return True
    code = ord(ch) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0
