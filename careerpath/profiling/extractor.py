"""Turns a free-text message into an :class:`Extraction` against the knowledge base.

Pipeline, per message:

1. ``unify_spelling`` ("B.Com" -> "bcom", "10+2" -> "12th"), keeping a map back to the
   user's characters (``spelling.py``);
2. the catalog's phrases are found with spaCy matchers, typos get one careful fuzzy pass
   (``matching.py``; spaCy itself is loaded by ``nlp.py``, without TensorFlow);
3. readers turn the matches into facts: education (``education.py``), experience
   (``experience.py``), skills, goals and preferences (here), and what the person offered
   that matches nothing (``unrecognised.py``).

Nothing here touches the database or Rasa: the catalog is passed in (or loaded once).
"""

from __future__ import annotations

import logging
import re

from careerpath.profiling import language as lang
from careerpath.profiling.education import read_education
from careerpath.profiling.experience import durations, read_experience
from careerpath.profiling.matching import VocabularyMatcher
from careerpath.profiling.message import AnalysedMessage, add_unique
from careerpath.profiling.profile import Extraction, opposite_preference
from careerpath.profiling.spelling import unify_spelling
from careerpath.profiling.unrecognised import read_unrecognised
from careerpath.runtime import Runtime

logger = logging.getLogger(__name__)

# Longer messages are cut: nobody lists their profile in more, and it bounds the work.
MAX_CHARS = 2000
_BARE_SCHOOL_NUMBER = re.compile(r"^(10|12)$")


class ProfileExtractor:
    """Extracts profile facts from messages, with the vocabulary of one catalog."""

    def __init__(self, catalog):
        self.catalog = catalog
        self.matcher = VocabularyMatcher(catalog)
        self._ignored_words = self.matcher.stop_words | self.matcher.known_words

    def extract(self, text: object, expect: str | None = None) -> Extraction:
        """Never raises: on an internal error it logs and returns an empty result."""
        try:
            return self.extract_strict(text, expect)
        except Exception:  # a chat turn survives any input; the bug is logged with its traceback
            logger.exception(
                "profile extraction failed for a message of %s characters",
                len(text) if isinstance(text, str) else "?",
            )
            return Extraction(notes=["I could not read that message; please rephrase it."])

    def extract_strict(self, text: object, expect: str | None = None) -> Extraction:
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
        norm = unify_spelling(text)
        if expect == "education":
            norm = norm.sub(_BARE_SCHOOL_NUMBER, r"\1th")
        if not norm.text:
            return extraction
        message = self.matcher.analyse(norm, expect, extraction)
        read_education(message, extraction, self.catalog)
        self._read_skills(message, extraction)
        self._read_goals_and_preferences(message, extraction)
        self._read_interests(message, extraction)
        read_experience(message, extraction)
        read_unrecognised(
            message, extraction, self._ignored_words, frozenset(self.matcher.activities.words)
        )
        return extraction

    # -- skills, goals, preferences --------------------------------------------------------------
    @staticmethod
    def _read_skills(message: AnalysedMessage, extraction: Extraction) -> None:
        for span in message.spans:
            if span.has("skill") and not message.negated(span.start, span.end):
                for skill in span.ids("skill"):
                    add_unique(extraction.skills, skill)
        # What the person does ("I repair laptops") shows skills too.
        for start, end, skill in message.activities:
            if not message.negated(start, end):
                add_unique(extraction.skills, skill)
        extraction.no_skills = not extraction.skills and _says_no_skills(message)

    @staticmethod
    def _read_interests(message: AnalysedMessage, extraction: Extraction) -> None:
        for span in message.spans:
            if span.has("interest") and not message.negated(span.start, span.end):
                for interest in span.ids("interest"):
                    add_unique(extraction.interests, interest)

    def _read_goals_and_preferences(self, message: AnalysedMessage, extraction: Extraction) -> None:
        all_preferences = list(self.catalog.preferences)
        duration_ends = [last for _, last, _, _ in durations(message)]
        for span in message.spans:
            negated = message.negated(span.start, span.end)
            # "2 years of work experience" describes the past, not the goal "get work experience".
            after_duration = any(
                0 < span.start - last <= 3
                and not lang.CLAUSE_BREAKS.intersection(message.words[last + 1 : span.start])
                for last in duration_ends
            )
            if not negated and not after_duration:
                for goal in span.ids("goal"):
                    add_unique(extraction.goals, goal)
            for preference in span.ids("preference"):
                if not negated:
                    add_unique(extraction.preferences, preference)
                    continue
                # "no night shifts" -> day shift, "no voice process" -> non-voice.
                opposite = opposite_preference(preference, all_preferences)
                if opposite is not None:
                    add_unique(extraction.preferences, opposite)
                else:
                    add_unique(extraction.avoided_preferences, preference)
        extraction.preferences = [
            p for p in extraction.preferences if p not in extraction.avoided_preferences
        ]


def _says_no_skills(message: AnalysedMessage) -> bool:
    text = message.norm.text
    for pattern in lang.NO_SKILLS_PATTERNS:
        for match in pattern.finditer(text):
            first = message.token_at_char(match.start())
            last = message.token_at_char(match.end() - 1)
            # "no communication skills" is about one skill, not about having none.
            if not any(
                span.has("skill") and span.overlaps(first, last + 1) for span in message.spans
            ):
                return True
    if message.expect in (None, "skills") and lang.BARE_NO_SKILLS.match(text):
        return True
    return message.expect == "skills" and bool(lang.BARE_NO_SKILLS_REPLY.match(text))


# ---- entry points ----------------------------------------------------------------------------
def get_extractor(catalog=None) -> ProfileExtractor:
    """The extractor of ``catalog`` (default: the knowledge base's), built once per knowledge
    base and process and kept by its runtime (``careerpath.runtime``)."""
    runtime = Runtime.load() if catalog is None else Runtime.of(catalog)
    return runtime.built("profile_extractor", ProfileExtractor)


def extract(text: str, catalog=None, expect: str | None = None) -> Extraction:
    """Read one message. ``expect`` names the question it answers ("education", "skills",
    "goals", "preferences", "experience") so short answers such as "12" or "Python, SQL" are
    read in context. Never raises on text input."""
    try:
        extractor = get_extractor(catalog)
    except Exception:
        logger.exception("could not load the knowledge base for profile extraction")
        return Extraction(notes=["The knowledge base is not available right now."])
    return extractor.extract(text, expect)
