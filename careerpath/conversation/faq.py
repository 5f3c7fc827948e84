"""Finds the knowledge-base FAQ a user's question is about.

The answers live only in the knowledge base (``faq.yml`` -> database -> ``Catalog``);
this module indexes each FAQ's question and paraphrases with TF-IDF (words for meaning,
character n-grams for typos and Hinglish spellings) and returns the closest FAQ with a
cosine score. The index is built once per catalog and reused for every message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from careerpath.kb.catalog import Catalog, FaqInfo
from careerpath.runtime import Runtime

# Below this score the bot says it is not sure and offers close questions instead of
# answering; chosen so every paraphrase in the KB and common rewordings pass while
# unrelated questions ("what is the weather") do not (see tests/test_actions.py).
MATCH_THRESHOLD = 0.4
# When NLU called the message something else (e.g. a role question), answer it as a FAQ
# only on a clearly better match.
CONFIDENT_THRESHOLD = 0.6
WORD_WEIGHT = 0.7  # words carry meaning ("bpo" vs "kpo"); char n-grams forgive typos


@dataclass(frozen=True)
class FaqMatch:
    faq: FaqInfo
    score: float


class FaqIndex:
    """TF-IDF index over every FAQ question and paraphrase."""

    def __init__(
        self, faqs: list[FaqInfo], more_phrases: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        """``more_phrases``: per FAQ id, further ways to ask it (the Hindi question and
        paraphrases); a match on them answers with the same FAQ id."""
        from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: import on first use

        self._faqs: dict[str, FaqInfo] = {faq.id: faq for faq in faqs}
        self._owners: list[str] = []
        texts: list[str] = []
        for faq in faqs:
            phrases = (faq.question, *faq.paraphrases, *(more_phrases or {}).get(faq.id, ()))
            for text in phrases:
                words = content_words(text)
                if words:
                    texts.append(words)
                    self._owners.append(faq.id)
        self._token_sets = [frozenset(text.split()) for text in texts]
        self._words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            token_pattern=WORD_PATTERN,
            stop_words=sorted(QUESTION_FILLER_WORDS),
        )
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._word_matrix = self._words.fit_transform(texts) if texts else None
        self._char_matrix = self._chars.fit_transform(texts) if texts else None

    def search(self, text: str, limit: int = 3) -> list[FaqMatch]:
        """The ``limit`` closest FAQs, best first (one entry per FAQ)."""
        query = content_words(text)
        if not query or self._word_matrix is None:
            return []
        word_scores = (self._word_matrix @ self._words.transform([query]).T).toarray().ravel()
        char_scores = (self._char_matrix @ self._chars.transform([query]).T).toarray().ravel()
        query_tokens = frozenset(query.split())
        best: dict[str, float] = {}
        for owner, tokens, word, char in zip(
            self._owners, self._token_sets, word_scores, char_scores, strict=True
        ):
            # No shared content word means no shared topic, however similar the spelling.
            score = WORD_WEIGHT * word + (1 - WORD_WEIGHT) * char if word > 0 else 0.0
            score *= _coverage_factor(query_tokens, tokens) * _track_factor(query_tokens, tokens)
            if score > best.get(owner, -1.0):
                best[owner] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [
            FaqMatch(self._faqs[faq_id], round(float(score), 4)) for faq_id, score in ranked[:limit]
        ]


TRACK_WORDS = frozenset({"bpo", "kpo"})

# A word: letters and digits, plus Devanagari with its vowel signs and viramas, which
# ``\w`` alone does not match (it would cut "क्या" into letters). Dandas are punctuation.
_DEVANAGARI = "\u0900-\u0963\u0966-\u097f"
WORD_PATTERN = rf"(?u)[\w{_DEVANAGARI}]+"
_NUKTA = "\u093c"
_NOT_WORD = re.compile(rf"[^\w\s{_DEVANAGARI}]")


def _coverage_factor(query: frozenset, candidate: frozenset) -> float:
    """Half credit for query words the candidate does not contain ("is kpo stressful")."""
    if not query:
        return 0.0
    return 0.5 + 0.5 * len(query & candidate) / len(query)


def _track_factor(query: frozenset, candidate: frozenset) -> float:
    """A question about BPO must not get the KPO answer just because the rest matches."""
    asked, offered = query & TRACK_WORDS, candidate & TRACK_WORDS
    return 0.5 if asked and offered and asked.isdisjoint(offered) else 1.0


def content_words(text: str) -> str:
    """The question's content words, lower case, space-separated: punctuation and
    ``QUESTION_FILLER_WORDS`` dropped, everyday words put in the FAQ's own terms
    ("What padhai for BPO?" -> "education bpo")."""
    text = text.lower().replace("&", " and ")
    # "शिफ़्ट" and "शिफ्ट" are one word: the nukta is written or left out at will
    text = unicodedata.normalize("NFD", text).replace(_NUKTA, "")
    text = _NOT_WORD.sub(" ", text)
    words = (SAME_MEANING.get(word, word) for word in text.split())
    return " ".join(word for word in words if word not in QUESTION_FILLER_WORDS)


# Everyday, Hinglish and SMS words for what the FAQ questions call otherwise; a word list,
# not facts (the answers stay in the knowledge base).
SAME_MEANING = {
    "padhai": "education",
    "qualification": "education",
    "qualifications": "education",
    "naukri": "job",
    "jobs": "job",
    "kaam": "work",
    "tankhwah": "salary",
    "salaries": "salary",
    "paisa": "salary",
    "companies": "company",
    "firms": "company",
    "log": "people",
    "persons": "people",
    "hires": "hire",
    "hiring": "hire",
    "recruit": "hire",
    "recruits": "hire",
    "employ": "hire",
    "kind": "type",
    "centre": "center",
    "just": "only",
    "sirf": "only",
    "starting": "start",
    "beginner": "start",
    "calling": "call",
    "calls": "call",
    # Hindi romanised from Devanagari (careerpath.profiling.devanagari)
    "sailri": "salary",
    "fark": "difference",
    "farq": "difference",
    "raat": "night",
    "men": "mein",
    # Devanagari spellings of the track names, so the track check sees them
    "बीपीओ": "bpo",
    "केपीओ": "kpo",
    "रात": "नाइट",
}


# Question words and Hinglish fillers: they say "this is a question", not what about, and
# would otherwise make "bpo kya hai" look like "kpo kya hai".
QUESTION_FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "am",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "i",
        "me",
        "my",
        "we",
        "you",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "whats",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "tell",
        "explain",
        "please",
        "about",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "with",
        "and",
        "or",
        "but",
        "if",
        "so",
        "than",
        "then",
        "also",
        "just",
        "any",
        "some",
        "kya",
        "hai",
        "hain",
        "ka",
        "ki",
        "ke",
        "ko",
        "mein",
        "me",
        "se",
        "aur",
        "kaise",
        "kaisa",
        "kaun",
        "kaunsa",
        "kab",
        "kyun",
        "kyu",
        "batao",
        "bataiye",
        "bata",
        "samjhao",
        "yeh",
        "ye",
        "woh",
        "wo",
        "hota",
        "hoti",
        "hote",
        "more",
        "know",
        "want",
        "like",
        "detail",
        "details",
        "info",
        "wat",
        "wht",
        "wats",
        "whats",
        "plz",
        "pls",
        "have",
        "has",
        "had",
        "must",
        "क्या",
        "है",
        "हैं",
        "का",
        "की",
        "के",
        "को",
        "में",
        "मे",
        "से",
        "और",
        "कैसे",
        "कैसा",
        "कैसी",
        "कौन",
        "कौनसा",
        "कौनसी",
        "कब",
        "क्यों",
        "होता",
        "होती",
        "होते",
        "यह",
        "ये",
        "वह",
        "वो",
        "बताइए",
        "बताओ",
        "बताएं",
        "मुझे",
        "मैं",
        "मेरा",
        "मेरी",
        "हम",
        "आप",
        "तो",
        "भी",
        "कि",
    ]
)


def faq_index(catalog: Catalog) -> FaqIndex:
    """The index of ``catalog``'s FAQs, built once per knowledge base and process and kept by
    its runtime (``careerpath.runtime``)."""
    return Runtime.of(catalog).built("faq_index", build_faq_index)


def build_faq_index(catalog: Catalog) -> FaqIndex:
    """A new index of ``catalog``'s FAQs, asked in its language and every translated one."""
    return FaqIndex(list(catalog.faqs.values()), _other_language_phrases(catalog))


def _other_language_phrases(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Per FAQ id, how it is asked in every translated language (the index answers with
    the id; which language the answer is shown in is decided elsewhere)."""
    phrases: dict[str, tuple[str, ...]] = {}
    for language in catalog.languages:
        if language == catalog.language:
            continue
        for faq_id, texts in catalog.faq_phrases(language).items():
            phrases[faq_id] = phrases.get(faq_id, ()) + tuple(texts)
    return phrases


def find_answer(text: str, catalog: Catalog, threshold: float = MATCH_THRESHOLD) -> FaqMatch | None:
    """The FAQ ``text`` asks, or None when no FAQ is close enough."""
    matches = faq_index(catalog).search(text, limit=1)
    if matches and matches[0].score >= threshold:
        return matches[0]
    return None


def close_questions(text: str, catalog: Catalog, limit: int = 3) -> list[FaqInfo]:
    """FAQs to offer as buttons when nothing matched well enough."""
    matches = faq_index(catalog).search(text, limit=limit) if text else []
    useful = [match.faq for match in matches if match.score > 0.1]
    return useful or popular_questions(catalog, limit)


def popular_questions(catalog: Catalog, limit: int = 5) -> list[FaqInfo]:
    """A starter set: the first FAQ of each topic, in KB order."""
    seen_topics, chosen = set(), []
    for faq in catalog.faqs.values():
        if faq.topic not in seen_topics:
            seen_topics.add(faq.topic)
            chosen.append(faq)
    for faq in catalog.faqs.values():
        if len(chosen) >= limit:
            break
        if faq not in chosen:
            chosen.append(faq)
    return chosen[:limit]
