"""What a report says, gathered once from the profile, the advice and the catalog.

The Markdown and HTML renderers only lay this out, so both always say the same thing.
Everything here is plain text (not escaped); escaping is the renderers' job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from careerpath.advisor.catalog_views import tracks_by_entry_level
from careerpath.advisor.explain.phrasing import course_text
from careerpath.advisor.results import growth_steps_from_dict
from careerpath.profiling.describe import education_of, name_of
from careerpath.wording import UnknownKey, plural, text

__all__ = [
    "FitBar",
    "GrowthPath",
    "LadderStep",
    "ReportContent",
    "TrainingItem",
    "collect_content",
    "course_text",
    "growth_path",
    "percent",
    "profile_rows",
    "track_colours",
    "training_plan",
    "years_text",
]

TOP_RECOMMENDATIONS = 3
FIT_CHART_ROLES = 6
MAX_TRAINING_SKILLS = 8
MAX_COURSES_PER_SKILL = 2
# Track colours in the order of tracks_by_entry_level (the seeds: BPO blue, KPO purple).
TRACK_PALETTE = ("#2563eb", "#7c3aed", "#0f766e", "#b45309")
OTHER_TRACK_COLOUR = "#64748b"


@dataclass(frozen=True)
class FitBar:
    name: str
    track: str
    score: float  # 0..1
    fit: str


@dataclass(frozen=True)
class LadderStep:
    title: str
    years: str | None


@dataclass(frozen=True)
class GrowthPath:
    role_name: str
    track: str
    steps: tuple[LadderStep, ...]


@dataclass(frozen=True)
class TrainingItem:
    skill: str
    for_roles: tuple[str, ...]
    courses: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ReportContent:
    created_at: datetime
    profile_sentence: str
    profile_rows: tuple[tuple[str, str], ...]  # (label, value) in display order
    summary_text: str
    summary_reasons: tuple[str, ...]
    preferred_track: str
    recommendations: tuple[dict[str, Any], ...]  # Recommendation.to_dict() of the top ones
    fit_bars: tuple[FitBar, ...]
    training: tuple[TrainingItem, ...]
    growth: GrowthPath | None
    prerequisites: tuple[str, ...]
    notes: tuple[str, ...]
    counselor_note: str | None = None
    counselor: str | None = None
    student: str | None = None
    reference: str | None = None
    language: str | None = None  # the conversation's language code ("en", "hi"), when known
    extra: dict[str, Any] = field(default_factory=dict)
    track_colours: dict[str, str] = field(default_factory=dict)  # track id -> "#rrggbb"

    def colour_of(self, track: str) -> str:
        return self.track_colours.get(track, OTHER_TRACK_COLOUR)


def collect_content(
    profile,
    advice,
    catalog,
    *,
    note: str | None = None,
    counselor: str | None = None,
    student: str | None = None,
    reference: str | None = None,
    created_at: datetime | None = None,
    chosen_role: str | None = None,
    top: int = TOP_RECOMMENDATIONS,
    language: str | None = None,
) -> ReportContent:
    """``advice`` may be an Advice or its ``to_dict()``; ``chosen_role`` (a role type id)
    picks the growth path to draw, the top recommendation by default."""
    data = advice.to_dict() if hasattr(advice, "to_dict") else dict(advice or {})
    ranked = list(data.get("recommendations") or [])
    summary = data.get("summary") or {}
    shown = ranked[: max(top, 0)]
    return ReportContent(
        created_at=created_at or datetime.now(timezone.utc),
        profile_sentence=profile.describe(catalog),
        profile_rows=tuple(profile_rows(profile, catalog)),
        summary_text=summary.get("text") or "",
        summary_reasons=tuple(summary.get("reasons") or ()),
        preferred_track=summary.get("preferred_track") or "",
        recommendations=tuple(shown),
        fit_bars=tuple(
            FitBar(rec["name"], rec["track"], float(rec["score"]), rec["fit"])
            for rec in ranked[:FIT_CHART_ROLES]
        ),
        training=tuple(training_plan(shown)),
        growth=growth_path(_chosen(ranked, chosen_role), catalog),
        prerequisites=tuple(data.get("prerequisites") or ()),
        notes=tuple(data.get("notes") or ()),
        counselor_note=_clean(note),
        counselor=_clean(counselor),
        student=_clean(student),
        reference=_clean(reference),
        language=language,
        track_colours=track_colours(catalog),
    )


def profile_rows(profile, catalog) -> list[tuple[str, str]]:
    """Label/value pairs in the catalog's words; "not given" rather than a missing row, so
    a counselor sees what the session did not cover."""
    return [
        (text("report.profile.education"), _education(profile, catalog)),
        (
            text("report.profile.skills"),
            _names(catalog.skills, profile.skills)
            or text("report.none_yet" if profile.no_skills else "value.not_given"),
        ),
        (
            text("report.profile.goals"),
            _names(catalog.goals, profile.goals) or text("value.not_given"),
        ),
        (
            text("report.profile.preferences"),
            _names(catalog.preferences, profile.preferences) or text("report.no_preference_given"),
        ),
        (text("report.profile.experience"), _experience(profile)),
    ]


def training_plan(recommendations: Sequence[dict[str, Any]]) -> list[TrainingItem]:
    """Each missing skill once, in the order the top roles need them (essential first)."""
    by_skill: dict[str, TrainingItem] = {}
    for rec in recommendations:
        for item in rec.get("training") or []:
            skill = item["skill"]
            known = by_skill.get(skill)
            if known is not None:
                by_skill[skill] = TrainingItem(
                    skill, known.for_roles + (rec["name"],), known.courses
                )
            elif len(by_skill) < MAX_TRAINING_SKILLS:
                courses = tuple(
                    dict(course) for course in (item.get("courses") or [])[:MAX_COURSES_PER_SKILL]
                )
                by_skill[skill] = TrainingItem(skill, (rec["name"],), courses)
    return list(by_skill.values())


def growth_path(rec: dict[str, Any] | None, catalog) -> GrowthPath | None:
    if rec is None:
        return None
    role = catalog.roles.get(rec["role_type"]) if catalog is not None else None
    if role is not None and role.growth_path:
        steps = tuple(LadderStep(step.title, step.typical_years) for step in role.growth_path)
    else:  # a stored report whose role left the catalog: the advice's own steps
        steps = tuple(
            LadderStep(title, years) for title, years in growth_steps_from_dict(rec) or ()
        )
    return GrowthPath(rec["name"], rec["track"], steps) if steps else None


def track_colours(catalog) -> dict[str, str]:
    """A colour per track of the catalog, the entry track first."""
    ordered = tracks_by_entry_level(catalog) if catalog is not None else []
    return {track: TRACK_PALETTE[index % len(TRACK_PALETTE)] for index, track in enumerate(ordered)}


def years_text(years: str | None) -> str:
    """ "0-2" -> "0-2 years"; text that already names its unit is kept."""
    if not years:
        return ""
    return (
        years
        if re.search(r"[a-z]", years, re.IGNORECASE)
        else text("report.years_span", years=years)
    )


def fit_words(fit: str) -> str:
    """A fit level ("strong") in the words of the current language ("strong fit", "बहुत अच्छा
    मैच"): the card's own words, so the report and the chat say the same."""
    try:
        return text(f"card.fit.{fit}")
    except UnknownKey:
        return text("report.fit_score", fit=fit)


def percent(score: float) -> str:
    return f"{round(score * 100)}%"


# ---- helpers ---------------------------------------------------------------------------------
def _chosen(ranked: list[dict[str, Any]], chosen_role: str | None) -> dict[str, Any] | None:
    for rec in ranked:
        if rec["role_type"] == chosen_role:
            return rec
    return ranked[0] if ranked else None


def _names(table: dict[str, Any], ids: Sequence[str]) -> str:
    return ", ".join(name_of(table, item) for item in ids)


def _education(profile, catalog) -> str:
    return education_of(
        catalog, profile.education_level, profile.degree, profile.field, profile.pursuing
    ).report_row()


def _experience(profile) -> str:
    years = profile.experience_years
    if years:
        return plural("report.years", years)
    if profile.fresher or years == 0:
        return text("value.fresher")
    return text("value.not_given")


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
