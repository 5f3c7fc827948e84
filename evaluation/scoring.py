"""From transcripts to figures: what each turn understood, answered and got wrong.

A transcript is the list of :class:`TurnRecord` the runner collected for one dialogue
(context turns, the scripted turns, and the "patient student" turns that try to reach the
recommendations). Scoring needs nothing else, so it is tested without servers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import classify
from .answers import MISSED, RIGHT, UNKNOWN, WRONG, AnswerKey, honours, resolve_role
from .corpus import Dialogue, Turn

PRELUDE, SCRIPT, TAIL = "prelude", "script", "tail"


@dataclass
class TurnRecord:
    text: str
    messages: list[dict]
    slots: dict[str, Any] = field(default_factory=dict)  # the tracker's slots after the turn
    phase: str = SCRIPT
    script_index: int | None = None  # position in Dialogue.turns for scripted turns
    error: str = ""

    @property
    def reply(self) -> str:
        return classify.joined(self.messages)


@dataclass
class TurnResult:
    text: str
    reply: str
    facts: list[tuple[str, bool]] = field(default_factory=list)
    answer: str | None = None  # right / wrong / unknown / missed
    answer_expected: dict | None = None
    wrong_with: list[str] = field(default_factory=list)
    stuck: bool = False  # asked for a way forward, got none
    language: tuple[str, str] | None = None  # (expected, seen)
    recommend: list[tuple[str, bool]] = field(default_factory=list)
    echoes: list[str] = field(default_factory=list)
    contradiction: str | None = None
    fallback: bool = False


@dataclass
class DialogueResult:
    id: str
    part: str
    suite: str
    kind: str
    category: str
    turns: list[TurnResult] = field(default_factory=list)
    loops: list[dict] = field(default_factory=list)
    dead_end: bool = False
    context_reached: bool = True
    errors: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        """Plain-language reasons this dialogue fails, for the report's list."""
        found = list(self.errors)
        if not self.context_reached:
            found.append("context not reached (the scripted lead-in did not get there)")
        for n, turn in enumerate(self.turns, 1):
            label = (
                f"turn {n} {turn.text[:60]!r}"
                if self.kind == "conversation"
                else repr(turn.text[:80])
            )
            missing = [fact for fact, ok in turn.facts if not ok]
            if missing:
                found.append(f"{label}: not understood: {', '.join(missing)}")
            unmet = [check for check, ok in turn.recommend if not ok]
            if unmet:
                found.append(f"{label}: recommendations: {', '.join(unmet)}")
            if turn.answer not in (None, RIGHT):
                extra = f" (carried {', '.join(turn.wrong_with)})" if turn.wrong_with else ""
                found.append(f"{label}: answer {turn.answer}{extra}: {_short(turn.reply)}")
            if turn.stuck:
                found.append(f"{label}: no way forward: {_short(turn.reply)}")
            if turn.language and turn.language[0] != turn.language[1]:
                found.append(
                    f"{label}: reply language {turn.language[1]}, expected {turn.language[0]}"
                )
            if turn.echoes:
                found.append(f"{label}: echoes {turn.echoes}")
            if turn.contradiction:
                found.append(f"{label}: incoherent turn: {turn.contradiction}")
        for loop in self.loops:
            found.append(f"loop: {loop['question']!r} three times from turn {loop['turn'] + 1}")
        if self.dead_end:
            found.append("dead end: never reached the recommendations")
        return found


def _short(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


# ---- facts -------------------------------------------------------------------------------------
def check_facts(
    expected: dict[str, Any], profile: dict | None, slots: dict[str, Any], key: AnswerKey
) -> list[tuple[str, bool]]:
    """One (label, understood?) per expected fact, read from the ``profile`` slot and answers."""
    profile = profile or {}
    degree = profile.get("degree")
    degree_level, degree_field = key.degrees.get(degree, (None, None)) if degree else (None, None)
    results: list[tuple[str, bool]] = []
    for name, value in expected.items():
        if name in ("education_level", "degree", "field"):
            # A list names acceptable alternatives: "diploma in mechanical" may be read as
            # mechanical or as engineering, the field of the KB's polytechnic diploma.
            options = value if isinstance(value, list) else [value]
            seen = {
                "education_level": (profile.get("education_level"), degree_level),
                "degree": (degree,),
                "field": (profile.get("field"), degree_field),
            }[name]
            label = {"education_level": "level"}.get(name, name)
            results.append(
                (
                    f"{label}={'|'.join(map(str, options))}",
                    any(option in seen for option in options),
                )
            )
        elif name in ("pursuing", "no_skills"):
            results.append((f"{name}={value}", bool(profile.get(name)) == bool(value)))
        elif name == "experience_years":
            years = profile.get("experience_years")
            ok = isinstance(years, (int, float)) and abs(float(years) - float(value)) < 0.01
            results.append((f"experience={value}y", ok))
        elif name == "fresher":
            years = profile.get("experience_years")
            ok = profile.get("fresher") is value or (value is True and years == 0)
            results.append((f"fresher={value}", ok))
        elif name in ("skills", "goals", "preferences", "interests"):
            have = profile.get(name) or []
            results += [(f"{name[:-1]}={item}", item in have) for item in value]
        elif name.startswith("not_"):
            have = profile.get(name[4:]) or []
            results += [(f"no {name[4:-1]}={item}", item not in have) for item in value]
        elif name == "answered":
            results += [(f"answered {slot}", slots.get(slot) not in (None, "")) for slot in value]
    return results


def check_recommendations(
    expected: dict[str, Any], messages: Sequence[dict], key: AnswerKey
) -> list[tuple[str, bool]]:
    """Ranking and constraint checks on the first card of the turn."""
    items = next(
        (
            m["custom"].get("items", [])
            for m in messages
            if isinstance(m.get("custom"), dict)
            and m["custom"].get("type") == classify.RECOMMENDATION_CARD
        ),
        None,
    )
    labels = [f"first {expected['first']}"] if "first" in expected else []
    if "first_track" in expected:
        labels.append(f"first track {expected['first_track']}")
    labels += [f"{role} not first" for role in expected.get("not_first", [])]
    labels += [f"{pref} honoured or named" for pref in expected.get("honours", [])]
    if not items:
        return [(f"{label} (no recommendations shown)", False) for label in labels]
    first = items[0]
    results = []
    if "first" in expected:
        results.append((f"first {expected['first']}", first.get("role_type") == expected["first"]))
    if "first_track" in expected:
        results.append(
            (
                f"first track {expected['first_track']}",
                first.get("track") == expected["first_track"],
            )
        )
    results += [
        (f"{role} not first", first.get("role_type") != role)
        for role in expected.get("not_first", [])
    ]
    results += [
        (f"{pref} honoured or named", all(honours(item, pref, key) for item in items))
        for pref in expected.get("honours", [])
    ]
    return results


# ---- one dialogue --------------------------------------------------------------------------------
def score_dialogue(
    dialogue: Dialogue, records: Sequence[TurnRecord], key: AnswerKey, context_reached: bool = True
) -> DialogueResult:
    result = DialogueResult(
        id=dialogue.id,
        part=dialogue.part,
        suite=dialogue.suite,
        kind=dialogue.kind,
        category=dialogue.category,
        context_reached=context_reached,
    )
    result.errors = [record.error for record in records if record.error]
    shown: list[str] = []
    last_role: str | None = None
    for index, record in enumerate(records):
        if record.phase != SCRIPT or record.script_index is None:
            shown = classify.card_roles(record.messages) or shown
            continue
        turn = dialogue.turns[record.script_index]
        turn_result, last_role = score_turn(turn, record, key, shown, last_role)
        if turn.recommend:
            # The ranking is judged on the first card from this turn on, so an intake that
            # needed the patient student's extra turns still has its ranking checked.
            later = next((r for r in records[index:] if classify.has_card(r.messages)), record)
            turn_result.recommend = check_recommendations(turn.recommend, later.messages, key)
        result.turns.append(turn_result)
        shown = classify.card_roles(record.messages) or shown
    played = [record for record in records if record.phase != PRELUDE]
    views = [
        classify.TurnView(
            asked=classify.questions_asked(r.messages, r.slots.get("requested_slot")),
            answered_something=bool(key.carried(r.reply)),
        )
        for r in played
    ]
    result.loops = classify.find_loops(views)
    if dialogue.expect_recommendations:
        result.dead_end = not classify.reached_recommendations([r.messages for r in played])
    return result


def score_turn(
    turn: Turn, record: TurnRecord, key: AnswerKey, shown: Sequence[str], last_role: str | None
) -> tuple[TurnResult, str | None]:
    reply = record.reply
    result = TurnResult(text=turn.text, reply=reply)
    result.facts = check_facts(turn.understand, record.slots.get("profile"), record.slots, key)
    if turn.answer is not None:
        expected, last_role = _resolved(turn.answer, shown, last_role)
        result.answer_expected = expected
        if expected is None:
            result.answer = MISSED  # "$shown:2" with no card shown before
        else:
            result.answer, result.wrong_with = answer_verdict(reply, expected, record.messages, key)
    if turn.progress:
        result.stuck = not offers_way_forward(record.messages)
    if turn.language:
        read = "\n".join(classify.read_texts(record.messages))
        result.language = (turn.language, classify.script_of(read))
    result.echoes = classify.echoed_fragments(turn.text, reply)
    result.contradiction = classify.contradiction(record.messages)
    result.fallback = any(classify.is_fallback(text) for text in classify.texts(record.messages))
    return result, last_role


def answer_verdict(
    reply: str, expected: dict, messages: Sequence[dict], key: AnswerKey
) -> tuple[str, list[str]]:
    """The verdict on one answer and what a wrong answer carried instead.

    Showing the recommendations again is not an answer to a question: such a turn is
    "missed", even though its cards name roles (and may name the expected one), unless it
    also carries another FAQ's answer, which makes it wrong.
    """
    verdict = key.verdict(reply, expected)
    carried = key.wrong_items(reply, expected) if verdict == WRONG else []
    if classify.has_card(messages):
        carried = [item for item in carried if not item.startswith("role:")]
        verdict = WRONG if carried else (UNKNOWN if verdict == UNKNOWN else MISSED)
    return verdict, carried


def _resolved(answer: dict, shown: Sequence[str], last_role: str | None):
    """The expectation with "$shown:n" / "$last" replaced, and the role now under discussion."""
    if "any_of" in answer:
        options = [_resolved(option, shown, last_role)[0] for option in answer["any_of"]]
        options = [option for option in options if option is not None]
        return ({"any_of": options} if options else None), last_role
    resolved = dict(answer)
    if "role" in answer:
        role = resolve_role(str(answer["role"]), shown, last_role)
        if role is None:
            return None, last_role
        resolved["role"] = role
        return resolved, role
    if "roles" in answer:
        roles = [resolve_role(str(role), shown, last_role) for role in answer["roles"]]
        if None in roles:
            return None, last_role
        resolved["roles"] = roles
        return resolved, roles[-1]
    return resolved, last_role


def offers_way_forward(messages: Sequence[dict]) -> bool:
    """Not a bare "didn't get that": the reply asks something, offers choices or answers."""
    texts = classify.texts(messages)
    if not texts and not classify.has_card(messages):
        return False
    substantive = [text for text in texts if not classify.is_fallback(text)]
    if classify.has_card(messages):
        return True
    if not substantive:
        return False
    return any("?" in text for text in substantive) or bool(classify.buttons(messages))


# ---- figures ------------------------------------------------------------------------------
def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(results: Sequence[DialogueResult]) -> dict[str, Any]:
    """The headline numbers of a set of dialogues."""
    turns = [turn for result in results for turn in result.turns]
    facts = [ok for turn in turns for _, ok in turn.facts]
    answers = [turn.answer for turn in turns if turn.answer is not None]
    languages = [turn.language for turn in turns if turn.language]
    ranking = [ok for turn in turns for _, ok in turn.recommend]
    conversations = [r for r in results if r.kind == "conversation"]
    dead_end_turns = sum(1 for turn in turns if turn.stuck)
    return {
        "dialogues": len(results),
        "messages": sum(1 for r in results if r.kind == "message"),
        "conversations": len(conversations),
        "scored_turns": len(turns),
        "facts_total": len(facts),
        "facts_understood": sum(facts),
        "facts_rate": _ratio(sum(facts), len(facts)),
        "questions_total": len(answers),
        "questions_right": answers.count(RIGHT),
        "questions_wrong": answers.count(WRONG),
        "questions_unknown": answers.count(UNKNOWN),
        "questions_missed": answers.count(MISSED),
        "right_rate": _ratio(answers.count(RIGHT), len(answers)),
        "wrong_rate": _ratio(answers.count(WRONG), len(answers)),
        "loops": sum(len(r.loops) for r in results),
        "dead_ends": sum(1 for r in results if r.dead_end) + dead_end_turns,
        "dead_end_conversations": sum(1 for r in results if r.dead_end),
        "stuck_turns": dead_end_turns,
        "echoes": sum(1 for turn in turns if turn.echoes),
        "contradictions": sum(1 for turn in turns if turn.contradiction),
        "fallbacks": sum(1 for turn in turns if turn.fallback),
        "ranking_total": len(ranking),
        "ranking_ok": sum(ranking),
        "language_total": len(languages),
        "language_right": sum(1 for expected, seen in languages if expected == seen),
        "language_rate": _ratio(sum(1 for e, s in languages if e == s), len(languages)),
        "context_not_reached": sum(1 for r in results if not r.context_reached),
        "errors": sum(len(r.errors) for r in results),
    }


def as_dict(result: DialogueResult) -> dict[str, Any]:
    data = asdict(result)
    data["failures"] = result.failures()
    return data
