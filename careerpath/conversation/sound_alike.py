"""How a word sounds, roughly: so "medikal kodar" finds "Medical Coder".

Students who know a job title by ear write it as it sounds ("telikolar", "deta entri",
"kustamar sapot"), and Devanagari romanised letter by letter comes out the same way
("मेडिकल कोडर" -> "medikal kodar"). Such spellings differ from the English mostly in the
vowels and in letters that sound alike (c/k/q, s/z, v/w, ph/f), so a word is compared by
its consonant skeleton: sound-alike letters made one, doubled letters made one, vowels
dropped (a word starting with a vowel keeps one mark for it: "entry" -> "antr").

:func:`close_spelling` is the plainer test for typos and abbreviations of the same word.

A skeleton says little about a short word ("data" and "date" are both "dt"), so the role
lookup counts such a match only as a near miss, and only for words of four letters or more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# Letter groups that sound alike, replaced in this order ("ch" before "c", "ph" before "h").
_RULES = (
    # "ex" said "egz" and written so in Devanagari: "एग्जीक्यूटिव" -> "egjikyutiv" ~ "executive"
    (re.compile(r"(?<=^[ae])g[jz]"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ch|ck|q|c(?![eiy])"), "k"),
    (re.compile(r"c"), "s"),  # a soft c: "process", "service", "center"
    (re.compile(r"g(?=[ei])"), "j"),  # a soft g: "intelligence" ~ "intelijens"
    (re.compile(r"x"), "ks"),
    (re.compile(r"z"), "s"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(?<=[^aeiouy])h|(?<=.)h"), ""),  # "th", "dh", "kh" and a mid-word h
)
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")
MIN_LETTERS = 4  # shorter words are left to exact and stem matching


@lru_cache(maxsize=8192)
def sound_key(word: str) -> str:
    """The consonant skeleton of a lower-case word ("telecaller", "telikolar" -> "tlklr")."""
    if len(word) < MIN_LETTERS or not word.isalpha() or not word.isascii():
        return ""
    key = word
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    start = "a" if key[0] in "aeiouy" else ""
    key = _DOUBLED.sub(r"\1", _VOWELS.sub("", key))
    return start + key


def sounds_alike(asked_key: str, known_key: str, near: bool = False) -> bool:
    """Same skeleton of three letters or more, or with ``near`` also of two letters, or
    (for skeletons of four letters or more) one letter left out or added: "sapot" (spt) ~
    "support" (sprt). A letter changed is another word
    ("antr" of "entry" is not "antn" of "annotation")."""
    if not asked_key or not known_key:
        return False
    if asked_key == known_key:  # two consonants say little ("chaar" and "checker": kr)
        return len(known_key) >= 3 or (near and len(known_key) == 2)
    if not near:
        return False
    if min(len(asked_key), len(known_key)) < 3 or max(len(asked_key), len(known_key)) < 4:
        return False
    if abs(len(asked_key) - len(known_key)) != 1 or asked_key[0] != known_key[0]:
        return False
    return one_edit(asked_key, known_key)  # lengths differ by one: a letter left out


def words_heard(
    pairs: Sequence[tuple[str, str]],
    asked_sounds: Sequence[str],
    found: set[str],
    distinctive: Sequence[str],
) -> tuple[set[str], set[str]]:
    """Of a phrase's (word, sound key) pairs, the words the message has by sound ("kodar"
    for "coder"), and those it has with a letter left out ("sapot" for "support"), which
    count only beside a distinctive word of the same phrase ``found`` otherwise or by sound:
    alone, "skills" would be "sales"."""
    same = {w for w, key in pairs if any(sounds_alike(a, key) for a in asked_sounds)}
    near: set[str] = set()
    if any(w in found | same for w in distinctive):
        near = {w for w, key in pairs if any(sounds_alike(a, key, True) for a in asked_sounds)}
    return same, near - same


# ---- spelled close: the same word with a typo --------------------------------------------------
def close_spelling(asked: str, known: str) -> bool:
    """Same stem, a typo in a long word, or an abbreviation ("tech" for "technical")."""
    if asked == known:
        return True
    if len(asked) >= 4 and known.startswith(asked) and len(known) - len(asked) <= 6:
        return True
    if min(len(asked), len(known)) < 5 or abs(len(asked) - len(known)) > 1:
        return False
    return one_edit(asked, known)


def one_edit(a: str, b: str) -> bool:
    """One letter changed, added, left out, or two letters swapped."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i:] == b[i + 1 :]
