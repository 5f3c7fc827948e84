"""Is a reply the right answer to a question about a role type, a FAQ or the tracks?

The answer key is read straight from the knowledge-base YAML sources (no database, no bot
code), so the instrument judges the bot against the facts, not against its own wording.
A reply is **right** when it names the expected role and carries facts of the asked aspect
(or contains the expected FAQ answer); **wrong** when, instead, it confidently carries
another FAQ's answer, another role's facts or the BPO/KPO table; **unknown** when it says
honestly that it has no answer; otherwise **missed** (help text, a fallback, an intake
question: not an answer, not a wrong one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .classify import contains, is_honest_unknown, normalise
from .translations import (
    TRANSLATED_PART_TIME,
    TRANSLATED_SHIFTS,
    TRANSLATED_VOICE,
    ids_by_text,
    overlay_texts,
    translated,
)

SOURCES = Path(__file__).resolve().parents[1] / "careerpath" / "kb" / "sources"
RIGHT, WRONG, UNKNOWN, MISSED = "right", "wrong", "unknown", "missed"
ASPECTS = (
    "overview",
    "salary",
    "shifts",
    "voice",
    "skills",
    "education",
    "entry_jobs",
    "growth",
    "training",
    "suits",
    "part_time",
    "work",
)
_PAY_WORDS = ("salary", "pay", "paid", "earn", "package", "income")
# How many words of a long text must appear for the text to count as present.
QUOTE_WORDS = 8


def _quote(text: str, words: int = QUOTE_WORDS) -> str:
    """The first ``words`` words of ``text``: enough to recognise it inside a reply."""
    return " ".join(normalise(text).split()[:words])


def _without_brackets(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


@dataclass
class RoleFacts:
    id: str
    name: str
    track: str
    names: tuple[str, ...]
    description: str
    entry_roles: tuple[str, ...]
    skills: tuple[str, ...]
    growth_titles: tuple[str, ...]
    growth_note: str
    salary_level: str
    shifts: str
    voice: str
    part_time: bool
    min_education: str
    goals: tuple[str, ...]
    courses: tuple[str, ...]
    # The same facts in the knowledge base's other languages (sources/<lang>/), so a role
    # answered in Hindi is recognised by its Hindi name and Hindi facts.
    translated: tuple[RoleFacts, ...] = ()

    def versions(self) -> tuple[RoleFacts, ...]:
        return (self, *self.translated)


@dataclass
class AnswerKey:
    """Facts from the knowledge base that a right answer must contain."""

    roles: dict[str, RoleFacts] = field(default_factory=dict)
    faqs: dict[str, str] = field(default_factory=dict)  # id -> first words of the answer
    # id -> first words of the answer in the other languages (sources/<lang>/faq.yml)
    translated_faqs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    comparison_aspects: tuple[str, ...] = ()
    level_names: dict[str, str] = field(default_factory=dict)
    translated_level_names: tuple[dict[str, str], ...] = ()  # per other language: id -> name
    degrees: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id -> (level, field)
    ids: dict[str, set] = field(default_factory=dict)  # kind -> known ids (corpus checks)

    # ---- single facts ----------------------------------------------------------------------
    def names_role(self, text: str, role_id: str) -> bool:
        versions = self.roles[role_id].versions()
        return any(contains(text, name) for role in versions for name in role.names)

    def role_facts(self, role_id: str, aspect: str) -> tuple[list[str], int]:
        """The phrases that show ``aspect`` of a role, in any language of the knowledge base,
        and how many of them must appear."""
        role = self.roles[role_id]
        phrases, needed = self._facts_of(role, aspect)
        for version in role.translated:
            phrases += self._facts_of(version, aspect)[0]
        if aspect == "shifts":
            phrases += list(TRANSLATED_SHIFTS.get(role.shifts, ()))
        elif aspect == "voice":
            phrases += list(TRANSLATED_VOICE.get(role.voice, ()))
        elif aspect == "part_time":
            phrases += list(TRANSLATED_PART_TIME)
        return phrases, needed

    def _facts_of(self, role: RoleFacts, aspect: str) -> tuple[list[str], int]:
        if aspect == "salary":
            return [_quote(role.growth_note, 6)] + [
                f"{role.salary_level} {w}" for w in _PAY_WORDS
            ] + [f"{w} is {role.salary_level}" for w in _PAY_WORDS], 1
        if aspect == "shifts":
            return [f"{role.shifts} shift", f"{role.shifts} shifts"], 1
        if aspect == "voice":
            words = {
                "voice": ["calls", "voice"],
                "non_voice": ["non voice", "chat", "email"],
                "either": ["calls or non voice", "voice or non voice", "voice and non voice"],
            }
            return words.get(role.voice, ["voice"]), 1
        if aspect == "skills":
            return list(role.skills), 2
        if aspect == "education":
            names = [self.level_names.get(role.min_education, role.min_education)]
            names += [
                table[role.min_education]
                for table in self.translated_level_names
                if role.min_education in table
            ]
            return names, 1
        if aspect == "entry_jobs":
            return [_without_brackets(title) for title in role.entry_roles], 1
        if aspect == "growth":
            return list(role.growth_titles), 2
        if aspect == "training":
            return list(role.courses) + ["course", "training"], 1
        if aspect == "suits":
            return list(role.goals) + [_quote(role.description, 6)], 1
        if aspect == "part_time":
            return ["part time"], 1
        # overview / work: what the role is
        return (
            [_quote(role.description, 6)]
            + [_without_brackets(t) for t in role.entry_roles]
            + list(role.skills[:3])
        ), 1

    def answers_role(self, text: str, role_id: str, aspect: str = "overview") -> bool:
        if role_id not in self.roles or not self.names_role(text, role_id):
            return False
        phrases, needed = self.role_facts(role_id, aspect)
        return sum(1 for phrase in set(phrases) if phrase and contains(text, phrase)) >= needed

    def answers_faq(self, text: str, faq_id: str) -> bool:
        said = normalise(text)
        quotes = (self.faqs.get(faq_id), *self.translated_faqs.get(faq_id, ()))
        return any(quote and quote in said for quote in quotes)

    def shows_comparison(self, text: str) -> bool:
        present = sum(1 for aspect in self.comparison_aspects if contains(text, aspect))
        return present >= max(2, len(self.comparison_aspects) // 2)

    # ---- what a reply carries ---------------------------------------------------------------
    def carried(self, text: str) -> list[str]:
        """Every knowledge answer the reply carries: "faq:<id>", "role:<id>", "comparison"."""
        found = [f"faq:{faq_id}" for faq_id in self.faqs if self.answers_faq(text, faq_id)]
        found += [f"role:{role_id}" for role_id in self.roles if self.answers_role(text, role_id)]
        if self.shows_comparison(text):
            found.append("comparison")
        return found

    def satisfies(self, text: str, expected: dict) -> bool:
        """Does ``text`` meet one expectation (see ``verdict`` for the forms)."""
        if "any_of" in expected:
            return any(self.satisfies(text, option) for option in expected["any_of"])
        if "faq" in expected:
            return self.answers_faq(text, expected["faq"])
        if "roles" in expected:  # a comparison of two or more roles
            aspect = expected.get("aspect", "overview")
            return all(self.answers_role(text, role, aspect) for role in expected["roles"])
        if "role" in expected:
            return self.answers_role(text, expected["role"], expected.get("aspect", "overview"))
        if expected.get("compare_tracks"):
            return self.shows_comparison(text)
        raise ValueError(f"unknown answer expectation {expected!r}")

    def verdict(self, text: str, expected: dict) -> str:
        """right / wrong / unknown / missed for one reply to one question."""
        if self.satisfies(text, expected):
            return RIGHT
        allowed = set(_expected_keys(expected))
        others = [item for item in self.carried(text) if item not in allowed]
        if others:
            return WRONG
        if is_honest_unknown(text):
            return UNKNOWN
        return MISSED

    def wrong_items(self, text: str, expected: dict) -> list[str]:
        allowed = set(_expected_keys(expected))
        return [item for item in self.carried(text) if item not in allowed]


# A stated preference, the role facts that clash with it, and the words a card must use
# to say so ("the card says so in words").
CLASHES: dict[str, tuple] = {
    "day_shift": (lambda role: role.shifts in ("night", "rotational"), ("shift", "night")),
    "non_voice": (lambda role: role.voice == "voice", ("call", "voice")),
    "part_time": (lambda role: not role.part_time, ("part-time", "part time", "full-time")),
}


def honours(item: dict, preference: str, key: AnswerKey) -> bool:
    """Does a recommendation card item respect ``preference``, or say in words that it clashes?"""
    role = key.roles.get(str(item.get("role_type")))
    rule = CLASHES.get(preference)
    if role is None or rule is None:
        return True
    clashes, words = rule
    if not clashes(role):
        return True
    # Naming the work style ("rotational shifts") is not flagging the clash; the explanation
    # of the match has to say it.
    said = " ".join(
        str(value) for name, value in item.items() if name not in ("work_style", "work")
    ).lower()
    return any(word in said for word in words)


def _expected_keys(expected: dict) -> list[str]:
    if "any_of" in expected:
        return [key for option in expected["any_of"] for key in _expected_keys(option)]
    if "faq" in expected:
        return [f"faq:{expected['faq']}"]
    if "roles" in expected:
        return [f"role:{role}" for role in expected["roles"]]
    if "role" in expected:
        return [f"role:{expected['role']}"]
    return ["comparison"] if expected.get("compare_tracks") else []


# ---- loading -------------------------------------------------------------------------------------
def _read(name: str, directory: Path) -> dict:
    with (directory / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def role_names(name: str) -> tuple[str, ...]:
    """The full name, the name without its bracket, and the bracket when it is a long form.

    "Legal Process Outsourcing (LPO)" -> itself and "Legal Process Outsourcing"; short forms
    alone ("LPO", "IP") are too ambiguous to prove that a reply talks about the role.
    """
    names = [name, _without_brackets(name)]
    return tuple(dict.fromkeys(n for n in names if n))


def load_answer_key(directory: Path = SOURCES) -> AnswerKey:
    roles_raw = _read("roles.yml", directory)["roles"]
    skills = {item["id"]: item["name"] for item in _read("skills.yml", directory)["skills"]}
    education = _read("education.yml", directory)
    goals_raw = _read("goals.yml", directory)
    goal_names = {item["id"]: item["name"] for item in goals_raw.get("goals", [])}
    courses: dict[str, list[str]] = {}
    for course in _read("training.yml", directory).get("courses", []):
        courses.setdefault(course["skill"], []).append(course["title"])
    key = AnswerKey()
    key.level_names = {level["id"]: level["name"] for level in education["levels"]}
    key.degrees = {
        item["id"]: (item["level"], item.get("field")) for item in education.get("degrees", [])
    }
    for raw in roles_raw:
        style = raw.get("work_style") or {}
        role_skills = [skills.get(item["skill"], item["skill"]) for item in raw.get("skills", [])]
        key.roles[raw["id"]] = RoleFacts(
            id=raw["id"],
            name=raw["name"],
            track=raw["track"],
            names=role_names(raw["name"]),
            description=" ".join(str(raw.get("description", "")).split()),
            entry_roles=tuple(raw.get("entry_roles") or ()),
            skills=tuple(role_skills),
            growth_titles=tuple(step["title"] for step in raw.get("growth_path") or ()),
            growth_note=str((raw.get("growth") or {}).get("note", "")),
            salary_level=str((raw.get("growth") or {}).get("salary_level", "")),
            shifts=str(style.get("shifts", "")),
            voice=str(style.get("voice", "")),
            part_time=bool(style.get("part_time")),
            min_education=str((raw.get("education") or {}).get("minimum", "")),
            goals=tuple(goal_names.get(goal, goal) for goal in raw.get("suits_goals") or ()),
            courses=tuple(
                title for item in raw.get("skills", []) for title in courses.get(item["skill"], [])
            ),
        )
    for faq in _read("faq.yml", directory)["faqs"]:
        key.faqs[faq["id"]] = _quote(str(faq["answer"]))
    # A Hindi conversation gets the FAQ's Hindi answer: the same answer, in its language.
    for overlay in sorted(path for path in directory.glob("*/faq.yml")):
        for faq_id, texts in (
            (yaml.safe_load(overlay.read_text("utf-8")) or {}).get("faqs", {}).items()
        ):
            if isinstance(texts, dict) and texts.get("answer"):
                quote = _quote(str(texts["answer"]))
                key.translated_faqs[faq_id] = (*key.translated_faqs.get(faq_id, ()), quote)
    _add_translations(key, directory)
    key.comparison_aspects = tuple(
        row["aspect"] for row in _read("comparison.yml", directory)["rows"]
    )
    key.ids = {
        "role": set(key.roles),
        "faq": set(key.faqs),
        "skill": set(skills),
        "level": set(key.level_names),
        "degree": {item["id"] for item in education.get("degrees", [])},
        "field": {item["id"] for item in education.get("fields", [])},
        "goal": set(goal_names),
        "preference": {item["id"] for item in goals_raw.get("preferences", [])},
    }
    interests = directory / "interests.yml"
    if interests.exists():  # the interests data lands with the intake's interests question
        raw = _read("interests.yml", directory)
        key.ids["interest"] = {item["id"] for item in raw.get("interests", []) if "id" in item}
    return key


def _add_translations(key: AnswerKey, directory: Path) -> None:
    """Each role's facts in every language the sources have an overlay for (sources/hi/):
    the overlay's texts where it has one, the English ones (job titles, tool names) else."""
    for folder in sorted(path for path in directory.iterdir() if (path / "roles.yml").exists()):
        roles = _read("roles.yml", folder).get("roles") or {}
        skills = overlay_texts(folder, "skills.yml", "skills")
        goals = overlay_texts(folder, "goals.yml", "goals")
        courses = overlay_texts(folder, "training.yml", "courses", "title")
        key.translated_level_names += (overlay_texts(folder, "education.yml", "levels"),)
        english_courses = ids_by_text(directory, "training.yml", "courses", "title")
        skill_ids = ids_by_text(directory, "skills.yml", "skills", "name")
        goal_ids = ids_by_text(directory, "goals.yml", "goals", "name")
        for role_id, role in key.roles.items():
            texts = roles.get(role_id) or {}
            if not isinstance(texts, dict) or texts.get("english_only"):
                continue
            name = str(texts.get("name") or role.name)
            role.translated += (
                replace(
                    role,
                    name=name,
                    names=role_names(name),
                    description=" ".join(str(texts.get("description") or "").split()),
                    entry_roles=tuple(texts.get("entry_roles") or role.entry_roles),
                    growth_titles=tuple(texts.get("growth_path") or role.growth_titles),
                    growth_note=str(texts.get("growth_note") or ""),
                    skills=translated(role.skills, skill_ids, skills),
                    goals=translated(role.goals, goal_ids, goals),
                    courses=translated(role.courses, english_courses, courses),
                    translated=(),
                ),
            )


def resolve_role(reference: str, shown: Sequence[str], last: str | None) -> str | None:
    """ "$shown:2" -> the second role of the last card; "$last" -> the last role discussed."""
    if reference == "$last":
        return last
    if reference.startswith("$shown:"):
        position = int(reference.split(":", 1)[1])
        return shown[position - 1] if 0 < position <= len(shown) else None
    return reference
