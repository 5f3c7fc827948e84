"""Which track to aim for first, and "why not KPO?" - in words, from the tracks' data.

The track ids and facts come from tracks.yml: the *entry* track is the one whose roles
accept the lowest education (BPO in the seeds), the *further* track asks for most (KPO).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence

from careerpath.kb.catalog import Catalog

from ..catalog_views import lowest_minimum, tracks_by_entry_level
from .education import education_note
from .phrasing import as_sentence, join_words, level_as_goal, lower_first, person_education
from .why import GROWTH_WORDS, PAY_WORDS, compared_with_other, essential_skills

if TYPE_CHECKING:
    from ..scoring import Person, RoleScore

EITHER = "either"


def track_summary(person: "Person", scored: Sequence["RoleScore"],
                  catalog: Catalog) -> Dict[str, Any]:
    """Which track to aim for first, with reasons from the seeds' track facts."""
    ordered = tracks_by_entry_level(catalog)
    if person.level is None:
        return {"preferred_track": EITHER,
                "text": f"Tell us your education and we can say whether "
                        f"{join_words(ordered, 'or')} suits you better.",
                "reasons": []}
    entry, further = ordered[0], ordered[-1]
    education = person_education(person, catalog)
    further_minimum = lowest_minimum(catalog, further) if further != entry else None
    finishing_degree = (bool(further_minimum) and person.pursuing
                        and person.level == further_minimum)
    if further_minimum and _short_of(person, further_minimum, catalog) and not finishing_degree:
        return _degree_first_summary(person, entry, further, catalog)
    votes = {track_id: 0 for track_id in catalog.tracks}
    reasons: List[str] = []
    wants_by_track: Dict[str, List[str]] = {}
    for goal_id in person.goals:
        goal = catalog.goals[goal_id]
        if goal.favours_track in votes:
            votes[goal.favours_track] += 1
            wants_by_track.setdefault(goal.favours_track, []).append(lower_first(goal.name))
    for track_id, wants in wants_by_track.items():
        reasons.append(f"You want {join_words(wants)}: {track_fact(track_id, catalog)}")
    best = _best_reachable(scored)
    if best is not None:
        votes[best.role.track] += 1
        reasons.append(f"Your skills and education match {best.role.name} best, "
                       f"a {best.role.track} role.")
    preferred = _winner(votes)
    if preferred == EITHER:
        text = (f"With your {education.qualification()}, both {entry} and {further} are open: "
                f"{entry} gets you working sooner, {further} {_pay_and_growth(further, catalog)}.")
    else:
        track = catalog.tracks[preferred]
        text = f"{track.id} ({track.name}) looks like the better track for you."
        if finishing_degree and preferred == further:
            text = (f"{track.id} ({track.name}) looks like the better track for you once you "
                    f"finish your {education.qualification(with_state=False)}; "
                    f"{entry} roles are open to you already.")
        if not any(reason.endswith(track_fact(preferred, catalog)) for reason in reasons):
            reasons.append(track_fact(preferred, catalog))
    return {"preferred_track": preferred, "text": text, "reasons": reasons}


def _pay_and_growth(track_id: str, catalog: Catalog) -> str:
    track = catalog.tracks[track_id]
    return join_words([PAY_WORDS.get(track.salary_level, ""),
                       GROWTH_WORDS.get(track.growth_speed, "")])


def _short_of(person: "Person", level_id: str, catalog: Catalog) -> bool:
    """Has not completed ``level_id`` yet (below it, or still pursuing it)."""
    mine, needed = catalog.level_ordinal(person.level), catalog.level_ordinal(level_id)
    return mine < needed or (person.pursuing and mine == needed)


def _degree_first_summary(person: "Person", entry_id: str, further_id: str,
                          catalog: Catalog) -> Dict[str, Any]:
    entry, further = catalog.tracks[entry_id], catalog.tracks[further_id]
    entry_minimum = lowest_minimum(catalog, entry_id)
    education = person_education(person, catalog)
    if entry_minimum and _short_of(person, entry_minimum, catalog):
        text = (f"{entry.id} ({entry.name}) is your first target once you complete "
                f"{level_as_goal(entry_minimum, catalog)}.")
    elif person.pursuing:
        text = (f"Start with {entry.id} ({entry.name}): you can apply while you finish your "
                f"{education.qualification(with_state=False)}, and {further.id} needs a "
                "completed degree.")
    else:
        text = (f"Start with {entry.id} ({entry.name}): with your {education.qualification()} "
                f"you can apply now, and {further.id} needs a completed degree.")
    reasons = [
        as_sentence(f"{entry.id} hires with {lower_first(entry.education_summary.rstrip('.'))}. "
                    f"{entry.long_term_scope}"),
        as_sentence(f"{further.id} asks for {lower_first(further.education_summary.rstrip('.'))}; "
                    f"it {_pay_and_growth(further_id, catalog)}, so it is a good next step once "
                    "you have your degree"),
    ]
    return {"preferred_track": entry.id, "text": text, "reasons": reasons}


def _best_reachable(scored: Sequence["RoleScore"]) -> Optional["RoleScore"]:
    """The top pick, unless even that one needs a further qualification first."""
    if scored and scored[0].education.open_now:
        return scored[0]
    return None


def _winner(votes: Dict[str, int]) -> str:
    ranked = sorted(votes.items(), key=lambda pair: -pair[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return EITHER
    return ranked[0][0]


def track_fact(track_id: str, catalog: Catalog) -> str:
    """'KPO offers higher salary packages and ...; compared with BPO it pays more and grows
    faster. ...'"""
    track = catalog.tracks[track_id]
    titles = [lower_first(point.title) for point in track.points_of("advantage")[:2]]
    text = f"{track.id} offers {join_words(titles)}" if titles else track.id
    text += compared_with_other(track_id, catalog)
    return as_sentence(text) + f" {as_sentence(track.long_term_scope)}"


# -- "why not KPO?" ------------------------------------------------------------------------------

def why_not_track_text(person: "Person", track_id: str, best: Optional["RoleScore"],
                       shown_rank: Optional[int], catalog: Catalog,
                       top: Optional["RoleScore"] = None) -> str:
    """Why the closest role of a track did not lead the list, in two or three sentences."""
    if track_id not in catalog.tracks:
        return f"We only compare {join_words(tracks_by_entry_level(catalog))} role types."
    if best is None:
        return (f"Tell us your education and a few skills first, then we can say whether "
                f"{track_id} work fits you.")
    role = best.role
    if shown_rank is not None:
        return (f"{track_id} is in your list already: {role.name} is number {shown_rank}. "
                f"{track_fact(track_id, catalog)}")
    parts = [f"Your closest {track_id} option is {role.name} "
             f"({best.fit} fit, score {best.score:.2f})."]
    if best.education.status != "meets":
        parts.append(education_note(best.education, person, best.role, catalog))
    essentials = essential_skills(role)
    missing_core = [catalog.skills[sid].name for sid in best.skills.missing if sid in essentials]
    if missing_core:
        parts.append(as_sentence(f"It needs {join_words(missing_core)}, which you have not "
                                 "mentioned yet"))
    against = [catalog.goals[goal].name for goal in person.goals
               if catalog.goals[goal].favours_track not in (None, track_id)]
    if against:
        parts.append(as_sentence(f"Your wish for {join_words([lower_first(g) for g in against])} "
                                 f"points the other way"))
    if top is not None and top.role.track != track_id:
        parts.append(as_sentence(f"{top.role.name} fits you better today"))
    parts.append(track_fact(track_id, catalog))
    return " ".join(parts)

