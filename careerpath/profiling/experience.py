"""Reading work experience: "fresher", "2 years in a call centre", "1 year 6 months".

A duration counts as work already done unless its neighbours say otherwise ("in 2 years",
"22 years old", "3 year B.Com", "fees for 3 months").
"""

from __future__ import annotations

import re

from careerpath.profiling import experience_words
from careerpath.profiling import language as lang
from careerpath.profiling.education import at_workplace, is_education
from careerpath.profiling.message import AnalysedMessage, Duration
from careerpath.profiling.profile import Extraction

MAX_YEARS = 60.0
_JOINERS = frozenset({"and", "aur", "then", "also", "plus"})  # "a course and worked 1 year"
_BARE_YEARS = re.compile(r"(\d{1,2}(?:\.\d{1,2})?)\s?\+?\s?(?:years?|yrs?)?")


def read_experience(message: AnalysedMessage, extraction: Extraction) -> None:
    text = message.norm.text
    fresher = any(pattern.search(text) for pattern in experience_words.FRESHER_PATTERNS)
    years = _duration_years(message)
    if message.expect == "experience" and years is None:
        bare = text.strip(" .!")
        if bare in experience_words.NONE_ANSWERS:
            fresher = True
        else:
            years = _bare_number(bare)
    if years is not None:
        extraction.experience_years = years
        extraction.fresher = True if fresher else years == 0
    elif fresher:
        extraction.experience_years = 0.0
        extraction.fresher = True


def durations(message: AnalysedMessage) -> list[Duration]:
    """Spans of work already done: (first token, last token, number, "years"/"months")."""
    if message.durations is not None:
        return message.durations
    words = message.words
    education_starts = {
        span.start for span in message.spans if is_education(span) and not at_workplace(words, span)
    }
    found: list[Duration] = []
    for match in experience_words.DURATION.finditer(message.norm.text):
        number = match.group("number")
        value = float(number) if number[0].isdigit() else experience_words.NUMBER_WORDS[number]
        first = message.token_at_char(match.start())
        last = message.token_at_char(match.end() - 1)
        before = words[first - 1] if first > 0 else ""
        after = [w for w in words[last + 1 : last + 3] if w != "of"][:1]
        if before in experience_words.NOT_EXPERIENCE_BEFORE or (
            after and after[0] in experience_words.NOT_EXPERIENCE_AFTER
        ):
            continue
        if experience_words.NOT_EXPERIENCE_ABOUT.intersection(_same_clause_before(words, first)):
            continue  # "fees for 3 months": how long a course runs, not work done
        if any(
            last < start <= last + 2
            and not lang.CLAUSE_BREAKS.intersection(words[last + 1 : start])
            for start in education_starts
        ):
            continue  # "3 year B.Com": the length of a course (not "2 years, 12th pass")
        unit = "months" if match.group("unit").startswith(("m",)) else "years"
        found.append((first, last, value, unit))
    message.durations = found
    return found


def _same_clause_before(words: list[str], first: int, most: int = 3) -> list[str]:
    """Up to ``most`` words before ``first``, not reaching back past "and", ",", "but" ..."""
    before: list[str] = []
    for word in reversed(words[max(0, first - most) : first]):
        if word in lang.CLAUSE_BREAKS or word in _JOINERS:
            break
        before.append(word)
    return before


def _duration_years(message: AnalysedMessage) -> float | None:
    stated = durations(message)
    totals: list[float] = []
    for index, (_first, last, value, unit) in enumerate(stated):
        years = value / 12 if unit == "months" else value
        following = stated[index + 1] if index + 1 < len(stated) else None
        if (
            unit == "years" and following and following[3] == "months" and following[0] - last <= 3
        ):  # "2 years and 6 months"
            years += following[2] / 12
        totals.append(years)
    if not totals:
        return None
    return round(min(max(totals), MAX_YEARS), 2)


def _bare_number(text: str) -> float | None:
    match = _BARE_YEARS.fullmatch(text)
    return float(match.group(1)) if match else None
