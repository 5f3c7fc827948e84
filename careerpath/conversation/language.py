"""Which language a conversation is in (English or Hindi), and when it changes.

One language per conversation, kept in the ``language`` slot. It is chosen, in this order:

1. The student asks for one ("Hindi mein baat karo", "हिंदी में बताइए", "reply in English",
   "English please", the greeting's language buttons). An explicit request always wins.
2. The student writes in Devanagari: the conversation turns Hindi. The other way round is
   not automatic: an English message inside a Hindi conversation is common (job titles,
   "Excel", a quick "ok"), so it does not flip the language back; asking does.
3. At the very start (no language yet), what the channel tells us: Telegram's
   ``language_code`` or the widget's ``lang`` (the page's language), sent as message
   metadata under ``language_code`` / ``lang``.
4. Otherwise the language stays what it was, English for a new conversation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ENGLISH = "en"
HINDI = "hi"
LANGUAGES = (ENGLISH, HINDI)
DEFAULT = ENGLISH

# Names of each language as students write them, in Latin and Devanagari letters.
_HINDI_NAMES = r"(?:hindi|hindee|hindhi|हिंदी|हिन्दी)"
_ENGLISH_NAMES = r"(?:english|inglish|angrezi|angreji|angrezee|अंग्रेज़ी|अंग्रेजी|इंग्लिश)"
# Words that make "<language> ..." a request about how to talk, not a question about it.
_TALK_WORDS = (
    r"(?:mein|me|main|mai|mei|में|please|pls|plz|only|bolo|boliye|baat|batao|bataiye|"
    r"karo|kariye|kijiye|करो|करें|कीजिए|बताओ|बताइए|बोलो|बोलिए|बात|chahiye|चाहिए|ok|okay)"
)
_ASK_FOR = (
    r"(?:in|into|to|switch(?:\s+to)?|change(?:\s+to)?|reply(?:\s+in)?|answer(?:\s+in)?|"
    r"speak(?:\s+in)?|talk(?:\s+in)?|use|language)"
)


def _request(names: str) -> re.Pattern:
    """A request for one language: the name alone, with a talk word, or after 'in'/'switch to'."""
    return re.compile(
        rf"^\W*(?:"
        rf"{names}\W*"  # just the name, e.g. the button "हिन्दी" or "English"
        rf"|(?:.*\b)?{_ASK_FOR}\s+{names}\b.*"  # "reply in English", "switch to hindi"
        rf"|(?:.*\s)?{names}\s+{_TALK_WORDS}(?:\s.*)?"  # "Hindi mein baat karo", "English please"
        rf")$",
        re.IGNORECASE,
    )


_HINDI_REQUEST = _request(_HINDI_NAMES)
_ENGLISH_REQUEST = _request(_ENGLISH_NAMES)
# Questions *about* a language as a skill ("is english needed for BPO?") are not requests.
_ABOUT_THE_LANGUAGE = re.compile(
    r"\b(?:need|needed|required|require|zaroori|zaruri|speaking|spoken|fluent|skill|skills|"
    r"weak|good at|achhi|acchi|kamzor|ज़रूरी|जरूरी|कमजोर)\b",
    re.IGNORECASE,
)
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_LATIN = re.compile(r"[A-Za-z]")
# Tokens in Latin letters inside a Hindi sentence that do not make it English.
_HINDI_SCRIPT_SHARE = 0.5


def normalise(code: str | None) -> str | None:
    """ "hi-IN" -> "hi"; anything that is not one of our languages -> None."""
    if not code or not isinstance(code, str):
        return None
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in LANGUAGES else None


def requested_language(message: str | None) -> str | None:
    """The language the message explicitly asks for, or None."""
    if not message:
        return None
    text = message.strip()
    if len(text) > 80 or _ABOUT_THE_LANGUAGE.search(text):
        return None
    if _HINDI_REQUEST.match(text):
        return HINDI
    if _ENGLISH_REQUEST.match(text):
        return ENGLISH
    return None


def is_devanagari(message: str | None) -> bool:
    """True when most letters of the message are Devanagari."""
    if not message:
        return False
    devanagari = len(_DEVANAGARI.findall(message))
    latin = len(_LATIN.findall(message))
    return devanagari >= 2 and devanagari >= _HINDI_SCRIPT_SHARE * (devanagari + latin)


def channel_language(metadata: Mapping[str, Any] | None) -> str | None:
    """The language a channel reports for the user: Telegram's language_code, the widget's lang."""
    if not isinstance(metadata, Mapping):
        return None
    telegram = metadata.get("telegram")  # the Telegram channel nests the sender's details
    for source in (metadata, telegram if isinstance(telegram, Mapping) else {}):
        for key in ("language", "lang", "language_code"):
            found = normalise(source.get(key))
            if found:
                return found
    return None


def choose_language(
    current: str | None,
    message: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> str:
    """The conversation's language after this message (see the module's docstring)."""
    asked = requested_language(message)
    if asked:
        return asked
    if is_devanagari(message):
        return HINDI
    known = normalise(current)
    if known:
        return known
    return channel_language(metadata) or DEFAULT
