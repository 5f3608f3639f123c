"""Message catalogs (gettext through Babel): ``locale/<lang>/LC_MESSAGES/coopscope.po``.

The ``.po`` files are compiled in memory when first used, so a fresh clone needs no compile step.
English is the source language: its messages are the ids themselves.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from coopscope.errors import OptionError

Lang = Literal["en", "ko", "zh"]
LANGS: tuple[Lang, ...] = ("en", "ko", "zh")
DOMAIN = "coopscope"
LOCALE_DIR = Path(__file__).parent / "locale"
BABEL_LOCALES = {"en": "en", "ko": "ko_KR", "zh": "zh_Hans_CN"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it here."""
    return message


def check_lang(lang: str) -> Lang:
    """``lang`` if it is one of :data:`LANGS`, else an OptionError."""
    if lang not in LANGS:
        raise OptionError(f"lang: '{lang}' is not a report language.", f"use one of: {', '.join(LANGS)}.")
    return lang  # type: ignore[return-value]


def po_path(lang: str) -> Path:
    """The ``.po`` file of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang`` (``gettext`` / ``ngettext``); English returns the ids."""
    check_lang(lang)
    path = po_path(lang)
    if lang == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=BABEL_LOCALES[lang], domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext_for(lang: str):  # type: ignore[no-untyped-def]
    """The ``gettext`` function of ``lang``."""
    return translator(lang).gettext
