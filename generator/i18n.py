"""The interface's words in each edition's language, from gettext catalogues.

Indonesian is the source language: every message id is the Indonesian text itself, so the Indonesian
edition needs no catalogue and reads exactly as written. Other languages read
``content/locale/<language>/LC_MESSAGES/messages.po``, compiled in memory when a build first asks for
them (no ``.mo`` file is kept in the repository to go stale). The catalogue is Jaring's own, found beside
the package (or in the wheel's defaults), not in the site's folder: the words are the program's.

Maintenance (see README, "Translating"):
    pybabel extract -F content/locale/babel.cfg -k N_ -o content/locale/messages.pot .
    pybabel update -i content/locale/messages.pot -d content/locale
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from . import paths

SOURCE = "id"


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (``fmt.WORDS``); it is translated where it is used."""
    return message


def folder() -> Path:
    """content/locale of a checkout, or of the wheel's defaults."""
    return paths.locale_folder()


def catalogue_path(language: str) -> Path:
    return folder() / language / "LC_MESSAGES" / "messages.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; the source language translates nothing."""
    if language == SOURCE:
        return gettext.NullTranslations()
    path = catalogue_path(language)
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)  # a fuzzy entry is a guess: the id text shows until reviewed
    mo.seek(0)
    return gettext.GNUTranslations(mo)
