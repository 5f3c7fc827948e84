"""Pure judgements about one turn or one conversation, from what the user saw.

Everything here reads the bot's messages as a channel delivers them (text, buttons,
custom payloads) plus, where a turn needs it, the tracker's event names. Nothing here
talks to a server, so ``tests/test_eval_scoring.py`` covers every rule quickly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
LATIN = re.compile(r"[A-Za-z]")
# Share of Devanagari among the letters from which a reply counts as Hindi. Hindi replies
# keep words such as BPO, KPO or Excel in Latin letters, so the bar is below one half.
HINDI_SHARE = 0.4
ENGLISH_SHARE = 0.1

# Generic "I did not understand you" replies (no knowledge answer, no way forward of their own).
_FALLBACK = re.compile(
    r"didn'?t get that|couldn'?t understand|did not understand|didn'?t understand|"
    r"can only help with|say it another way|not able to understand",
    re.IGNORECASE,
)
# Honest "I don't know" to a question: not an answer, but not a wrong answer either.
_HONEST_UNKNOWN = re.compile(
    r"not sure I have an answer|don'?t have an answer|I don'?t know|I do not know|"
    r"couldn'?t find an answer|no answer for that|don'?t have (?:that|this) information|"
    r"not something I know",
    re.IGNORECASE,
)
# Sentences that call part of the user's words unknown.
_UNKNOWN_WORDS = re.compile(
    r"don'?t know|do not know|didn'?t (?:get|understand|recognise|recognize|catch)|"
    r"not (?:sure|familiar)|unknown|couldn'?t (?:understand|recognise|recognize)|"
    r"don'?t understand|no idea what",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"([^\"]{1,80})\"|“([^”]{1,80})”|‘([^’]{1,80})’|'([^']{2,80})'")
_STEP_MARKER = re.compile(r"\((\d{1,2})\s*/\s*(\d{1,2})\)")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_ACKNOWLEDGED = re.compile(
    r"^(got it|updated|noted|okay, let's update|great|thanks)\b", re.IGNORECASE
)
RECOMMENDATION_CARD = "recommendations"


def normalise(text: str) -> str:
    """Lower case, words only, single spaces: the form every comparison here uses."""
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def contains(haystack: str, needle: str) -> bool:
    """Whole-word containment after :func:`normalise` ("ip" is not found in "tips")."""
    needle = normalise(needle)
    return bool(needle) and f" {needle} " in f" {normalise(haystack)} "


# ---- language ----------------------------------------------------------------------------------
def script_of(text: str) -> str:
    """ "hi" (mostly Devanagari), "en" (Latin letters), "mixed", or "none" (no letters)."""
    devanagari = len(DEVANAGARI.findall(text))
    latin = len(LATIN.findall(text))
    letters = devanagari + latin
    if not letters:
        return "none"
    share = devanagari / letters
    if share >= HINDI_SHARE:
        return "hi"
    if share <= ENGLISH_SHARE:
        return "en"
    return "mixed"


# ---- messages of one turn ----------------------------------------------------------------------
def _parts(message: dict) -> list[dict]:
    """The message and, for a custom payload (a card), the payload: a card carries the text
    and buttons that follow it inside itself, so the channel gets one message."""
    custom = message.get("custom")
    return [message, custom] if isinstance(custom, dict) else [message]


def texts(messages: Sequence[dict]) -> list[str]:
    return [str(part["text"]) for m in messages for part in _parts(m) if part.get("text")]


def read_texts(messages: Sequence[dict]) -> list[str]:
    """Everything the student reads in a turn, a card's summary and explanations included
    (a card-only reply has no ``text``, yet its language is what the student sees)."""
    found = texts(messages)
    for message in messages:
        card = message.get("custom")
        if not isinstance(card, dict):
            continue
        summary = card.get("summary")
        if isinstance(summary, dict) and summary.get("text"):
            found.append(str(summary["text"]))
        found += [str(item["why"]) for item in card.get("items") or [] if item.get("why")]
    return found


def joined(messages: Sequence[dict]) -> str:
    return "\n".join(texts(messages))


def has_card(messages: Sequence[dict]) -> bool:
    return any(
        isinstance(m.get("custom"), dict) and m["custom"].get("type") == RECOMMENDATION_CARD
        for m in messages
    )


def card_roles(messages: Sequence[dict]) -> list[str]:
    """Role ids of the first recommendations card of the turn, in shown order."""
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == RECOMMENDATION_CARD:
            return [str(item.get("role_type")) for item in custom.get("items", [])]
    return []


def buttons(messages: Sequence[dict]) -> list[dict]:
    return [
        b
        for m in messages
        for part in _parts(m)
        for b in (part.get("buttons") or [])
        if isinstance(b, dict)
    ]


def is_fallback(text: str) -> bool:
    return bool(_FALLBACK.search(text))


def is_honest_unknown(text: str) -> bool:
    return bool(_HONEST_UNKNOWN.search(text))


def echoed_fragments(user_text: str, reply_text: str) -> list[str]:
    """Pieces of the user's message that the reply quotes back as words it does not know.

    A quote counts when it sits in a sentence that says something is unknown, is found in
    the user's message, and is not the user's whole message (quoting a whole short answer
    back is a different, harmless habit).
    """
    user = normalise(user_text)
    found: list[str] = []
    for sentence in _SENTENCE.findall(reply_text):
        if not _UNKNOWN_WORDS.search(sentence):
            continue
        for match in _QUOTED.finditer(sentence):
            quoted = next(group for group in match.groups() if group is not None)
            piece = normalise(quoted)
            if piece and piece != user and f" {piece} " in f" {user} ":
                found.append(quoted)
    return found


def step_markers(text: str) -> set[str]:
    """Intake step markers such as "(2/5)"."""
    return {f"{a}/{b}" for a, b in _STEP_MARKER.findall(text)}


def question_of(text: str) -> str | None:
    """An id for the question a message asks: its step marker, else its last question sentence."""
    markers = sorted(step_markers(text))
    if markers:
        return "step " + markers[0]
    questions = [s.strip() for s in _SENTENCE.findall(text) if s.strip().endswith("?")]
    if not questions:
        return None
    return "ask: " + normalise(_QUOTED.sub("", questions[-1]))


def questions_asked(messages: Sequence[dict], requested_slot: str | None = None) -> set[str]:
    """Every question of one turn: the open intake question and the questions in the text.

    An intake question is named after its slot (the tracker's ``requested_slot`` after the
    turn), so its retries ("Sorry, I don't know ... Please list skills") count as the same
    question as the first asking "(2/5) Which skills ...".
    """
    asked: set[str] = set()
    if not texts(messages) and not has_card(messages):
        return asked
    if requested_slot:
        asked.add(f"slot {requested_slot}")
    for text in texts(messages):
        question = question_of(text)
        if question is None or (requested_slot and question.startswith("step ")):
            continue
        asked.add(question)
    return asked


def contradiction(messages: Sequence[dict]) -> str | None:
    """Why one turn's messages do not make one coherent reply, or None.

    Three shapes count: two different intake steps in one turn; a generic "didn't get that"
    next to an answer, an acknowledgement or recommendations; and two messages that each
    ask the user something different.
    """
    all_texts = texts(messages)
    markers = set().union(*(step_markers(text) for text in all_texts)) if all_texts else set()
    if len({marker.split("/")[0] for marker in markers}) > 1:
        return "two intake steps in one turn: " + ", ".join(sorted(markers))
    fallbacks = [text for text in all_texts if is_fallback(text)]
    if fallbacks:
        others = [text for text in all_texts if not is_fallback(text)]
        if has_card(messages) or any(_ACKNOWLEDGED.match(text.strip()) for text in others):
            return "a 'did not understand' reply next to an answer"
    asking = [q for q in (question_of(text) for text in all_texts) if q]
    distinct = set(asking)
    if len(distinct) > 1:
        return "asks several different things: " + " | ".join(sorted(distinct))
    return None


# ---- loops and dead ends -----------------------------------------------------------------------
@dataclass
class TurnView:
    """What loop detection needs of one turn."""

    asked: set[str] = field(default_factory=set)
    answered_something: bool = False  # the turn answered a knowledge question


def find_loops(turns: Sequence[TurnView], repeats: int = 3) -> list[dict[str, object]]:
    """Questions asked in ``repeats`` consecutive turns with nothing else answered between.

    A turn that answered a knowledge question ("what is KPO?" in the middle of the intake)
    and then re-asked the open question is a resumption, not a loop, so it breaks a run.
    """
    loops: list[dict[str, object]] = []
    runs: dict[str, int] = {}
    for index, turn in enumerate(turns):
        current: dict[str, int] = {}
        for question in turn.asked:
            previous = runs.get(question, 0)
            current[question] = 1 if turn.answered_something else previous + 1
            if current[question] == repeats:
                loops.append({"question": question, "turn": index - repeats + 1})
        runs = current
    return loops


def reached_recommendations(turn_messages: Sequence[Sequence[dict]]) -> bool:
    return any(has_card(messages) for messages in turn_messages)
