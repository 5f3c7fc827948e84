"""Spelling unification for the profile extractor: ``unify_spelling(text) -> NormalisedText``.

People type the same thing many ways ("B.Com", "b com", "BCOM", "10+2", "XII", "ms-excel",
curly quotes, emoji). Both the user's message and every synonym of the knowledge base go
through :func:`unify_spelling`, so a synonym matches whatever spelling normalises like it.

Every normalised character remembers which characters of the original text it came from,
so anything we report back ("I could not place 'Blorfing'") is quoted in the user's words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from careerpath.profiling.devanagari import DEVANAGARI_RUN, romanise_match

_QUOTE_CHARS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}
_DASH_CHARS = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-")
_DROPPED_CATEGORIES = {"So", "Sk", "Co", "Cn", "Cs"}  # emoji, pictographs, private use
_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"}


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus, per character, the span of the original it came from."""

    text: str
    original: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_slice(self, start: int, end: int) -> str:
        """The user's own words behind normalised characters ``start:end``."""
        if start >= end or start >= len(self.text):
            return ""
        end = min(end, len(self.text))
        return self.original[min(self.starts[start:end]) : max(self.ends[start:end])]

    def sub(self, pattern: re.Pattern[str], replacement: str | Callable) -> NormalisedText:
        """``re.sub`` that keeps the character mapping (replaced text maps to the whole match)."""
        if pattern.search(self.text) is None:
            return self  # most rules match nothing: skip rebuilding the mapping
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        position = 0
        for match in pattern.finditer(self.text):
            begin, finish = match.span()
            chars.extend(self.text[position:begin])
            starts.extend(self.starts[position:begin])
            ends.extend(self.ends[position:begin])
            new = match.expand(replacement) if isinstance(replacement, str) else replacement(match)
            if begin < finish:
                origin_start, origin_end = (
                    min(self.starts[begin:finish]),
                    max(self.ends[begin:finish]),
                )
            else:  # an insertion at a zero-width match
                origin_start = origin_end = (
                    self.starts[begin] if begin < len(self.text) else len(self.original)
                )
            chars.extend(new)
            starts.extend([origin_start] * len(new))
            ends.extend([origin_end] * len(new))
            position = finish
        chars.extend(self.text[position:])
        starts.extend(self.starts[position:])
        ends.extend(self.ends[position:])
        return NormalisedText("".join(chars), self.original, tuple(starts), tuple(ends))


def _normalise_char(char: str) -> str:
    if char in _LINE_BREAKS:
        return " , "  # a line break separates list items like a comma does
    if char in _QUOTE_CHARS:
        return _QUOTE_CHARS[char]
    if char in _DASH_CHARS:
        return "-"
    if "\ufe00" <= char <= "\ufe0f" or char == "\u20e3":  # emoji variation selectors, keycaps
        return ""
    category = unicodedata.category(char)
    if category.startswith("Z") or category in ("Cc", "Cf"):
        return " "
    if category in _DROPPED_CATEGORIES:
        return " "
    return unicodedata.normalize("NFKC", char).lower()


# Printable ASCII that _normalise_char only lower-cases ("`" becomes "'", "^" is dropped).
_PLAIN_ASCII = frozenset(chr(code) for code in range(0x20, 0x7F)) - {"`", "^"}


def _character_pass(text: str) -> NormalisedText:
    if _PLAIN_ASCII.issuperset(text):  # the common case: one character for one
        return NormalisedText(
            text.lower(), text, tuple(range(len(text))), tuple(range(1, len(text) + 1))
        )
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        new = _normalise_char(char)
        chars.extend(new)
        starts.extend([index] * len(new))
        ends.extend([index + 1] * len(new))
    return NormalisedText("".join(chars), text, tuple(starts), tuple(ends))


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Order matters: contractions first (so "can't" never leaves a stray "ca" that looks like the
# CA qualification), then degree spellings, then school levels, then punctuation.
_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (_rule(r"\bcan'?t\b"), "cannot"),
    (_rule(r"\bwon'?t\b"), "will not"),
    (_rule(r"\b(\w+)n't\b"), r"\1 not"),
    (_rule(r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|ai)nt\b"), r"\1 not"),
    (_rule(r"\bi'?m\b"), "i am"),
    (_rule(r"\b(i|you|we|they)'ve\b"), r"\1 have"),
    (_rule(r"\b(i|you|we|they|he|she)'(ll|d)\b"), r"\1"),
    # B.Com / b com / B-Tech / M.Sc. -> bcom, btech, msc
    (
        _rule(
            r"\b([bm])\s?[.\-]?\s?(com|tech|sc|ed|pharm|arch|des|voc|phil|stat|lib|ba|ca|fa)\b\.?"
        ),
        r"\1\2",
    ),
    (_rule(r"\bph\.?\s?d\b\.?"), "phd"),
    (_rule(r"\bll\.?\s?([bm])\b\.?"), r"ll\1"),
    # M.B.A / B.E. / C.A. -> mba, be, ca (dots without spaces only: "a. i" stays a sentence)
    (_rule(r"\b(?:[a-z]\.){1,5}[a-z]\b\.?"), lambda m: m.group(0).replace(".", "")),
    # school levels: 10+2, plus two, +2, XII, 12 th, class 12 -> 12th; X th, tenth, class 10 -> 10th
    (_rule(r"(?<![\w+])10\s?\+\s?2(?!\w)"), "12th"),
    (_rule(r"\bplus\s?two\b"), "12th"),
    (_rule(r"(?<![\w+.])\+\s?2\b(?!\.\d)"), "12th"),
    (_rule(r"\b(?:xii|12)\s?(?:th|vi|vin|vee|va|ve)\b|\bxii\b|\btwel(?:f|ve)th\b"), "12th"),
    (
        _rule(
            r"\b(?:class|std|standard|grade)\s?(?:12|xii)\b|\b12\s?(?=std\b|standard\b|class\b|grade\b)"
        ),
        "12th ",
    ),
    (_rule(r"\b(?:x|10)\s?th\b|\b10\s?(?:vi|vin|vee|va|ve)\b|\btenth\b"), "10th"),
    (
        _rule(
            r"\b(?:class|std|standard|grade)\s?(?:10|x)\b|\b10\s?(?=std\b|standard\b|class\b|grade\b)"
        ),
        "10th ",
    ),
    (_rule(r"\b(10|12)\s(?=pass\b|passed\b|passout\b|pass out\b|complete)"), r"\1th "),
    # punctuation that separates words
    (_rule(r"&"), " and "),
    (_rule(r"\s\+\s"), " and "),
    (_rule(r"(?<=\w)[-_](?=\w)"), " "),
    (_rule(r"[,;|:/]"), lambda m: f" {m.group(0)} "),
    (_rule(r"[()\[\]{}<>*#~^=\"\\]"), " "),
    (_rule(r"\s+"), " "),
)
# One search that finds whether any rule could change a text (the last rule, collapsing
# whitespace, only where there is more than one plain space to collapse). Most texts, and
# nearly all of the knowledge base's phrases that every process unifies at start, match
# none, and then skip the two dozen searches. Sound because a rule that matches nothing
# changes nothing, so the next rule sees the same text.
_ANY_RULE = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern, _ in _RULES[:-1]) + r"|\s{2,}|[^\S ]"
)


def unify_spelling(text: str) -> NormalisedText:
    """Lower-cased, spelling-unified text that maps back to ``text``; see the module docstring."""
    normalised = _character_pass(text)
    if DEVANAGARI_RUN.search(normalised.text):  # Hindi in Devanagari: onto Hinglish spelling
        normalised = normalised.sub(DEVANAGARI_RUN, romanise_match)
    if _ANY_RULE.search(normalised.text):
        for pattern, replacement in _RULES:
            normalised = normalised.sub(pattern, replacement)
    return _strip(normalised)


def _strip(normalised: NormalisedText) -> NormalisedText:
    text = normalised.text
    begin = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return NormalisedText(
        text[begin:end],
        normalised.original,
        normalised.starts[begin:end],
        normalised.ends[begin:end],
    )
