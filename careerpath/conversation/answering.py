"""One place that answers a question at any point of a conversation.

A question is about a role type (named, shortened, or one of its job titles), about two
role types side by side, about a role the conversation already points at ("the second one",
"and its salary?", "tell me more"), or a general question the FAQ list answers. The role
is looked for first, so a question about one role is never answered with a FAQ about its
whole track; when nothing is close enough the answer says so and offers the nearest
questions, because a wrong answer is worse than "I don't know".

The NLU intent is only a hint here: the decision rests on the words and the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from careerpath.kb.catalog import Catalog
from careerpath.profiling.devanagari import DEVANAGARI_RUN, romanise_match
from careerpath.wording import text

from . import faq as faq_search
from .reply import Reply, button, compare_button, role_details_button
from .role_answers import VOICE_ASPECT, aspects_in, comparison_answer, role_answer
from .role_backgrounds import roles_for_background
from .role_filters import roles_meeting
from .role_lookup import (
    TIE_MARGIN,
    RoleMatch,
    find_roles,
    mentioned_track_words,
    roles_in_parts,
    stem,
    words,
)

ROLE, COMPARISON, TRACKS, FAQ, UNKNOWN = "role", "comparison", "tracks", "faq", "unknown"
LISTING = "listing"  # the role types that meet a work condition (part-time, non-voice ...)
# A FAQ this close wins over a role found only through a weak phrase ("will AI finish KPO
# jobs?" is the FAQ about AI and KPO, not a question about the AI/ML KPO role type).
FAQ_OVER_WEAK_ROLE = 0.6
WEAK_ROLE_SCORE = 2.0
# A FAQ asked (almost) word for word wins over any role not named whole in it.
VERBATIM_FAQ = 0.95

_ORDINALS = {
    "first": 1, "1st": 1, "top": 1, "pehla": 1, "pehli": 1, "pehle": 1,
    "second": 2, "2nd": 2, "dusra": 2, "doosra": 2, "dusri": 2, "dusre": 2, "doosre": 2,
    "third": 3, "3rd": 3, "teesra": 3, "tisra": 3, "teesri": 3, "tisre": 3, "teesre": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")\b"
    r"(?!\s+(?:time|step|question|job\b))"
)
# "compare the first two", "top 3": the first N roles of the last card.
_FIRST_N = re.compile(r"\b(?:first|top|pehle|pehli|upar ke)\s+(two|2|three|3|do|teen)\b")
_HOW_MANY = {"two": 2, "2": 2, "do": 2, "three": 3, "3": 3, "teen": 3}
_NUMBERED = re.compile(r"\b(?:option|number|no\.?|choice|role|card)\s*#?\s*(\d)\b|#\s*(\d)\b")
# Words that point back at the role just discussed.
_POINTER = re.compile(
    r"\b(?:it|its|it'?s|this|that|them|these|those|same|usme|isme|usmen|ismen|iska|uska|iske|uske|isko|"
    r"usko|iski|uski|inki|unki|inka|unka|wahi|yeh wala|ye wala|woh wala|wo wala)\b|"
    r"\btell me more\b|"
    r"\bmore (?:about|details|info)\b|"
    r"^\s*(?:and|aur)\b|^\s*more\b|\bdetails?\b|\bexplain\b|\bsamjhao\b",
    re.I,
)
_COMPARING = re.compile(
    r"\b(?:compare|comparison|difference|differ|vs\.?|versus|better|or|ya|same thing|same)\b", re.I
)
# A question that asks for a list of jobs rather than a yes or no.
_ASKS_WHICH = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:jobs?|roles?|kinds?|types?)\b|\b(?:kaun|kaunse|kaunsi|konse|"
    r"konsi|kon si|kaun si|list)\b",
    re.I,
)
# Signs that a message asks rather than tells (for the intake, where answers are expected).
_QUESTION = re.compile(
    r"\?|^\s*(?:what|whats|what's|which|how|why|when|where|who|is|are|can|could|does|do|did|"
    r"will|should|would|tell|explain|compare|define|wat|wht|kya|kaise|kaun|kaunsa|kitna|kitni)\b|"
    r"\b(?:what is|what are|what does|what do|tell me|explain|details of|meaning of|means|"
    r"kya hai|kya hota|kya hoti|kaisa hota|kaise|kitni|kitna|batao|bataiye|samjhao|"
    r"difference between|compare)\b",
    re.I,
)


_FIRST_SENTENCE = re.compile(r"^(.+?[.!\u0964])\s+\S.*\?\s*$", re.S)


@dataclass
class Context:
    """What the conversation points at: the roles on the last card and in the last answer."""

    shown: Sequence[str] = ()
    last: Sequence[str] = ()
    in_intake: bool = False


@dataclass
class Answer:
    reply: Reply
    kind: str
    roles: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    faq_id: str | None = None
    pointed: bool = False  # the role came from "the second one" / "its", not from its name

    @property
    def known(self) -> bool:
        return self.kind != UNKNOWN


def looks_like_question(message: str) -> bool:
    return bool(_QUESTION.search(message))


_FILLER = re.compile(
    r"\b(?:please|plz|pls|me|about|the|a|one|ok|okay|more|tell|give|show|role|job)\b"
)


def only_points(message: str) -> bool:
    """Does the message only point ("tell me more", "details please") without naming anything?"""
    rest = _POINTER.sub(" ", message.lower())
    rest = re.sub(
        r"\b(?:please|plz|pls|me|about|the|a|one|ok|okay|more|tell|give|show|role|job)\b", " ", rest
    )
    return not re.sub(r"[^\w]", "", rest)


def referenced_roles(message: str, context: Context) -> list[str]:
    """Every role of the last card a message names by position ("first and third")."""
    lowered = message.lower()
    first_n = _FIRST_N.search(lowered)
    if first_n:
        return list(context.shown[: _HOW_MANY[first_n.group(1)]])
    positions = [_ORDINALS[m.group(1)] for m in _ORDINAL.finditer(lowered)]
    positions += [int(a or b) for a, b in _NUMBERED.findall(lowered)]
    found: list[str] = []
    for position in positions:
        index = position - 1 if position > 0 else len(context.shown) - 1
        if 0 <= index < len(context.shown) and context.shown[index] not in found:
            found.append(context.shown[index])
    return found


def referenced_role(message: str, context: Context) -> str | None:
    """The role "the second one", "its", "tell me more" points at, if the context has one."""
    lowered = message.lower()
    numbered = _NUMBERED.search(lowered)
    position = int(numbered.group(1) or numbered.group(2)) if numbered else None
    if position is None:
        ordinal = _ORDINAL.search(lowered)
        position = _ORDINALS[ordinal.group(1)] if ordinal else None
    if position is not None and context.shown:
        index = position - 1 if position > 0 else len(context.shown) - 1
        return context.shown[index] if 0 <= index < len(context.shown) else None
    if _POINTER.search(lowered):
        if context.last:
            return context.last[0]
        if context.shown:
            return context.shown[0]
    return None


def answer_question(
    message: str,
    catalog: Catalog,
    context: Context | None = None,
    intent: str | None = None,
    display: Catalog | None = None,
) -> Answer:
    """The best answer to ``message``; ``kind`` UNKNOWN when nothing is close enough.

    ``display`` (default ``catalog``) is the same catalog with its texts in the
    conversation's language: the message is read against ``catalog``, answered from it."""
    context = context or Context()
    asked = message
    if DEVANAGARI_RUN.search(message):  # "केपीओ क्या है?" -> "kpo kya hai?", as Hinglish
        message = DEVANAGARI_RUN.sub(romanise_match, message)
    shown = display or catalog
    aspects = aspects_in(message)
    lookup_text = message
    if VOICE_ASPECT.search(message):  # "is back office voice or non voice?": the aspect
        rest = VOICE_ASPECT.sub(" ", message)
        if find_roles(rest, catalog).roles:
            lookup_text = rest
            aspects = ["voice"] + [a for a in aspects if a != "voice"]
    match = find_roles(lookup_text, catalog)
    faq_match = _closest_faq(asked, message, catalog)

    comparing = bool(_COMPARING.search(lookup_text))
    named = roles_in_parts(lookup_text, catalog) if comparing else []
    if comparing and len(named) < 2:  # "compare the first and the second"
        named += [r for r in referenced_roles(message, context) if r not in named]
    if len(named) >= 2:
        return _comparison(named, aspects, shown, context)
    if match.role and not _faq_is_meant(match, faq_match, message):
        return _role(match.role, aspects, shown, context)
    tracks = mentioned_track_words(message)
    if len(tracks) == 2 and not match.roles and _COMPARING.search(message) and faq_match is None:
        return Answer(reply=_tracks_table(shown, context), kind=TRACKS)
    pointed = referenced_role(message, context)
    # "and its salary?" is about the role in view; "its salary in BPO" asks the FAQ.
    if pointed and (faq_match is None or not tracks):
        answer = _role(pointed, aspects, shown, context)
        answer.pointed = True
        return answer
    suited = roles_for_background(message, tracks, catalog, shown)
    if suited is not None:  # "best KPO for commerce students"
        return Answer(reply=suited, kind=LISTING)
    # "which BPO jobs are part time": the list; "is there night shift in BPO": the FAQ.
    wants_list = faq_match is None or bool(_ASKS_WHICH.search(message))
    listing = roles_meeting(message, tracks, catalog, shown) if wants_list else None
    if listing is not None:  # "can I do BPO part time?": the role types where one can
        return Answer(reply=listing, kind=LISTING)
    if faq_match is not None:
        reply = Reply(
            text=shown.faqs[faq_match.faq.id].answer,
            buttons=[] if context.in_intake else _faq_buttons(),
        )
        return Answer(reply=reply, kind=FAQ, faq_id=faq_match.faq.id)
    return Answer(
        reply=_unknown(message, match, catalog, shown, context.in_intake),
        kind=UNKNOWN,
        roles=tuple(match.roles[:3]),
    )


def _closest_faq(asked: str, romanised: str, catalog: Catalog) -> faq_search.FaqMatch | None:
    """The FAQ a question asks, read as written and, for Devanagari, also as Hinglish: the
    Hindi FAQ questions are in Devanagari ("वॉइस प्रोसेस क्या होता है"), while the English
    and Hinglish ones match the romanised words ("kpo men kitni salary")."""
    found = [faq_search.find_answer(romanised, catalog)]
    if asked != romanised:
        found.append(faq_search.find_answer(asked, catalog))
    return max((m for m in found if m is not None), key=lambda m: m.score, default=None)


def _faq_is_meant(match: RoleMatch, faq_match, message: str) -> bool:
    """A close FAQ beats a role found weakly: "will AI finish KPO jobs" is the FAQ about AI,
    while "AI KPO" (nothing but the name) is the role."""
    if faq_match is None:
        return False
    role = match.role
    assert role is not None, "asked only about a role that was found"
    if faq_match.score >= VERBATIM_FAQ and role not in match.whole:
        return True  # "why do companies outsource to kpo" is that FAQ, not a question on LPO
    if role in match.partial:  # a question (not just a name) and a FAQ about that word
        if len(message.split()) < 4:
            return False
        faq = faq_match.faq
        said = {stem(w) for text in (faq.question, *faq.paraphrases) for w in words(text)}
        return match.partial[role] in said
    if role in match.by_title:  # "telecaller salary": the pay of that job, not of BPO
        return False
    return faq_match.score >= FAQ_OVER_WEAK_ROLE and match.scores[role] < WEAK_ROLE_SCORE


def _role(role_id: str, aspects: Sequence[str], catalog: Catalog, context: Context) -> Answer:
    reply = role_answer(role_id, aspects, catalog, in_intake=context.in_intake)
    return Answer(reply=reply, kind=ROLE, roles=(role_id,), aspects=tuple(aspects))


def _comparison(
    role_ids: Sequence[str], aspects: Sequence[str], catalog: Catalog, context: Context
) -> Answer:
    reply = comparison_answer(role_ids, catalog, in_intake=context.in_intake)
    return Answer(reply=reply, kind=COMPARISON, roles=tuple(role_ids[:3]), aspects=tuple(aspects))


def _tracks_table(catalog: Catalog, context: Context) -> Reply:
    from careerpath.advisor.render import render_comparison

    from .reply import advice_button, faq_button

    buttons = [] if context.in_intake else [advice_button(), faq_button()]
    return Reply(text=render_comparison(catalog), buttons=buttons)


def _faq_buttons() -> list[dict]:
    from .reply import advice_button, faq_button

    return [faq_button(), advice_button()]


def _unknown(
    message: str, match: RoleMatch, catalog: Catalog, shown: Catalog, in_intake: bool = False
) -> Reply:
    """An honest "I don't know" with the nearest questions (and roles) to pick from.

    In the intake the open question follows in the same turn, so the reply keeps only its
    first sentence (no "did you mean ...?"): one turn asks one thing, the buttons stay."""
    buttons = [
        role_details_button(role_id, shown.roles[role_id].name)
        for role_id in match.roles[:3]
        if role_id in catalog.roles
    ]
    # The question in the conversation's language; the click sends the English one, which
    # the FAQ search matches whatever the language.
    buttons += [
        button(shown.faqs[f.id].question if f.id in shown.faqs else f.question, f.question)
        for f in faq_search.close_questions(message, catalog)
    ]
    lead = text("answer.which_role") if match.ambiguous else text("faq.unsure")
    if match.ambiguous and set(_tied(match)) <= match.by_title:
        lead = text("answer.shared_title")  # "process associate": a first job in several
    if in_intake:
        first = _FIRST_SENTENCE.match(lead)
        lead = first.group(1) if first else lead
    if match.ambiguous:
        # A job title several role types share ("telecaller"): what each of them is, so the
        # student can pick knowing the difference.
        lines = [
            f"• {shown.roles[r].name}: {_first_sentence(shown.roles[r].description)}"
            for r in _tied(match)
        ]
        lead = "\n".join([lead, *lines])
    return Reply(text=lead, buttons=buttons[:5] + [compare_button()])


def _first_sentence(description: str) -> str:
    return re.split(r"(?<=[.!?\u0964])\s+", description.strip(), maxsplit=1)[0]


def _tied(match: RoleMatch, limit: int = 3) -> list[str]:
    """The roles that tie for the best match, best first."""
    top = match.scores[match.roles[0]]
    return [r for r in match.roles[:limit] if match.scores[r] >= top - TIE_MARGIN]
