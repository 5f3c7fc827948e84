"""The realistic corpus (tests/realistic/): reading it and checking it against the KB.

Files live in ``tests/realistic/tuning/`` and ``tests/realistic/heldout/``; the folder is
the part. A file holds ``messages`` (one scored message each, after an optional context)
and/or ``conversations`` (several scored turns); ``suite: hindi`` marks the Hindi part.
Every item becomes a :class:`Dialogue`, so the runner and the scorer treat both alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .answers import ASPECTS, AnswerKey

CORPUS_DIR = Path(__file__).resolve().parents[1] / "tests" / "realistic"
PARTS = ("tuning", "heldout")
CONTEXTS = ("fresh", "greeted", "recommended")
INTAKE_SLOTS = ("education", "skills", "goals", "preferences", "experience")
LANGUAGES = ("en", "hi")

# understand: key -> (kind of id it names, is it a list)
FACT_KEYS: dict[str, tuple] = {
    "education_level": ("level", False),
    "degree": ("degree", False),
    "field": ("field", False),
    "pursuing": (None, False),
    "no_skills": (None, False),
    "experience_years": (None, False),
    "fresher": (None, False),
    "skills": ("skill", True),
    "not_skills": ("skill", True),
    "goals": ("goal", True),
    "not_goals": ("goal", True),
    "preferences": ("preference", True),
    "not_preferences": ("preference", True),
    "interests": ("interest", True),
    "answered": ("slot", True),
}


WARNING = "warning: "


class CorpusError(ValueError):
    pass


@dataclass
class Turn:
    text: str
    understand: dict[str, Any] = field(default_factory=dict)
    answer: dict | None = None
    progress: bool = False  # the reply must offer a way forward
    language: str | None = None  # expected script of the reply: "en" / "hi"
    recommend: dict[str, Any] = field(default_factory=dict)  # checks on the card shown
    note: str = ""


@dataclass
class Dialogue:
    id: str
    part: str  # tuning / heldout
    suite: str  # main / hindi
    kind: str  # message / conversation
    category: str
    source: str  # file name, for messages
    context: str = "fresh"
    before: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    expect_recommendations: bool = False
    note: str = ""


def load_corpus(directory: Path = CORPUS_DIR, parts=PARTS) -> list[Dialogue]:
    dialogues: list[Dialogue] = []
    for part in parts:
        for path in sorted((directory / part).glob("*.yml")):
            dialogues += read_file(path, part)
    return dialogues


def read_file(path: Path, part: str) -> list[Dialogue]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    suite = raw.get("suite", "main")
    default_category = raw.get("category", path.stem)
    result: list[Dialogue] = []
    for item in raw.get("messages", []) or []:
        where = f"{path.name}: {item.get('id', '?')}"
        turn = _turn(item, where)
        if item.get("repeat"):  # a very long paste: the same text several times over
            turn.text = " ".join([turn.text.strip()] * int(item["repeat"]))
        result.append(
            Dialogue(
                id=_required(item, "id", where),
                part=part,
                suite=suite,
                kind="message",
                category=item.get("category", default_category),
                source=path.name,
                context=item.get("context", "fresh"),
                before=list(item.get("before") or []),
                turns=[turn],
                note=item.get("note", ""),
            )
        )
    for item in raw.get("conversations", []) or []:
        where = f"{path.name}: {item.get('id', '?')}"
        turns = [
            _turn(step, f"{where} turn {n}") for n, step in enumerate(item.get("turns") or [], 1)
        ]
        if not turns:
            raise CorpusError(f"{where}: a conversation needs turns")
        result.append(
            Dialogue(
                id=_required(item, "id", where),
                part=part,
                suite=suite,
                kind="conversation",
                category=item.get("category", default_category),
                source=path.name,
                context=item.get("context", "fresh"),
                before=list(item.get("before") or []),
                turns=turns,
                expect_recommendations=bool(item.get("expect_recommendations", False)),
                note=item.get("note", ""),
            )
        )
    return result


def _required(item: dict, key: str, where: str) -> Any:
    if not item.get(key):
        raise CorpusError(f"{where}: missing {key!r}")
    return item[key]


def _turn(item: dict, where: str) -> Turn:
    text = item.get("say", item.get("text"))
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: missing the user's text ('say' or 'text')")
    return Turn(
        text=text,
        understand=dict(item.get("understand") or {}),
        answer=item.get("answer"),
        progress=bool(item.get("progress", False)),
        language=item.get("language"),
        recommend=dict(item.get("recommend") or {}),
        note=item.get("note", ""),
    )


# ---- validation ----------------------------------------------------------------------------------
def problems(dialogues: list[Dialogue], key: AnswerKey) -> list[str]:
    """Everything in the corpus that names an id the knowledge base does not have, etc."""
    found: list[str] = []
    seen: dict[str, str] = {}
    for dialogue in dialogues:
        where = f"{dialogue.part}/{dialogue.source}: {dialogue.id}"
        if dialogue.id in seen:
            found.append(f"{where}: id also used in {seen[dialogue.id]}")
        seen[dialogue.id] = where
        if not _known_context(dialogue.context):
            found.append(f"{where}: unknown context {dialogue.context!r}")
        for turn in dialogue.turns:
            found += [f"{where}: {problem}" for problem in _turn_problems(turn, key)]
    return found


def _known_context(context: str) -> bool:
    if context in CONTEXTS:
        return True
    kind, _, slot = context.partition(":")
    return kind == "intake" and slot in INTAKE_SLOTS


def _turn_problems(turn: Turn, key: AnswerKey) -> list[str]:
    found: list[str] = []
    for name, value in turn.understand.items():
        if name not in FACT_KEYS:
            found.append(f"unknown fact {name!r}")
            continue
        kind, is_list = FACT_KEYS[name]
        values = value if is_list or isinstance(value, list) else [value]
        if is_list and not isinstance(value, list):
            found.append(f"{name} must be a list")
            continue
        known = INTAKE_SLOTS if kind == "slot" else key.ids.get(kind)
        if kind is None or known is None:  # plain values; interests before their KB data exists
            continue
        # Interest ids were written before the KB had interests: a mismatch is reported, not
        # fatal, so the measurement still runs (those facts then count as not understood).
        prefix = WARNING if kind == "interest" else ""
        found += [f"{prefix}{name}: {v!r} is not a {kind} id" for v in values if v not in known]
    if turn.answer is not None:
        found += _answer_problems(turn.answer, key)
    found += _recommend_problems(turn.recommend, key)
    if turn.language is not None and turn.language not in LANGUAGES:
        found.append(f"language must be one of {LANGUAGES}")
    return found


def _recommend_problems(recommend: dict, key: AnswerKey) -> list[str]:
    found = [
        f"recommend: unknown check {name!r}"
        for name in recommend
        if name not in ("first", "first_track", "not_first", "honours")
    ]
    if recommend.get("first_track", "BPO") not in ("BPO", "KPO"):
        found.append("recommend: first_track must be BPO or KPO")
    found += [
        f"recommend: {r!r} is not a role id"
        for r in [
            *recommend.get("not_first", []),
            *([recommend["first"]] if "first" in recommend else []),
        ]
        if r not in key.roles
    ]
    found += [
        f"recommend: {p!r} is not a preference id"
        for p in recommend.get("honours", [])
        if p not in key.ids.get("preference", set())
    ]
    return found


def _answer_problems(answer: dict, key: AnswerKey) -> list[str]:
    if not isinstance(answer, dict):
        return [f"answer must be a mapping, not {answer!r}"]
    if "any_of" in answer:
        return [p for option in answer["any_of"] for p in _answer_problems(option, key)]
    found = []
    roles = answer.get("roles") or ([answer["role"]] if "role" in answer else [])
    for role in roles:
        if not (role in key.roles or role == "$last" or str(role).startswith("$shown:")):
            found.append(f"answer: {role!r} is not a role id")
    if "faq" in answer and answer["faq"] not in key.faqs:
        found.append(f"answer: {answer['faq']!r} is not a FAQ id")
    if answer.get("aspect", "overview") not in ASPECTS:
        found.append(f"answer: unknown aspect {answer['aspect']!r}")
    if not (roles or "faq" in answer or answer.get("compare_tracks")):
        found.append(f"answer: says nothing to check: {answer!r}")
    return found
