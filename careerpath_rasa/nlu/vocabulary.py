"""Which words of a message the NLU model has ever seen (plain Python, no Rasa).

A bag-of-words classifier that gets a message with no known word still picks an intent:
its input is all zeros, so the class biases decide (here `affirm`, at ~0.55). This module
answers the question that should come first: does the message contain anything the model
was trained on? A word counts as known when it is in the training vocabulary or is one
typo away from a known word ("experiance", "thanks" -> "thnaks"), so honest typos keep
their intent while emoji, other scripts, "NaN" or "lkjhgf" do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Shorter words are compared exactly: one edit turns "nan" into "naa" or "no" into "na".
MIN_FUZZY_LENGTH = 4
_NON_WORD = re.compile(r"[\W_]+")


def word_key(token: str) -> str:
    """Lower-case and drop punctuation inside a token ("B.Com" -> "bcom", "don't" -> "dont")."""
    return _NON_WORD.sub("", token.lower())


def has_letter(word: str) -> bool:
    return any(char.isalpha() for char in word)


def _one_deletion_keys(word: str) -> set[str]:
    """The word and every form of it with one character removed, first character kept.

    Two words within one edit (insertion, omission, substitution or swap of neighbours,
    not touching the first letter) share at least one key, so fuzzy lookup is a set
    intersection instead of comparing against the whole vocabulary. Keeping the first
    letter fixed stops "null" from passing as "full".
    """
    return {word} | {word[:i] + word[i + 1 :] for i in range(1, len(word))}


@dataclass(frozen=True)
class Vocabulary:
    """The normalised words of the training data, with a typo index built on creation."""

    words: frozenset[str]
    _typo_keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = set()
        for word in self.words:
            if len(word) >= MIN_FUZZY_LENGTH - 1:
                keys |= _one_deletion_keys(word)
        object.__setattr__(self, "_typo_keys", frozenset(keys))

    @classmethod
    def from_tokens(cls, tokens: Iterable[str]) -> Vocabulary:
        return cls(frozenset(word for word in map(word_key, tokens) if has_letter(word)))

    def knows(self, token: str) -> bool:
        """True when the token is a training word or one typo away from one."""
        word = word_key(token)
        if not has_letter(word):
            return False  # digits and punctuation carry no intent on their own
        if word in self.words:
            return True
        if len(word) < MIN_FUZZY_LENGTH:
            return False
        return not _one_deletion_keys(word).isdisjoint(self._typo_keys)

    def known_words(self, tokens: Iterable[str]) -> list[str]:
        return [token for token in tokens if self.knows(token)]

    def to_list(self) -> list[str]:
        return sorted(self.words)
