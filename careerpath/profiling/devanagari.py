"""Devanagari -> the romanised Hindi people type in Hinglish ("नौकरी" -> "naukri").

Students write Hindi in Devanagari or in Latin letters; the knowledge base's Hindi phrases
are Hinglish. :func:`romanise` brings a Devanagari word onto that vocabulary, so "जल्दी
नौकरी" finds the goal "jaldi naukri" and a Devanagari synonym in the sources matches the
same word typed in a message (both go through ``unify_spelling``).

The letters are mapped onto the OPTITRANS scheme (the closest to informal spelling; the
table below agrees with the ``indic-transliteration`` library's on every word of the
project and on random letter sequences); three things a scheme leaves to the writer are
done here, because Hindi (unlike Sanskrit) does not say them:

* the inherent "a" is dropped where Hindi drops it (schwa deletion: "नौकरी" is "naukri",
  not "naukari"): at the end of a word, and between a vowel and a consonant with a vowel;
* a long "aa" is kept only where Hinglish writes it ("काम" -> "kaam", "चाहिए" -> "chahiye");
* English letters spelled out in Devanagari are read as letters: "एमबीए" -> "mba",
  "बी.ए." -> "b.a.", "बीपीओ" -> "bpo"; "१२वीं" -> "12th".

Only messages that contain Devanagari pay for this, and every word is romanised once per
process.
"""

from __future__ import annotations

import re
from functools import lru_cache

DEVANAGARI_RUN = re.compile("[\u0900-\u097f\u200c\u200d]+")

_VIRAMA = "\u094d"
_NUKTA = "\u093c"
_CANDRA_O = "\u0949"  # ॉ as in "कॉल": romanised like ो
_CANDRA_E = "\u0945"  # ॅ
_SIGNS_AFTER_VOWEL = "\u0900\u0901\u0902\u0903"  # candrabindu, anusvara, visarga
_DIGITS = "०१२३४५६७८९"
# "१२वीं", "12वी", "10वां": an ordinal suffix after a number
_ORDINAL_SUFFIX = re.compile("^(?:वीं|वी|वां|वाँ|वें|वे|वा)$")

# English letter names as Hindi writes them; a word made only of these is an abbreviation.
LETTER_NAMES = {
    "ए": "a",
    "बी": "b",
    "सी": "c",
    "डी": "d",
    "ई": "e",
    "एफ": "f",
    "एफ़": "f",
    "जी": "g",
    "एच": "h",
    "आई": "i",
    "जे": "j",
    "के": "k",
    "एल": "l",
    "एम": "m",
    "एन": "n",
    "ओ": "o",
    "पी": "p",
    "क्यू": "q",
    "आर": "r",
    "एस": "s",
    "टी": "t",
    "यू": "u",
    "वी": "v",
    "डब्ल्यू": "w",
    "एक्स": "x",
    "वाई": "y",
    "ज़ेड": "z",
    "जेड": "z",
}
_LONGEST_NAME = max(len(name) for name in LETTER_NAMES)


def _is_consonant(char: str) -> bool:
    return "\u0915" <= char <= "\u0939" or "\u0958" <= char <= "\u095f"


def _is_vowel_sign(char: str) -> bool:
    return "\u093e" <= char <= "\u094c" or char in "\u0962\u0963"


def _is_independent_vowel(char: str) -> bool:
    return "\u0904" <= char <= "\u0914" or char in "\u0960\u0961"


def _with_schwa_deleted(word: str) -> str:
    """``word`` with a virama wherever spoken Hindi drops the inherent vowel."""
    # Units: [consonant (+ nukta), vowel] where vowel is a sign, "" (virama) or "a" (inherent).
    units: list[list[str]] = []
    index = 0
    while index < len(word):
        char = word[index]
        if _is_consonant(char):
            consonant = char
            index += 1
            if index < len(word) and word[index] == _NUKTA:
                consonant += _NUKTA
                index += 1
            vowel = "a"
            if index < len(word) and (_is_vowel_sign(word[index]) or word[index] == _VIRAMA):
                vowel = "" if word[index] == _VIRAMA else word[index]
                index += 1
            units.append([consonant, vowel, ""])
        elif _is_independent_vowel(char):
            units.append(["", char, ""])
            index += 1
        elif char in _SIGNS_AFTER_VOWEL and units:
            units[-1][2] += char
            index += 1
        else:
            units.append(["", "", char])
            index += 1

    def inherent(unit: list[str]) -> bool:
        return bool(unit[0]) and unit[1] == "a" and not unit[2]

    def voiced(unit: list[str]) -> bool:
        return bool(unit[1])

    last = len(units) - 1
    if last >= 1 and inherent(units[last]):
        units[last][1] = ""
    for position in range(last - 1, 0, -1):
        if (
            inherent(units[position])
            and voiced(units[position - 1])
            and units[position + 1][0]
            and voiced(units[position + 1])
        ):
            units[position][1] = ""
    text = []
    for consonant, vowel, signs in units:
        if consonant:
            text.append(consonant + ("" if vowel == "a" else (vowel or _VIRAMA)))
        else:
            text.append(vowel)
        text.append(signs)
    return "".join(text)


# The letters in the OPTITRANS scheme (the closest to informal spelling, which the fixes
# below bring the rest of the way); a table of our own rather than a transliteration
# library, whose import alone cost a quarter of a second at every start.
_CONSONANTS = {
    "क": "k",
    "ख": "kh",
    "ग": "g",
    "घ": "gh",
    "ङ": "~N",
    "च": "ch",
    "छ": "Ch",
    "ज": "j",
    "झ": "jh",
    "ञ": "~n",
    "ट": "T",
    "ठ": "Th",
    "ड": "D",
    "ढ": "Dh",
    "ण": "N",
    "त": "t",
    "थ": "th",
    "द": "d",
    "ध": "dh",
    "न": "n",
    "प": "p",
    "फ": "ph",
    "ब": "b",
    "भ": "bh",
    "म": "m",
    "य": "y",
    "र": "r",
    "ल": "l",
    "ळ": "L",
    "व": "v",
    "श": "sh",
    "ष": "Sh",
    "स": "s",
    "ह": "h",
    "ऱ": ".Rh",
    "ऴ": ".L",
    # with a nukta, precomposed or not
    "क़": "q",
    "ख़": ".kh",
    "ग़": ".g",
    "ज़": "z",
    "ड़": ".D",
    "ढ़": ".Dh",
    "फ़": "f",
    "य़": "Y",
    "\u0958": "q",
    "\u0959": ".kh",
    "\u095a": ".g",
    "\u095b": "z",
    "\u095c": ".D",
    "\u095d": ".Dh",
    "\u095e": "f",
    "\u095f": "Y",
}
_CONJUNCTS = {"क्ष": "x", "ज्ञ": "jn"}
# ङ and ञ before a consonant of their own row are written as a plain "n" ("पञ्जाब").
_NASAL_ROWS = {"ङ": "कखगघ", "ञ": "चछजझ"}
_VOWEL_SIGNS = {
    "ा": "A",
    "ि": "i",
    "ी": "I",
    "ु": "u",
    "ू": "U",
    "ृ": "R",
    "ॄ": "RR",
    "ॅ": "ea",
    "ॆ": "E",
    "े": "e",
    "ै": "ai",
    "ॉ": "oa",
    "ॊ": "O",
    "ो": "o",
    "ौ": "au",
    "\u0962": "LLi",
    "\u0963": "LLI",
}
_OTHER_LETTERS = {
    "अ": "a",
    "आ": "A",
    "इ": "i",
    "ई": "I",
    "उ": "u",
    "ऊ": "U",
    "ऋ": "R",
    "ॠ": "RR",
    "ऌ": "LLi",
    "ॡ": "LLI",
    "ऍ": "ea",
    "ऎ": "E",
    "ए": "e",
    "ऐ": "ai",
    "ऑ": "oa",
    "ऒ": "O",
    "ओ": "o",
    "औ": "au",
    "ँ": ".N",
    "ं": "M",
    "ः": "H",
    "ऽ": ".a",
    "ॐ": "OM",
    "।": "|",
    "॥": "||",
    _NUKTA: "",
    _VIRAMA: "",
    **_VOWEL_SIGNS,  # a sign with no consonant before it (a typo) reads as its vowel
    **{digit: str(value) for value, digit in enumerate(_DIGITS)},
}


def _letters_in_roman(text: str) -> str:
    """Devanagari letters -> OPTITRANS: a consonant carries "a" unless a vowel sign or a
    virama follows it."""
    out: list[str] = []
    index = 0
    while index < len(text):
        for size in (3, 2, 1):
            piece = text[index : index + size]
            consonant = _CONJUNCTS.get(piece) if size == 3 else _CONSONANTS.get(piece)
            if consonant is not None:
                break
        if consonant is None:
            out.append(_OTHER_LETTERS.get(text[index], text[index]))
            index += 1
            continue
        index += size
        following = text[index : index + 1]
        if following == _NUKTA:  # a nukta the table does not know: the plain letter
            index += 1
            following = text[index : index + 1]
        if following == _VIRAMA:
            next_letter = text[index + 1 : index + 2]
            plain_n = next_letter and next_letter in _NASAL_ROWS.get(text[index - 1], "")
            out.append("n" if plain_n else consonant)
            index += 1
        elif following and following in _VOWEL_SIGNS:
            out.append(consonant + _VOWEL_SIGNS[following])
            index += 1
        else:
            out.append(consonant + "a")
    return "".join(out)


_LONG_A_CLOSED = re.compile(r"A(?=[^aeiouAIUEO]+$)")
_ROMAN_FIXES = (
    (re.compile(r"\.N|M"), "n"),  # candrabindu, anusvara
    (re.compile(r"H"), "h"),  # visarga
    (re.compile(r"\.D"), "d"),  # ड़, ढ़: Hinglish writes "padhai", "ladki", "bada"
    (re.compile(r"\.kh|\.k"), "kh"),
    (re.compile(r"ph"), "f"),  # फ in loanwords ("shift", "finance") is f
    (re.compile(r"ie$"), "iye"),  # चाहिए -> chahiye
    (re.compile(r"oa"), "o"),
)


def _letters(word: str) -> str | None:
    """ "एमबीए" -> "mba" when the word is wholly English letter names, else None."""

    def split(rest: str) -> list[str] | None:
        if not rest:
            return []
        for size in range(min(_LONGEST_NAME, len(rest)), 0, -1):
            letter = LETTER_NAMES.get(rest[:size])
            if letter is not None:
                tail = split(rest[size:])
                if tail is not None:
                    return [letter, *tail]
        return None

    letters = split(word)
    return "".join(letters) if letters else None


@lru_cache(maxsize=4096)
def romanise(word: str, spelled_letter: bool = False) -> str:
    """One run of Devanagari (a word, maybe with Devanagari digits) in Hinglish letters.

    ``spelled_letter``: the word stands next to a dot ("बी.कॉम"), so a single letter name
    is the letter ("b"), not the syllable ("bi").
    """
    word = word.replace("\u200c", "").replace("\u200d", "")
    word = word.replace(_CANDRA_O, "\u094b").replace(_CANDRA_E, "\u0947")
    digits = len(word) - len(word.lstrip(_DIGITS))
    number = "".join(str(_DIGITS.index(char)) for char in word[:digits])
    word = word[digits:]
    if number and _ORDINAL_SUFFIX.match(word):
        return number + "th"
    if not word:
        return number
    letters = _letters(word)
    if letters is not None and (len(letters) > 1 or spelled_letter):
        return number + letters
    roman = _letters_in_roman(_with_schwa_deleted(word)).replace("\u0964", ".")
    roman = _LONG_A_CLOSED.sub("aa", roman)
    for pattern, replacement in _ROMAN_FIXES:
        roman = pattern.sub(replacement, roman)
    return number + roman.lower().replace("~", "")


def romanise_match(match: re.Match) -> str:
    """Replacement for ``DEVANAGARI_RUN`` in a text: "१२वीं" after digits, letters by dots."""
    text, start, end = match.string, match.start(), match.end()
    run = match.group(0)
    if start > 0 and text[start - 1].isdigit() and _ORDINAL_SUFFIX.match(run):
        return "th"
    beside_dot = (start > 0 and text[start - 1] == ".") or (end < len(text) and text[end] == ".")
    # "।" (danda) ends a sentence like a full stop.
    parts = re.split("([\u0964\u0965])", run)
    return "".join(
        ". " if part in ("\u0964", "\u0965") else romanise(part, beside_dot) if part else ""
        for part in parts
    )
