"""One message under analysis, and the token-level helpers every reader shares.

The matcher (``matching.py``) turns a message into an :class:`AnalysedMessage`: its
spelling-unified text, spaCy tokens, lower-case words and the knowledge-base phrases found
in it (:class:`Span`). The readers for education, experience, skills and unrecognised words
only look at this object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from careerpath.profiling import language as lang
from careerpath.profiling.spelling import NormalisedText

Label = tuple[str, str]  # (kind, id), e.g. ("skill", "ms_excel")
# (first token, last token, number, "years"/"months") of a stated length of work.
Duration = tuple[int, int, float, str]


@dataclass(frozen=True)
class Span:
    """Tokens ``start:end`` matched one or more knowledge-base phrases."""

    start: int
    end: int
    labels: frozenset[Label]

    def ids(self, kind: str) -> list[str]:
        return sorted(item for label_kind, item in self.labels if label_kind == kind)

    def has(self, kind: str) -> bool:
        return any(label_kind == kind for label_kind, _ in self.labels)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class AnalysedMessage:
    """One message under analysis: normalised text, tokens, matches."""

    def __init__(
        self, norm: NormalisedText, doc, words: list[str], spans: list[Span], expect: str | None
    ):
        self.norm = norm
        self.doc = doc
        self.words = words
        self.spans = spans
        self.expect = expect
        self.durations: list[Duration] | None = None  # filled on first use (experience.py)
        # Skills shown by what the person does: (first token, end token, skill id).
        self.activities: list[tuple[int, int, str]] = []

    def original(self, start: int, end: int) -> str:
        """The user's own text for tokens ``start:end``."""
        if start >= end:
            return ""
        first, last = self.doc[start], self.doc[end - 1]
        return self.norm.original_slice(first.idx, last.idx + len(last.text)).strip(" ,.;:!?'\"-")

    def token_at_char(self, char: int) -> int:
        for token in self.doc:
            if token.idx <= char < token.idx + len(token.text) + 1:
                return token.i
        return len(self.doc)

    def negated(self, start: int, end: int) -> bool:
        """Whether a negation in the same clause applies to tokens ``start:end``.

        A phrase that is itself negative ("no calls", "no night shift") is not flipped by a
        negator further back: "no nite shift n no calls" is two wishes, not a double negative."""
        if start < len(self.words) and self.words[start] in lang.NEGATORS:
            return False
        return negated(self.words, start, end)


def negated(words: Sequence[str], start: int, end: int) -> bool:
    """A negator shortly before the phrase ("no excel"), or after it ("excel nahi")."""
    for index in range(start - 1, max(-1, start - 1 - lang.NEGATION_WINDOW), -1):
        word = words[index]
        if word in lang.CLAUSE_BREAKS:
            break
        if word == "and" and index + 1 < len(words) and words[index + 1] in lang.CLAUSE_STARTERS:
            break
        if word in lang.NEGATORS:
            return True
    for index in range(end, min(len(words), end + 2)):
        if words[index] in lang.CLAUSE_BREAKS:
            break
        if words[index] in lang.TRAILING_NEGATORS:
            return True
    return False


def find_sequences(
    words: Sequence[str], sequences: Iterable[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of any of ``sequences`` in ``words``."""
    found = []
    for sequence in sequences:
        size = len(sequence)
        for index in range(len(words) - size + 1):
            if tuple(words[index : index + size]) == sequence:
                found.append((index, index + size))
    return sorted(set(found))


def add_unique(items: list[str], item: str) -> None:
    if item and item not in items:
        items.append(item)
