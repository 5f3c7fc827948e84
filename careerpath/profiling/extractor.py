"""Turns a free-text message into an :class:`Extraction` against the knowledge base.

Pipeline, per message:

1. ``normalise`` unifies spellings ("B.Com" -> "bcom", "10+2" -> "12th") and keeps a map back
   to the user's characters;
2. a blank English spaCy pipeline with the lookup lemmatizer tokenises it;
3. two PhraseMatchers built from the catalog's synonyms find skills, degrees, levels, fields,
   goals and preferences - one on the lower-case text, one on lemmas so "spreadsheets" finds
   "spreadsheet" and "talking to people" finds "talk to people"; the longest match wins;
4. tokens that matched nothing and are not English words get one conservative fuzzy pass
   ("excell" -> "excel"); when two candidates are equally close, nothing is guessed;
5. negation, "pursuing"/"pass" cues and partial professional qualifications ("CA inter")
   decide how each match is read; experience and "no skills" come from small patterns;
6. words the person offered as a skill or qualification that match nothing are returned in
   ``unrecognised``, in their own spelling.

Nothing here touches the database or Rasa: the catalog is passed in (or loaded once).
"""
from __future__ import annotations

import difflib
import logging
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from careerpath.profiling import language as lang
from careerpath.profiling.normalise import NormalisedText, normalise
from careerpath.profiling.profile import Extraction, opposite_preference

logger = logging.getLogger(__name__)

MAX_CHARS = 2000  # longer messages are cut: nobody lists their profile in more, and it bounds the work
FUZZY_MIN_LENGTH = 5  # shorter words never fuzzy-match: "sales"/"tales", "bcom"/"bca" are too close
FUZZY_PREFILTER = 0.75  # difflib ratio below which a word is not even compared
FUZZY_MAX_TOKENS = 40
FIELD_REACH = 3  # tokens between a degree and the field that specialises it ("BA in English literature")

EDUCATION_KINDS = ("degree", "level")
Label = Tuple[str, str]  # (kind, id)


# ---- shared spaCy pipeline -------------------------------------------------------------------
_NLP = None
_ENGLISH_WORDS: Optional[FrozenSet[str]] = None
_NLP_LOCK = threading.Lock()


def get_nlp():
    """spaCy blank English + lookup lemmatizer, built on first use and shared by the process."""
    global _NLP, _ENGLISH_WORDS
    with _NLP_LOCK:
        if _NLP is None:
            import spacy

            nlp = spacy.blank("en")
            lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            nlp.initialize()
            table = lemmatizer.lookups.get_table("lemma_lookup")
            _ENGLISH_WORDS = frozenset(value.lower() for value in table.values())
            _NLP = nlp
    return _NLP


def _is_english_word(word: str) -> bool:
    """Known to the lemma tables: a real English word, so not a typo to correct."""
    nlp = get_nlp()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return word in _ENGLISH_WORDS or word in table


def _stop_words() -> FrozenSet[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# ---- matched spans ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Span:
    start: int  # token indices
    end: int
    labels: FrozenSet[Label]

    def ids(self, kind: str) -> List[str]:
        return sorted(item for label_kind, item in self.labels if label_kind == kind)

    def has(self, kind: str) -> bool:
        return any(label_kind == kind for label_kind, _ in self.labels)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass
class _EducationMention:
    span: _Span
    degree: Optional[str]
    level: str
    ordinal: int
    state: str = "plain"  # plain / completed / pursuing / partial


class _Message:
    """One message under analysis: normalised text, tokens, matches."""

    def __init__(self, norm: NormalisedText, doc, words: List[str], spans: List[_Span], expect: Optional[str]):
        self.norm = norm
        self.doc = doc
        self.words = words
        self.spans = spans
        self.expect = expect
        self.durations: Optional[List[Tuple[int, int, float, str]]] = None  # filled on first use

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


# ---- the extractor ---------------------------------------------------------------------------
class ProfileExtractor:
    """Extracts profile facts from messages, with the vocabulary of one catalog."""

    def __init__(self, catalog):
        self.catalog = catalog
        self.nlp = get_nlp()
        self._stop_words = _stop_words()
        self._ambiguous_words = self._stop_words - {"ca"}  # "ca" only came from "can't", expanded away
        self._tables = {
            "skill": catalog.skills, "degree": catalog.degrees, "level": catalog.levels,
            "field": catalog.fields, "goal": catalog.goals, "preference": catalog.preferences,
        }
        self._build_matchers()
        self._known_words = self._words_of_other_names()

    # -- vocabulary ----------------------------------------------------------------------------
    def _phrases(self) -> Dict[str, Set[Label]]:
        phrases: Dict[str, Set[Label]] = defaultdict(set)
        for kind, table in self._tables.items():
            for item_id, info in table.items():
                for phrase in (info.name, *info.synonyms):
                    normalised = normalise(phrase or "").text
                    if normalised:
                        phrases[normalised].add((kind, item_id))
        return phrases

    def _build_matchers(self) -> None:
        from spacy.matcher import PhraseMatcher

        phrases = self._phrases()
        self._exact = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self._labels_by_key: Dict[int, FrozenSet[Label]] = {}
        self._ambiguous_phrases: Set[str] = set()
        self._fuzzy_vocabulary: Set[str] = set()
        texts = sorted(phrases)
        for index, (text, doc) in enumerate(zip(texts, self.nlp.pipe(texts))):
            key = f"phrase_{index}"
            self._labels_by_key[self.nlp.vocab.strings.add(key)] = frozenset(phrases[text])
            self._exact.add(key, [doc])
            if len(doc) == 1 and doc[0].lower_ in self._ambiguous_words:
                # "be" (B.E.) or "it" (IT) would match half of all English sentences.
                self._ambiguous_phrases.add(text)
                continue
            if not all(token.lemma_.lower() in self._stop_words for token in doc):
                self._lemma.add(key, [doc])
            self._fuzzy_vocabulary.update(
                token.lower_ for token in doc
                if token.is_alpha and token.is_ascii and len(token) >= FUZZY_MIN_LENGTH
            )
        self._fuzzy_candidates = sorted(self._fuzzy_vocabulary)

    def _words_of_other_names(self) -> FrozenSet[str]:
        """Words of role, track and category names: the assistant knows them, so never 'unrecognised'."""
        words: Set[str] = set()
        names: List[str] = []
        for role in getattr(self.catalog, "roles", {}).values():
            names += [role.name, role.id, role.track, *role.entry_roles]
        for track in getattr(self.catalog, "tracks", {}).values():
            names += [track.id, track.name]
        for name in names:
            words.update(normalise(name or "").text.split())
        return frozenset(words - self._stop_words)

    # -- public API ----------------------------------------------------------------------------
    def extract(self, text: object, expect: Optional[str] = None) -> Extraction:
        """Never raises: on an internal error it logs and returns what it could (an empty result)."""
        try:
            return self.extract_strict(text, expect)
        except Exception:  # a chat turn must survive any input; the bug is logged with its traceback
            logger.exception("profile extraction failed for a message of %s characters",
                             len(text) if isinstance(text, str) else "?")
            return Extraction(notes=["I could not read that message; please rephrase it."])

    def extract_strict(self, text: object, expect: Optional[str] = None) -> Extraction:
        """As :meth:`extract`, but internal errors propagate (used by the property tests)."""
        extraction = Extraction()
        if not isinstance(text, str):
            return extraction
        if expect not in lang.ALLOWED_EXPECT:
            expect = None
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
            extraction.truncated = True
            extraction.notes.append(f"Only the first {MAX_CHARS} characters were read.")
        norm = normalise(text)
        if expect == "education":
            norm = norm.sub(_BARE_SCHOOL_NUMBER, r"\1th")
        if not norm.text:
            return extraction
        message = self._analyse(norm, expect, extraction)
        self._read_education(message, extraction)
        self._read_skills(message, extraction)
        self._read_goals_and_preferences(message, extraction)
        self._read_experience(message, extraction)
        self._read_unrecognised(message, extraction)
        return extraction

    # -- matching ------------------------------------------------------------------------------
    def _analyse(self, norm: NormalisedText, expect: Optional[str], extraction: Extraction) -> _Message:
        doc = self.nlp(norm.text)
        spans = self._match(doc, norm)
        corrections, ambiguous = self._fuzzy_corrections(doc, spans)
        words = [token.lower_ for token in doc]
        if corrections:
            corrected_doc = self._corrected_doc(doc, corrections)
            corrected_spans = self._match(corrected_doc, norm, surface_doc=doc)
            # Keep a correction only if it completed a match: "india" -> "indian" helps nothing.
            useful = {i: w for i, w in corrections.items() if any(s.overlaps(i, i + 1) for s in corrected_spans)}
            if useful != corrections and useful:
                corrected_doc = self._corrected_doc(doc, useful)
                corrected_spans = self._match(corrected_doc, norm, surface_doc=doc)
            if useful:
                spans = corrected_spans
                words = [token.lower_ for token in corrected_doc]
                extraction.notes.extend(f"Read '{doc[i].text}' as '{w}'." for i, w in sorted(useful.items()))
        spans = [span for span in spans if not _is_semester(words, span)]
        message = _Message(norm, doc, words, spans, expect)
        for index in ambiguous:
            if not any(span.overlaps(index, index + 1) for span in spans):
                _add_unique(extraction.unrecognised, message.original(index, index + 1))
        return message

    def _match(self, doc, norm: NormalisedText, surface_doc=None) -> List[_Span]:
        surface_doc = surface_doc if surface_doc is not None else doc
        found: Dict[Tuple[int, int], Set[Label]] = defaultdict(set)
        for matcher in (self._exact, self._lemma):
            for key, start, end in matcher(doc):
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

    def _fuzzy_corrections(self, doc, spans: List[_Span]) -> Tuple[Dict[int, str], List[int]]:
        """Likely typos -> vocabulary word ("tallly" -> "tally"), and tokens too ambiguous to correct."""
        covered = {index for span in spans for index in range(span.start, span.end)}
        corrections: Dict[int, str] = {}
        ambiguous: List[int] = []
        checked = 0
        for token in doc:
            word = token.lower_
            if (token.i in covered or not (token.is_alpha and token.is_ascii) or len(word) < FUZZY_MIN_LENGTH
                    or word in self._stop_words or word in lang.FILLER_WORDS or word in self._fuzzy_vocabulary
                    or _is_english_word(word) or word in self._known_words):
                continue
            checked += 1
            if checked > FUZZY_MAX_TOKENS:
                break
            candidates = _closest(word, self._fuzzy_candidates)
            if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:  # two equally close: don't guess
                ambiguous.append(token.i)
            elif candidates:
                corrections[token.i] = candidates[0][1]
        return corrections, ambiguous

    def _corrected_doc(self, doc, corrections: Dict[int, str]):
        from spacy.tokens import Doc

        words = [corrections.get(token.i, token.text) for token in doc]
        fixed = Doc(self.nlp.vocab, words=words, spaces=[bool(token.whitespace_) for token in doc])
        return self.nlp.get_pipe("lemmatizer")(fixed)

    # -- negation ------------------------------------------------------------------------------
    @staticmethod
    def _negated(words: Sequence[str], start: int, end: int) -> bool:
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

    # -- education -----------------------------------------------------------------------------
    def _read_education(self, message: _Message, extraction: Extraction) -> None:
        words = message.words
        partial_tokens = set()
        mentions: List[_EducationMention] = []
        for span in message.spans:
            if not any(span.has(kind) for kind in EDUCATION_KINDS) or self._negated(words, span.start, span.end):
                continue
            mention = self._education_mention(span)
            if mention is None:
                continue
            marker = _partial_marker(words, span.end) if mention.degree else 0
            if marker:
                partial_tokens.update(range(span.end, span.end + marker))
            if marker or (mention.degree and _ends_with_partial_marker(words, span)):
                mention.state = "partial"
            mentions.append(mention)
        # "inter" after "CA" is the CA stage, not the intermediate (12th) level.
        mentions = [m for m in mentions if not (m.state != "partial" and m.degree is None
                                                and partial_tokens & set(range(m.span.start, m.span.end)))]
        mentions = _without_restated_levels(mentions)
        self._attach_state_cues(words, mentions)
        chosen = self._choose_education(mentions, extraction)
        if chosen is not None:
            extraction.education_level = chosen.level
            extraction.degree = chosen.degree or self._same_level_degree(mentions, chosen)
            extraction.pursuing = chosen.state in ("pursuing", "partial")
        extraction.field = self._field(message, mentions, chosen, extraction.degree)

    def _education_mention(self, span: _Span) -> Optional[_EducationMention]:
        degrees = [d for d in span.ids("degree") if d in self.catalog.degrees]
        levels = {self.catalog.degrees[d].level for d in degrees} | set(span.ids("level"))
        levels = {level for level in levels if level in self.catalog.levels}
        if not levels:
            return None
        level = max(levels, key=self.catalog.level_ordinal)
        degree = degrees[0] if len(degrees) == 1 else None  # one phrase, two degrees: don't pick
        if degree is not None:
            level = self.catalog.degrees[degree].level
        return _EducationMention(span, degree, level, self.catalog.level_ordinal(level))

    @staticmethod
    def _attach_state_cues(words: Sequence[str], mentions: List[_EducationMention]) -> None:
        """Each "pass"/"pursuing" cue describes the nearest qualification within reach."""
        if not mentions:
            return
        completed: Set[int] = set()
        pursuing: Set[int] = set()
        for cues, into, prefer_following in ((lang.COMPLETED_CUES, completed, False),
                                             (lang.PURSUING_CUES, pursuing, True)):
            for cue_start, cue_end in _find_sequences(words, cues):
                # A cue inside a matched phrase ("12th pass") belongs to that phrase.
                inside = [i for i, m in enumerate(mentions) if m.span.overlaps(cue_start, cue_end)]
                target = inside[0] if inside else _nearest_mention(words, mentions, cue_start, cue_end,
                                                                   prefer_following)
                if target is not None:
                    into.add(target)
        for index, mention in enumerate(mentions):
            if mention.state == "partial":
                continue
            if index in completed:
                mention.state = "completed"
            elif index in pursuing:
                mention.state = "pursuing"

    def _choose_education(self, mentions: List[_EducationMention], extraction: Extraction):
        """Highest completed qualification; a degree under way wins only when it is higher.

        A partly-done professional qualification ("CFA L1") never outranks a completed one.
        """
        def best(states):
            group = [m for m in mentions if m.state in states]
            return max(group, key=lambda m: (m.ordinal, m.degree is not None, -m.span.start), default=None)

        completed, pursued, partial = best(("plain", "completed")), best(("pursuing",)), best(("partial",))
        if pursued is not None and (completed is None or pursued.ordinal > completed.ordinal):
            chosen = pursued
        elif completed is not None:
            chosen = completed
        else:
            chosen = partial
        for mention in mentions:
            if mention is chosen or mention.state not in ("pursuing", "partial"):
                continue
            item = mention.degree or mention.level
            _add_unique(extraction.in_progress, item)
            name = self._name(mention)
            if chosen is not None:
                extraction.notes.append(f"{name} is noted as in progress; "
                                        f"the highest completed qualification is {self._name(chosen)}.")
        return chosen

    def _name(self, mention: _EducationMention) -> str:
        if mention.degree:
            return self.catalog.degrees[mention.degree].name
        return self.catalog.levels[mention.level].name

    @staticmethod
    def _same_level_degree(mentions: List[_EducationMention], chosen: _EducationMention) -> Optional[str]:
        """ "graduate, B.Com" -> the level came from "graduate", the degree from "B.Com"."""
        for mention in mentions:
            if mention.degree and mention.level == chosen.level and mention.state == chosen.state:
                return mention.degree
        return None

    def _field(self, message: _Message, mentions, chosen, degree: Optional[str]) -> Optional[str]:
        """An explicit field ("CSE", "finance") near the qualification, else the degree's own field."""
        context = (bool(mentions) or message.expect == "education"
                   or any(word in _FIELD_CONTEXT_WORDS for word in message.words)
                   or bool(_find_sequences(message.words, lang.PURSUING_CUES)))
        explicit = [span for span in message.spans if span.has("field")
                    and not self._negated(message.words, span.start, span.end)] if context else []
        if chosen is not None:  # "MBA finance", "commerce graduate": the field sits next to the degree
            explicit = [span for span in explicit if _gap(span, chosen.span) <= FIELD_REACH]
        if explicit:
            anchor = chosen.span.start if chosen is not None else 0
            nearest = min(explicit, key=lambda span: (abs(span.start - anchor), span.start))
            fields = [f for f in nearest.ids("field") if f in self.catalog.fields]
            if len(fields) == 1:
                return fields[0]
        if degree is not None:
            return self.catalog.degrees[degree].field
        return None

    # -- skills, goals, preferences --------------------------------------------------------------
    def _read_skills(self, message: _Message, extraction: Extraction) -> None:
        for span in message.spans:
            if span.has("skill") and not self._negated(message.words, span.start, span.end):
                for skill in span.ids("skill"):
                    _add_unique(extraction.skills, skill)
        extraction.no_skills = not extraction.skills and self._says_no_skills(message)

    def _says_no_skills(self, message: _Message) -> bool:
        text = message.norm.text
        for pattern in lang.NO_SKILLS_PATTERNS:
            for match in pattern.finditer(text):
                first, last = message.token_at_char(match.start()), message.token_at_char(match.end() - 1)
                # "no communication skills" is about one skill, not about having none.
                if not any(span.has("skill") and span.overlaps(first, last + 1) for span in message.spans):
                    return True
        if message.expect in (None, "skills") and lang.BARE_NO_SKILLS.match(text):
            return True
        return message.expect == "skills" and bool(lang.BARE_NO_SKILLS_REPLY.match(text))

    def _read_goals_and_preferences(self, message: _Message, extraction: Extraction) -> None:
        all_preferences = list(self.catalog.preferences)
        duration_ends = [last for _, last, _, _ in self._durations(message)]
        for span in message.spans:
            negated = self._negated(message.words, span.start, span.end)
            # "2 years of work experience" describes the past, not the goal "get work experience".
            after_duration = any(0 < span.start - last <= 3 for last in duration_ends)
            if not negated and not after_duration:
                for goal in span.ids("goal"):
                    _add_unique(extraction.goals, goal)
            for preference in span.ids("preference"):
                if not negated:
                    _add_unique(extraction.preferences, preference)
                    continue
                # "no night shifts" -> day shift, "no voice process" -> non-voice.
                opposite = opposite_preference(preference, all_preferences)
                if opposite is not None:
                    _add_unique(extraction.preferences, opposite)
                else:
                    _add_unique(extraction.avoided_preferences, preference)
        extraction.preferences = [p for p in extraction.preferences if p not in extraction.avoided_preferences]

    # -- experience ----------------------------------------------------------------------------
    def _read_experience(self, message: _Message, extraction: Extraction) -> None:
        text = message.norm.text
        fresher = any(pattern.search(text) for pattern in lang.FRESHER_PATTERNS)
        years = self._duration_years(message)
        if message.expect == "experience" and years is None:
            bare = text.strip(" .!")
            if bare in lang.NONE_ANSWERS:
                fresher = True
            else:
                years = _bare_number(bare)
        if years is not None:
            extraction.experience_years = years
            extraction.fresher = True if fresher else years == 0
        elif fresher:
            extraction.experience_years = 0.0
            extraction.fresher = True

    def _duration_years(self, message: _Message) -> Optional[float]:
        durations = self._durations(message)
        totals: List[float] = []
        for index, (first, last, value, unit) in enumerate(durations):
            years = value / 12 if unit == "months" else value
            following = durations[index + 1] if index + 1 < len(durations) else None
            if (unit == "years" and following and following[3] == "months"
                    and following[0] - last <= 3):  # "2 years and 6 months"
                years += following[2] / 12
            totals.append(years)
        if not totals:
            return None
        return round(min(max(totals), 60.0), 2)

    def _durations(self, message: _Message) -> List[Tuple[int, int, float, str]]:
        """Spans of work already done: (first token, last token, number, "years"/"months")."""
        if message.durations is not None:
            return message.durations
        words = message.words
        education_starts = {span.start for span in message.spans
                            if any(span.has(kind) for kind in EDUCATION_KINDS)}
        durations: List[Tuple[int, int, float, str]] = []
        for match in lang.DURATION.finditer(message.norm.text):
            number = match.group("number")
            value = float(number) if number[0].isdigit() else lang.NUMBER_WORDS[number]
            first = message.token_at_char(match.start())
            last = message.token_at_char(match.end() - 1)
            before = words[first - 1] if first > 0 else ""
            after = [w for w in words[last + 1:last + 3] if w != "of"][:1]
            if before in lang.NOT_EXPERIENCE_BEFORE or (after and after[0] in lang.NOT_EXPERIENCE_AFTER):
                continue
            if any(last < start <= last + 2 for start in education_starts):
                continue  # "3 year B.Com": the length of a course
            unit = "months" if match.group("unit").startswith(("m",)) else "years"
            durations.append((first, last, value, unit))
        message.durations = durations
        return durations

    # -- unrecognised --------------------------------------------------------------------------
    def _read_unrecognised(self, message: _Message, extraction: Extraction) -> None:
        for start, end in self._claimed_items(message):
            if len(extraction.unrecognised) >= lang.MAX_UNRECOGNISED:
                break
            if any(span.overlaps(start, end) for span in message.spans):
                continue
            item_words = message.words[start:end]
            if any(word in lang.INSTITUTION_WORDS for word in item_words):
                continue
            start, end = self._trim_filler(message.words, start, end)
            if start >= end or end - start > lang.MAX_CLAIM_WORDS:
                continue
            if self._explained_elsewhere(message, start, end):
                continue
            _add_unique(extraction.unrecognised, message.original(start, end))

    def _claimed_items(self, message: _Message) -> List[Tuple[int, int]]:
        """Token ranges the person offered as a skill/qualification: after "I know", "good at",
        "skills:", and - when the question was about skills or education - the whole answer."""
        words = message.words
        chunks: List[Tuple[int, int]] = []
        for _, cue_end in _find_sequences(words, lang.CLAIM_CUES):
            end = cue_end
            while end < len(words) and end - cue_end < lang.MAX_CLAIM_TOKENS and words[end] not in lang.CLAIM_STOPS:
                end += 1
            chunks.append((cue_end, end))
        if message.expect in ("skills", "education"):
            start = 0
            for index, word in enumerate([*words, "."]):
                if word in lang.SENTENCE_BREAKS:
                    chunks.append((start, index))
                    start = index + 1
        items: List[Tuple[int, int]] = []
        for chunk_start, chunk_end in chunks:
            start = chunk_start
            for index in range(chunk_start, chunk_end + 1):
                if index == chunk_end or words[index] in lang.LIST_SEPARATORS:
                    if start < index and (start, index) not in items:
                        items.append((start, index))
                    start = index + 1
        return items

    def _trim_filler(self, words: Sequence[str], start: int, end: int) -> Tuple[int, int]:
        def filler(word: str) -> bool:
            return (word in self._stop_words or word in lang.FILLER_WORDS or word in self._known_words
                    or not any(char.isalpha() for char in word))
        while start < end and filler(words[start]):
            start += 1
        while end > start and filler(words[end - 1]):
            end -= 1
        return start, end

    def _explained_elsewhere(self, message: _Message, start: int, end: int) -> bool:
        """Words that other readings already account for ("fresher", "final year", "2 years")."""
        text = " ".join(message.words[start:end])
        readers = (*lang.FRESHER_PATTERNS, *lang.NO_SKILLS_PATTERNS, lang.DURATION, lang.BARE_NO_SKILLS)
        if any(pattern.search(text) for pattern in readers):
            return True
        return all(word in _STATE_CUE_WORDS or word in lang.NEGATORS for word in message.words[start:end])


# ---- module-level helpers --------------------------------------------------------------------
_BARE_SCHOOL_NUMBER = re.compile(r"^(10|12)$")
_STATE_CUE_WORDS = frozenset(word for cue in (*lang.PURSUING_CUES, *lang.COMPLETED_CUES, *lang.PARTIAL_MARKERS)
                             for word in cue)
_FIELD_CONTEXT_WORDS = frozenset({"studied", "study", "studies", "stream", "background", "branch", "specialisation",
                                  "specialization", "major", "majoring", "graduate", "graduation", "degree",
                                  "diploma", "course", "honours", "hons", "student", "studying", "pursuing",
                                  "doing"})


def _longest_first(found: Dict[Tuple[int, int], Set[Label]]) -> List[_Span]:
    """Non-overlapping spans, longer ones first (spacy.util.filter_spans, keeping all labels)."""
    kept: List[_Span] = []
    taken: Set[int] = set()
    for (start, end) in sorted(found, key=lambda key: (key[0] - key[1], key[0])):
        if taken.intersection(range(start, end)):
            continue
        taken.update(range(start, end))
        kept.append(_Span(start, end, frozenset(found[(start, end)])))
    return sorted(kept, key=lambda span: span.start)


_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|final|last|current)$")


def _is_semester(words: Sequence[str], span: _Span) -> bool:
    """ "5th sem" is a semester, not the SEM (search engine marketing) skill."""
    return (tuple(words[span.start:span.end]) in (("sem",), ("semester",)) and span.start > 0
            and bool(_ORDINAL.match(words[span.start - 1])))


def _closest(word: str, candidates: Sequence[str]) -> List[Tuple[int, str]]:
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
            if (before is not None and i > 1 and j > 1 and first[i - 1] == second[j - 2]
                    and first[i - 2] == second[j - 1]):
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


def _find_sequences(words: Sequence[str], sequences: Iterable[Tuple[str, ...]]) -> List[Tuple[int, int]]:
    found = []
    for sequence in sequences:
        size = len(sequence)
        for index in range(len(words) - size + 1):
            if tuple(words[index:index + size]) == sequence:
                found.append((index, index + size))
    return sorted(set(found))


def _partial_marker(words: Sequence[str], position: int) -> int:
    """Length of a "partly done" marker right after a qualification ("inter", "L1"), else 0."""
    for marker in sorted(lang.PARTIAL_MARKERS, key=len, reverse=True):
        size = len(marker)
        if tuple(words[position:position + size]) != marker:
            continue
        following = words[position + size] if position + size < len(words) else ""
        if marker == ("final",) and following in ("year", "yr", "sem", "semester", "cleared", "passed", "pass",
                                                  "completed", "done"):
            continue  # "BTech final year" is pursuing; "CA final cleared" is done
        return size
    return 0


def _ends_with_partial_marker(words: Sequence[str], span: _Span) -> bool:
    """A synonym that itself names a stage: "cfa l1", "ca final", "cs executive"."""
    for marker in lang.PARTIAL_MARKERS:
        size = len(marker)
        if span.end - span.start > size and tuple(words[span.end - size:span.end]) == marker:
            return True
    return False


def _without_restated_levels(mentions: List[_EducationMention]) -> List[_EducationMention]:
    """ "B.Com graduate": the level word restates the degree next to it; keep one mention."""
    degrees = [m for m in mentions if m.degree is not None]
    return [m for m in mentions if m.degree is not None or not any(
        d.level == m.level and _gap(d.span, m.span) <= 1 for d in degrees)]


def _gap(first: _Span, second: _Span) -> int:
    """Tokens between two spans (0 when adjacent or overlapping)."""
    return max(0, second.start - first.end, first.start - second.end)


def _nearest_mention(words: Sequence[str], mentions: List[_EducationMention], cue_start: int, cue_end: int,
                     prefer_following: bool) -> Optional[int]:
    best: Optional[Tuple[int, int, int]] = None
    for index, mention in enumerate(mentions):
        span = mention.span
        if span.overlaps(cue_start, cue_end):
            continue
        if span.start >= cue_end:
            gap, between, following = span.start - cue_end, words[cue_end:span.start], True
        else:
            gap, between, following = cue_start - span.end, words[span.end:cue_start], False
        if gap > lang.CUE_REACH or any(word in lang.SENTENCE_BREAKS or word == "but" for word in between):
            continue
        rank = (gap, 0 if following == prefer_following else 1, index)
        if best is None or rank < best:
            best = rank
    return best[2] if best is not None else None


def _bare_number(text: str) -> Optional[float]:
    match = re.fullmatch(r"(\d{1,2}(?:\.\d{1,2})?)\s?\+?\s?(?:years?|yrs?)?", text)
    return float(match.group(1)) if match else None


def _add_unique(items: List[str], item: str) -> None:
    if item and item not in items:
        items.append(item)


# ---- module-level entry point ----------------------------------------------------------------
_EXTRACTORS: Dict[object, ProfileExtractor] = {}
_EXTRACTORS_LOCK = threading.Lock()


def get_extractor(catalog=None) -> ProfileExtractor:
    """The process-wide extractor for ``catalog`` (default: the knowledge base's catalog)."""
    if catalog is None:
        from careerpath.kb.repository import load_catalog

        catalog = load_catalog()
    key = catalog.fingerprint or id(catalog)
    with _EXTRACTORS_LOCK:
        extractor = _EXTRACTORS.get(key)
        if extractor is None or (not catalog.fingerprint and extractor.catalog is not catalog):
            if len(_EXTRACTORS) >= 4:  # tests build a few catalogs; a server uses one
                _EXTRACTORS.clear()
            extractor = ProfileExtractor(catalog)
            _EXTRACTORS[key] = extractor
    return extractor


def extract(text: str, catalog=None, expect: Optional[str] = None) -> Extraction:
    """Read one message. ``expect`` names the question it answers ("education", "skills",
    "goals", "preferences", "experience") so short answers such as "12" or "Python, SQL" are
    read in context. Never raises on text input."""
    try:
        extractor = get_extractor(catalog)
    except Exception:
        logger.exception("could not load the knowledge base for profile extraction")
        return Extraction(notes=["The knowledge base is not available right now."])
    return extractor.extract(text, expect)
