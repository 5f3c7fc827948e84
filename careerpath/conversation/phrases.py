"""Conversational phrases the intake reads itself: "not sure", "skip", "no preference",
"I don't know what I want", and whether a message is put as a question.

These carry no knowledge-base fact, so the extractor does not read them; they are language,
not data (English and the Hinglish students type), and every helper takes lower-case text
with single spaces and Devanagari romanised (``intake.Turn.lowered``, :func:`plain`).
"""

from __future__ import annotations

import re

DEVANAGARI = re.compile("[\u0900-\u097f]")

# A valid answer to any question that names nothing: the student does not know (yet).
NOT_SURE = re.compile(
    r"\b(not sure|unsure|no idea|no clue|don'?t know|dont know|do not know|dunno|idk|"
    r"can'?t say|cant say|(pata|pta|maloom|malum) (nahi|nahin|nhi)|(nahi|nahin|nhi) pata|"
    r"confused|undecided|not decided|haven'?t decided|nothing yet|kuch (nahi|nahin|nhi)|"
    r"none)\b"
)
# "Any is fine": a valid answer wherever a choice is asked for.
NO_PREFERENCE = re.compile(
    r"\b(any|anything|no preference|no preferences|doesn'?t matter|does not matter|"
    r"dont mind|don'?t mind|flexible|koi bhi|kuch bhi|sab chalega|chalega|fine with all|"
    r"koi pasand (nahi|nahin|nhi))\b"
)
# "skip" typed in words the intent classifier may not have read as the skip intent.
SKIP = re.compile(
    r"^(please |pls |plz )?(skip|skip it|skip this|skip this one|skip this question|next|"
    r"next question|pass|leave it|chhodo|chodo|aage badho)( please| pls| plz)?[.!]*$"
)
# The student does not know what they want: the intake turns to what they enjoy.
DONT_KNOW_WHAT_I_WANT = re.compile(
    r"(don'?t|dont|do not) know what (job |career |work |field )?(i|to) "
    r"(want|like|enjoy|should|do|can)|"
    r"(no idea|not sure|confused) (about )?what (i|to) (want|like|should|do)|"
    r"(no idea|confused|not sure) about (my )?(career|future|life)|"
    r"(pata|pta) (nahi|nahin|nhi) (mujhe |ab )?kya|(nahi|nahin|nhi) (pata|pta) (mujhe |ki )?kya|"
    r"samajh nahi aa raha|samajh nahi aata|"
    r"samajh nhi aa raha|kya karu|kya karun|kya karoon|kya karna chahiye|"
    r"confused (hu|hoon|hun|about my career)|"
    r"^(i am|i'm|im|am) (so |very |really |totally )?confused( yaar| bro)?[.!]*$|"
    r"not sure (what|which) (career|job|field|line)"
)
# "I also know SQL" adds to an answer instead of replacing it.
ADDITIVE = re.compile(r"\b(also|too|as well|add|bhi)\b")

_QUESTION_START = re.compile(
    r"^(what|which|how|why|when|where|who|whom|whose|is|are|can|could|do|does|did|will|"
    r"would|should|shall|tell me|explain|compare|difference|show me|give me|kya|kaise|kaisa|"
    r"kaisi|kitna|kitni|kitne|kaun|kab|kyu|kyun|kahan)\b"
)
_QUESTION_INSIDE = re.compile(
    r"\?$|\b(what is|what are|what does|what do|how to|how much|how many|how do|how does|"
    r"kya hai|kya hota|kya hoti|kya kaam|kaisa hota|kaisi hoti|kaisa hai|kaisi hai|kaisa rahega|"
    r"kaisi rahegi|kaun sa|kaunsa|kaunsi|kaise|kitni|kitna|kitne|matlab kya)\b"
)


def plain(message: str) -> str:
    """``message`` as the helpers read it: lower case, single spaces, Devanagari in the
    Hinglish spelling ("पता नहीं" -> "pata nahin")."""
    lowered = " ".join(message.lower().split())
    if DEVANAGARI.search(lowered):
        from careerpath.profiling.devanagari import DEVANAGARI_RUN, romanise_match

        lowered = DEVANAGARI_RUN.sub(romanise_match, lowered)
    return lowered


def looks_like_question(lowered: str) -> bool:
    """Whether the student asks something ("is bpo good for freshers", "salary kitni hai?")
    rather than tells us something."""
    lowered = lowered.strip()
    return bool(_QUESTION_START.search(lowered) or _QUESTION_INSIDE.search(lowered))


def is_not_sure(lowered: str) -> bool:
    return bool(NOT_SURE.search(lowered) or DONT_KNOW_WHAT_I_WANT.search(lowered))


def has_no_preference(lowered: str) -> bool:
    return bool(NO_PREFERENCE.search(lowered))


def says_skip(lowered: str) -> bool:
    return bool(SKIP.match(lowered.strip()))


def does_not_know_what_they_want(lowered: str) -> bool:
    return bool(DONT_KNOW_WHAT_I_WANT.search(lowered))
