"""``recommend`` and ``why_not_track``: the typed scores of ``scoring.py`` put into words.

Scoring computes (no sentences); ``explain/`` words the results; this module is the only
one that uses both, so the dependency runs one way: advice -> explain -> scoring's types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from careerpath.kb.catalog import Catalog

from .catalog_views import function_roles, tracks_by_entry_level
from .explain.education import education_note, prerequisites
from .explain.tracks import track_summary, why_not_track_text
from .explain.why import clash_text, why
from .explain.work_style import work_style, work_style_notes
from .results import Advice, Recommendation
from .scoring import Person, RoleScore, best_first, rank_roles, score_all, too_little_to_go_on

if TYPE_CHECKING:  # the advisor only reads a Profile's attributes
    from careerpath.profiling import Profile

# How many of a track's roles count as "in your list already" for "why not <track>?".
SHOWN_IN_CHAT = 3


def recommend(profile: Profile, catalog: Catalog | None = None, limit: int | None = None) -> Advice:
    """Rank the function role types for ``profile``; best first, explained."""
    catalog = catalog or _default_catalog()
    person = Person.from_profile(profile, catalog)
    scored = [] if too_little_to_go_on(person) else rank_roles(person, catalog)
    if limit is not None:
        scored = scored[: max(limit, 0)]
    return Advice(
        summary=track_summary(person, scored, catalog),
        recommendations=[_recommendation(item, person, catalog) for item in scored],
        prerequisites=prerequisites(person, catalog, function_roles(catalog)),
        notes=work_style_notes(person, catalog, tracks_by_entry_level(catalog)),
    )


def why_not_track(
    profile: Profile, track: str, catalog: Catalog | None = None, shown: int = SHOWN_IN_CHAT
) -> str:
    """Plain answer to "why not KPO?" (or BPO): the closest role of that track and what holds
    it back."""
    catalog = catalog or _default_catalog()
    track = track.upper()
    person = Person.from_profile(profile, catalog)
    if track not in catalog.tracks or too_little_to_go_on(person):
        return why_not_track_text(person, track, None, None, catalog)
    everything = best_first(score_all(person, catalog))
    in_track = [item for item in everything if item.role.track == track]
    rank = everything.index(in_track[0]) + 1 if in_track else None
    best = in_track[0] if in_track else None
    return why_not_track_text(
        person,
        track,
        best,
        rank if rank and rank <= shown else None,
        catalog,
        top=everything[0] if everything else None,
    )


def _default_catalog() -> Catalog:
    from careerpath.kb.repository import load_catalog  # late: no DB work at import

    return load_catalog()


def _recommendation(item: RoleScore, person: Person, catalog: Catalog) -> Recommendation:
    role = item.role
    note = education_note(item.education, person, role, catalog)
    return Recommendation(
        role_type=role.id,
        name=role.name,
        track=role.track,
        score=item.score,
        fit=item.fit,
        matched_skills=[catalog.skills[sid].name for sid in item.skills.matched],
        missing_skills=[catalog.skills[sid].name for sid in item.skills.missing],
        education_fit={"status": item.education.status, "note": note},
        entry_roles=list(role.entry_roles),
        growth_path=tuple(role.growth_path),
        training=[training_for(sid, catalog) for sid in item.skills.missing],
        work_style=work_style(person, role, catalog),
        why=why(item, person, catalog, note),
        interests=[catalog.interests[interest].name for interest in item.interests],
        clashes=[
            {
                "preference": clash.preference,
                "fact": clash.fact,
                "value": clash.value,
                "text": clash_text(clash),
            }
            for clash in item.clashes
        ],
    )


def training_for(skill_id: str, catalog: Catalog) -> dict[str, Any]:
    """Courses for one skill, in the catalog's order (an academy's own courses first)."""
    return {
        "skill": catalog.skills[skill_id].name,
        "courses": [
            {
                "title": course.title,
                "kind": course.kind,
                "duration_weeks": course.duration_weeks,
                "mode": course.mode,
                "provider": course.provider,
                "certification": course.certification,
                "source": course.source,
            }
            for course in catalog.courses.get(skill_id, ())
        ],
    }
