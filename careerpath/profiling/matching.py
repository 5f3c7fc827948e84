"""Finding the knowledge base's phrases in a message.

Two spaCy PhraseMatchers are generated from the catalog's names and synonyms (skills,
degrees, levels, fields, goals, preferences): one on the lower-case text, one on lemmas so
"spreadsheets" finds "spreadsheet" and "talking to people" finds "talk to people"; the
longest match wins. Words that matched nothing and are not English get one conservative
fuzzy pass ("excell" -> "excel"); when two candidates are equally close, nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence

from careerpath.profiling import language as lang
from careerpath.profiling.activities import ActivityMatcher
from careerpath.profiling.message import AnalysedMessage, Label, Span, add_unique
from careerpath.profiling.nlp import get_nlp, import_spacy, is_english_word, stop_words
from careerpath.profiling.profile import Extraction
from careerpath.profiling.spelling import NormalisedText, unify_spelling

FUZZY_MIN_LENGTH = 5  # shorter words never fuzzy-match: "sales"/"tales", "bcom"/"bca" are too close
FUZZY_PREFILTER = 0.75  # difflib ratio below which a word is not even compared
FUZZY_MAX_TOKENS = 40
# A synonym in its -ing form ("typing", "coding") also matches its bare lemma, which is a noun
# as often as a verb: "what type of job", "lawyer type job", "dress code". Words around the
# bare form that mark it as a noun (a kind of something), so it is not taken as the skill.
_KIND_BEFORE = frozenset(
    {"a", "the", "this", "that", "what", "which", "any", "some", "same", "kind", "every"}
    | {"kis", "kaunsa", "konsa", "kaun", "kaisa"}
)
_KIND_AFTER = frozenset(
    {"of", "job", "jobs", "work", "kaam", "ka", "ki", "ke", "wala", "wali", "vala", "vali"}
)

_ORDINAL = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|final|last|current)$"
)


class VocabularyMatcher:
    """The catalog's vocabulary as spaCy matchers; ``analyse`` reads one message with them."""

    def __init__(self, catalog):
        self.catalog = catalog
        self.nlp = get_nlp()
        self.stop_words = stop_words()
        # "ca" only came from "can't", which spelling unification expands away.
        self._ambiguous_words = self.stop_words - {"ca"}
        self._tables = {
            "skill": catalog.skills,
            "degree": catalog.degrees,
            "level": catalog.levels,
            "field": catalog.fields,
            "goal": catalog.goals,
            "preference": catalog.preferences,
            "interest": getattr(catalog, "interests", {}),
        }
        self._build_matchers()
        self.activities = ActivityMatcher(self.nlp, catalog)
        self.known_words = self._words_of_other_names()

    # -- vocabulary ----------------------------------------------------------------------------
    def _phrases(self) -> dict[str, set[Label]]:
        phrases: dict[str, set[Label]] = defaultdict(set)
        for kind, table in self._tables.items():
            for item_id, info in table.items():
                for phrase in (info.name, *info.synonyms):
                    normalised = unify_spelling(phrase or "").text
                    if normalised:
                        phrases[normalised].add((kind, item_id))
        return phrases

    def _build_matchers(self) -> None:
        import_spacy()
        from spacy.matcher import PhraseMatcher as SpacyPhraseMatcher

        phrases = self._phrases()
        self._exact = SpacyPhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._lemma = SpacyPhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self._labels_by_key: dict[int, frozenset[Label]] = {}
        self._ambiguous_phrases: set[str] = set()
        self.fuzzy_vocabulary: set[str] = set()
        texts = sorted(phrases)
        for index, (text, doc) in enumerate(zip(texts, self.nlp.pipe(texts), strict=True)):
            key = f"phrase_{index}"
            self._labels_by_key[self.nlp.vocab.strings.add(key)] = frozenset(phrases[text])
            self._exact.add(key, [doc])
            if len(doc) == 1 and doc[0].lower_ in self._ambiguous_words:
                # "be" (B.E.) or "it" (IT) would match half of all English sentences.
                self._ambiguous_phrases.add(text)
                continue
            if not all(token.lemma_.lower() in self.stop_words for token in doc):
                self._lemma.add(key, [doc])
            self.fuzzy_vocabulary.update(
                token.lower_
                for token in doc
                if token.is_alpha and token.is_ascii and len(token) >= FUZZY_MIN_LENGTH
            )
        self._fuzzy_candidates = sorted(self.fuzzy_vocabulary)

    def _words_of_other_names(self) -> frozenset[str]:
        """Words of role, track and category names: the assistant knows them, so they are
        never reported as unrecognised."""
        words: set[str] = set()
        names: list[str] = []
        for role in getattr(self.catalog, "roles", {}).values():
            names += [role.name, role.id, role.track, *role.entry_roles]
        for track in getattr(self.catalog, "tracks", {}).values():
            names += [track.id, track.name]
        for name in names:
            words.update(unify_spelling(name or "").text.split())
        return frozenset(words - self.stop_words)

    # -- one message ---------------------------------------------------------------------------
    def analyse(self, norm: NormalisedText, expect, extraction: Extraction) -> AnalysedMessage:
        """Tokens and matched phrases of ``norm``; typo corrections and words too ambiguous
        to correct are noted on ``extraction``."""
        doc = self.nlp(norm.text)
        spans = self._match(doc, norm)
        corrections, ambiguous = self._fuzzy_corrections(doc, spans)
        words = [token.lower_ for token in doc]
        if corrections:
            corrected_doc = self._corrected_doc(doc, corrections)
            corrected_spans = self._match(corrected_doc, norm, surface_doc=doc)
            # Keep a correction only if it completed a match: "india" -> "indian" helps nothing.
            useful = {
                i: w
                for i, w in corrections.items()
                if any(s.overlaps(i, i + 1) for s in corrected_spans)
            }
            if useful != corrections and useful:
                corrected_doc = self._corrected_doc(doc, useful)
                corrected_spans = self._match(corrected_doc, norm, surface_doc=doc)
            if useful:
                spans = corrected_spans
                words = [token.lower_ for token in corrected_doc]
                extraction.notes.extend(
                    f"Read '{doc[i].text}' as '{w}'." for i, w in sorted(useful.items())
                )
        spans = [span for span in spans if not _is_semester(words, span)]
        message = AnalysedMessage(norm, doc, words, spans, expect)
        message.activities = self.activities.find(corrected_doc if corrections and useful else doc)
        for index in ambiguous:
            if not any(span.overlaps(index, index + 1) for span in spans):
                add_unique(extraction.unrecognised, message.original(index, index + 1))
        return message

    def _match(self, doc, norm: NormalisedText, surface_doc=None) -> list[Span]:
        surface_doc = surface_doc if surface_doc is not None else doc
        found: dict[tuple[int, int], set[Label]] = defaultdict(set)
        for matcher in (self._exact, self._lemma):
            for key, start, end in matcher(doc):
                if matcher is self._lemma and _names_a_kind(doc, start, end):
                    continue
                if self._plausible(doc[start:end], surface_doc, norm):
                    found[(start, end)].update(self._labels_by_key[key])
        return _longest_first(found)

    def _plausible(self, span, surface_doc, norm: NormalisedText) -> bool:
        """A stop-word synonym ("be", "it") counts only when written like an abbreviation."""
        if span.text not in self._ambiguous_phrases:
            return True
        token = surface_doc[span.start]
        surface = norm.original_slice(token.idx, token.idx + len(token.text))
        if "." in surface:
            return True
        letters = [char for char in norm.original if char.isalpha()]
        written_upper = surface.isupper() and any(char.islower() for char in letters)
        alone = sum(1 for t in surface_doc if not t.is_punct) == len(span)
        return written_upper or alone

    def _fuzzy_corrections(self, doc, spans: list[Span]) -> tuple[dict[int, str], list[int]]:
        """Likely typos -> vocabulary word ("tallly" -> "tally"), and tokens too ambiguous
        to correct."""
        covered = {index for span in spans for index in range(span.start, span.end)}
        corrections: dict[int, str] = {}
        ambiguous: list[int] = []
        checked = 0
        for token in doc:
            word = token.lower_
            if (
                token.i in covered
                or not (token.is_alpha and token.is_ascii)
                or len(word) < FUZZY_MIN_LENGTH
                or word in self.stop_words
                or word in lang.CLAIM_FILLER_WORDS
                or word in self.fuzzy_vocabulary
                or is_english_word(word)
                or word in self.known_words
            ):
                continue
            checked += 1
            if checked > FUZZY_MAX_TOKENS:
                break
            candidates = _closest(word, self._fuzzy_candidates)
            if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
                ambiguous.append(token.i)  # two equally close: don't guess
            elif candidates:
                corrections[token.i] = candidates[0][1]
        return corrections, ambiguous

    def _corrected_doc(self, doc, corrections: dict[int, str]):
        from spacy.tokens import Doc

        words = [corrections.get(token.i, token.text) for token in doc]
        fixed = Doc(self.nlp.vocab, words=words, spaces=[bool(token.whitespace_) for token in doc])
        return self.nlp.get_pipe("lemmatizer")(fixed)


def _longest_first(found: dict[tuple[int, int], set[Label]]) -> list[Span]:
    """Non-overlapping spans, longer ones first (spacy.util.filter_spans, keeping all labels)."""
    kept: list[Span] = []
    taken: set[int] = set()
    for start, end in sorted(found, key=lambda key: (key[0] - key[1], key[0])):
        if taken.intersection(range(start, end)):
            continue
        taken.update(range(start, end))
        kept.append(Span(start, end, frozenset(found[(start, end)])))
    return sorted(kept, key=lambda span: span.start)


def _is_semester(words: Sequence[str], span: Span) -> bool:
    """ "5th sem" is a semester, not the SEM (search engine marketing) skill."""
    return (
        tuple(words[span.start : span.end]) in (("sem",), ("semester",))
        and span.start > 0
        and bool(_ORDINAL.match(words[span.start - 1]))
    )


def _closest(word: str, candidates: Sequence[str]) -> list[tuple[int, str]]:
    """Vocabulary words within typo distance of ``word``, nearest first, as (edits, word).

    difflib's ratio is a cheap first filter; the decision is the number of edits (insert,
    delete, substitute, swap two neighbours): one for words under nine letters, two above.
    "pyhton" -> "python" is one swap; "blorfing" -> "boring" needs two deletions and stays unread.
    """
    matcher = difflib.SequenceMatcher(b=word, autojunk=False)
    scored = []
    for candidate in candidates:
        if abs(len(candidate) - len(word)) > 2 or candidate[0] != word[0]:
            continue  # typos rarely hit the first letter; requiring it avoids most false friends
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < FUZZY_PREFILTER or matcher.quick_ratio() < FUZZY_PREFILTER:
            continue
        allowed = 1 if len(candidate) < 9 else 2
        edits = _edit_distance(word, candidate, allowed)
        if edits <= allowed:
            scored.append((edits, candidate))
    return sorted(scored)[:3]


def _edit_distance(first: str, second: str, limit: int) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent swaps), capped at limit+1."""
    previous_row = None
    row = list(range(len(second) + 1))
    for i in range(1, len(first) + 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j in range(1, len(second) + 1):
            cost = 0 if first[i - 1] == second[j - 1] else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if (
                before is not None
                and i > 1
                and j > 1
                and first[i - 1] == second[j - 2]
                and first[i - 2] == second[j - 1]
            ):
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


def _names_a_kind(doc, start: int, end: int) -> bool:
    """A lemma-only match of one bare word used as a noun ("lawyer type job")."""
    if end - start != 1:
        return False
    token = doc[start]
    if token.lower_ != token.lemma_.lower():
        return False  # "typed", "coded": an inflected verb form, not a noun
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    # "type of ...", "type job" at the start, "lawyer type job": a kind (not "10 type job")
    return before in _KIND_BEFORE or (after in _KIND_AFTER and (not before or before.isalpha()))
