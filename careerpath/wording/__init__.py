"""Every sentence and button title the bot composes in Python, looked up by a stable key.

``text("intake.skipped")`` returns the text of that key in the conversation's language;
``text(key, lang="hi")`` asks for one language explicitly. A language without a catalog
(``locales/<lang>``), or without a key, gives the English text. Named placeholders are
filled from keyword arguments: ``text("guided.role_chosen", role="Data Analytics")``.
``plural`` picks the singular or plural form for a count.

The conversation's language is set once per turn, not passed through every function:
``with wording.language("hi"): ...`` makes every ``text`` call inside (in this thread or
asyncio task, a ``ContextVar``) answer in Hindi; outside it is English.
Look a text up when it is said, not at import time: a module constant holds one language.

Why gettext ``.po`` files read with Babel, and keys as message ids:
- ``.po`` is the format translators and their tools (Poedit, Weblate, Crowdin, Lokalize)
  already know: one entry per text, a comment for context, fuzzy marks, plural forms
  with each language's own plural rule (the ``Plural-Forms`` line of its file).
- A stable key as ``msgid`` (not the English sentence) means rewording an English text
  does not orphan its translation, and code reads as what the text is for. The English
  catalog is the reference: other languages fall back to it key by key, so a missing
  translation shows English instead of a key or an error.
- Babel is already installed (Rasa depends on it); its ``read_po`` parses the files, so
  no compile step (``.mo``) and no build artefact to keep current.
- Placeholders are ``str.format`` names (``{role}``), never positional, because word
  order differs between languages; tests check that every caller passes exactly the
  names its text uses (tests/test_wording.py).

Rasa-native responses (``utter_*``) stay in domain.yml, where Rasa's conditional
response variations can choose a language.
"""

from __future__ import annotations

import gettext
import string
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

DEFAULT_LANGUAGE = "en"
DOMAIN = "careerpath"
LOCALES = Path(__file__).with_name("locales")

Text = str | tuple[str, ...]  # one text, or the plural forms of one


@dataclass(frozen=True)
class Language:
    """The texts of one language, keyed by message id, and its plural rule."""

    code: str
    texts: dict[str, Text]
    plural_index: Callable[[int], int]


class UnknownKey(KeyError):
    """Code asked for a key the English catalog does not have (a test catches this)."""


_languages: dict[str, Language | None] = {}
_lock = threading.Lock()
_current: ContextVar[str] = ContextVar("careerpath_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _current.get()


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Every lookup inside the ``with`` block uses ``lang`` (None or "": English)."""
    token = _current.set(lang or DEFAULT_LANGUAGE)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def catalog_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_language(lang: str) -> Language | None:
    """The parsed catalog of ``lang`` (cached), or None when there is none."""
    with _lock:
        if lang not in _languages:
            _languages[lang] = _read(lang)
        return _languages[lang]


def _read(lang: str) -> Language | None:
    path = catalog_path(lang)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    texts: dict[str, Text] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        value = (
            tuple(message.string) if isinstance(message.string, (tuple, list)) else message.string
        )
        if value and all(value if isinstance(value, tuple) else (value,)):
            texts[key] = value  # an untranslated (empty) entry falls back to English
    return Language(lang, texts, gettext.c2py(catalog.plural_expr))


def keys() -> Iterator[str]:
    """Every key of the reference (English) catalog."""
    return iter(_english().texts)


def _language_with(key: str, lang: str | None) -> Language:
    """``lang``'s (default: the current language's) catalog when it has ``key``, else English."""
    chosen = load_language(lang or _current.get())
    if chosen is not None and key in chosen.texts:
        return chosen
    english = _english()
    if key not in english.texts:
        raise UnknownKey(key)
    return english


def raw(key: str, lang: str | None = None) -> Text:
    """The unformatted text (or plural forms) of ``key`` in ``lang``, else in English."""
    return _language_with(key, lang).texts[key]


def text(key: str, lang: str | None = None, **params: object) -> str:
    """The text of ``key`` with its ``{placeholders}`` filled from ``params``."""
    value = raw(key, lang)
    if isinstance(value, tuple):
        raise TypeError(f"{key!r} has plural forms: use plural()")
    return value.format(**params)


def plural(key: str, count: float, lang: str | None = None, **params: object) -> str:
    """The form of ``key`` that ``lang``'s plural rule picks for ``count`` ({count} is filled)."""
    language = _language_with(key, lang)
    value = language.texts[key]
    forms = value if isinstance(value, tuple) else (value,)
    # gettext's rules take whole numbers; a fraction ("1.5 years") reads like a plural.
    whole = int(count) if float(count).is_integer() else 2
    form = forms[min(language.plural_index(whole), len(forms) - 1)]
    return form.format(count=count, **params)


def language_name(code: str | None) -> str | None:
    """The name of a conversation language, written in the current language ("Hindi" / "हिन्दी")."""
    return text(f"language.name.{code}") if code in ("en", "hi") else None


def placeholders(value: Text) -> set:
    """The ``{names}`` a text (or any of its plural forms) uses."""
    names = set()
    for form in value if isinstance(value, tuple) else (value,):
        for _, name, _, _ in string.Formatter().parse(form):
            if name is not None:
                names.add(name)
    return names


def _english() -> Language:
    language = load_language(DEFAULT_LANGUAGE)
    if language is None:
        raise FileNotFoundError(catalog_path(DEFAULT_LANGUAGE))
    return language
