"""What the advisor hands back: ranked recommendations and the advice around them.

Both classes are frozen and JSON-friendly (``to_dict``) because they travel into Rasa
slots, reports and the CLI's ``--json`` output. A growth path stays typed
(:class:`GrowthStepInfo`) until it is shown: ``to_dict`` gives both the display text
("Team Leader (3-5 yrs)", what cards show) and the steps as data (``growth_steps``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from careerpath.kb.catalog import GrowthStepInfo
from careerpath.wording import text

FIT_TIERS = ("strong", "good", "possible", "stretch")


@dataclass(frozen=True)
class Recommendation:
    role_type: str
    name: str
    track: str
    score: float
    fit: str
    matched_skills: list[str]
    missing_skills: list[str]
    education_fit: dict[str, str]
    entry_roles: list[str]
    growth_path: tuple[GrowthStepInfo, ...]
    training: list[dict[str, Any]]
    work_style: dict[str, Any]
    why: str
    # The person's interests (names) the role suits, and the role's facts that go against a
    # stated preference: {"preference", "fact", "value", "text"} with ``text`` in words.
    interests: list[str] = field(default_factory=list)
    clashes: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "role_type": self.role_type,
            "name": self.name,
            "track": self.track,
            "score": self.score,
            "fit": self.fit,
            "matched_skills": list(self.matched_skills),
            "missing_skills": list(self.missing_skills),
            "education_fit": dict(self.education_fit),
            "entry_roles": list(self.entry_roles),
            "growth_path": [growth_step_text(step) for step in self.growth_path],
            "growth_steps": [
                {"title": step.title, "years": step.typical_years} for step in self.growth_path
            ],
            "training": [
                {"skill": item["skill"], "courses": [dict(course) for course in item["courses"]]}
                for item in self.training
            ],
            "work_style": _plain(self.work_style),
            "why": self.why,
            "interests": list(self.interests),
            "clashes": [dict(clash) for clash in self.clashes],
        }


@dataclass(frozen=True)
class Advice:
    summary: dict[str, Any]
    recommendations: list[Recommendation]
    prerequisites: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": _plain(self.summary),
            "recommendations": [rec.to_dict() for rec in self.recommendations],
            "prerequisites": list(self.prerequisites),
            "notes": list(self.notes),
        }


def growth_step_text(step: GrowthStepInfo) -> str:
    """ "Team Leader (3-5 yrs)", or the title alone when the years are not known."""
    if not step.typical_years:
        return step.title
    return text("advisor.growth_step", title=step.title, years=step.typical_years)


def growth_steps_from_dict(rec: dict[str, Any]) -> Sequence[tuple[str, str | None]] | None:
    """(title, years) of a stored recommendation's growth path; None when it has none.
    Advice stored before ``growth_steps`` existed gives the display texts, years unknown."""
    steps = rec.get("growth_steps")
    if isinstance(steps, list):
        return [
            (str(step.get("title", "")), step.get("years"))
            for step in steps
            if isinstance(step, dict) and step.get("title")
        ]
    texts = rec.get("growth_path")
    return [(str(text), None) for text in texts if text] if isinstance(texts, list) else None


def _plain(value: Any) -> Any:
    """A deep copy made of dicts, lists and scalars only (tuples become lists)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
