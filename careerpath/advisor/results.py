"""What the advisor hands back: ranked recommendations and the advice around them.

Both classes are frozen and JSON-friendly (``to_dict``) because they travel into Rasa
slots, reports and the CLI's ``--json`` output.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List

FIT_TIERS = ("strong", "good", "possible", "stretch")
EDUCATION_STATUSES = ("meets", "stretch", "below")


@dataclass(frozen=True)
class Recommendation:
    role_type: str
    name: str
    track: str
    score: float
    fit: str
    matched_skills: List[str]
    missing_skills: List[str]
    education_fit: Dict[str, str]
    entry_roles: List[str]
    growth_path: List[str]
    training: List[Dict[str, Any]]
    work_style: Dict[str, Any]
    why: str

    def to_dict(self) -> Dict[str, Any]:
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
            "growth_path": list(self.growth_path),
            "training": [
                {"skill": item["skill"], "courses": [dict(course) for course in item["courses"]]}
                for item in self.training
            ],
            "work_style": _plain(self.work_style),
            "why": self.why,
        }


@dataclass(frozen=True)
class Advice:
    summary: Dict[str, Any]
    recommendations: List[Recommendation]
    prerequisites: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "summary": _plain(self.summary),
            "recommendations": [rec.to_dict() for rec in self.recommendations],
            "prerequisites": list(self.prerequisites),
            "notes": list(self.notes),
        }


def _plain(value: Any) -> Any:
    """A deep copy made of dicts, lists and scalars only (tuples become lists)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
