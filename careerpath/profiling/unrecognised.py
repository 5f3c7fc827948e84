"""Words the person offered as a skill or qualification that match nothing we know.

They are reported back in the person's own spelling ("I could not place 'Blorfing'"),
never guessed. An item counts as offered after a cue ("I know", "good at", "skills:") or,
when the question was about skills or education, anywhere in the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from careerpath.profiling import experience_words
from careerpath.profiling import language as lang
from careerpath.profiling.education import state_cue_words
from careerpath.profiling.message import AnalysedMessage, add_unique, find_sequences
from careerpath.profiling.profile import Extraction

_STATE_CUE_WORDS = state_cue_words()
# Patterns whose words other readings already account for ("fresher", "no skills", "2 years").
_EXPLAINED_PATTERNS = (
    *experience_words.FRESHER_PATTERNS,
    *lang.NO_SKILLS_PATTERNS,
    experience_words.DURATION,
    lang.BARE_NO_SKILLS,
)


def read_unrecognised(
    message: AnalysedMessage,
    extraction: Extraction,
    ignored_words: frozenset[str],
    activity_words: frozenset[str] = frozenset(),
) -> None:
    """``ignored_words``: stop words and words of names the assistant knows (roles, tracks);
    ``activity_words``: the verbs and objects of skill activities, read once one matched."""
    for start, end in _claimed_items(message):
        if len(extraction.unrecognised) >= lang.MAX_UNRECOGNISED:
            break
        if any(span.overlaps(start, end) for span in message.spans):
            continue
        if message.activities and any(
            token.lemma_ in activity_words for token in message.doc[start:end]
        ):
            continue  # "repair laptops and wifi routers": what someone does, already read
        item_words = message.words[start:end]
        if any(word in lang.INSTITUTION_WORDS for word in item_words):
            continue
        start, end = _trim_filler(message.words, start, end, ignored_words)
        if start >= end or end - start > lang.MAX_CLAIM_WORDS:
            continue
        if _explained_elsewhere(message, start, end):
            continue
        add_unique(extraction.unrecognised, message.original(start, end))


def _claimed_items(message: AnalysedMessage) -> list[tuple[int, int]]:
    """Token ranges the person offered as a skill/qualification: after "I know", "good at",
    "skills:", and - when the question was about skills or education - the whole answer."""
    words = message.words
    chunks: list[tuple[int, int]] = []
    for _, cue_end in find_sequences(words, lang.CLAIM_CUES):
        end = cue_end
        while (
            end < len(words)
            and end - cue_end < lang.MAX_CLAIM_TOKENS
            and words[end] not in lang.CLAIM_STOPS
        ):
            end += 1
        chunks.append((cue_end, end))
    if message.expect in ("skills", "education"):
        start = 0
        for index, word in enumerate([*words, "."]):
            if word in lang.SENTENCE_BREAKS:
                chunks.append((start, index))
                start = index + 1
    items: list[tuple[int, int]] = []
    for chunk_start, chunk_end in chunks:
        start = chunk_start
        for index in range(chunk_start, chunk_end + 1):
            if index == chunk_end or words[index] in lang.LIST_SEPARATORS:
                if start < index and (start, index) not in items:
                    items.append((start, index))
                start = index + 1
    return items


def _trim_filler(
    words: Sequence[str], start: int, end: int, ignored_words: frozenset[str]
) -> tuple[int, int]:
    def filler(word: str) -> bool:
        return (
            word in ignored_words
            or word in lang.CLAIM_FILLER_WORDS
            or not any(char.isalpha() for char in word)
        )

    while start < end and filler(words[start]):
        start += 1
    while end > start and filler(words[end - 1]):
        end -= 1
    return start, end


def _explained_elsewhere(message: AnalysedMessage, start: int, end: int) -> bool:
    """Words that other readings already account for ("fresher", "final year", "2 years")."""
    text = " ".join(message.words[start:end])
    if any(pattern.search(text) for pattern in _EXPLAINED_PATTERNS):
        return True
    return all(
        word in _STATE_CUE_WORDS or word in lang.NEGATORS for word in message.words[start:end]
    )
