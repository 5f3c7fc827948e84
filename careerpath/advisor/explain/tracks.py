"""Which track to aim for first, and "why not KPO?" - in words, from the tracks' data.

The track ids and facts come from tracks.yml: the *entry* track is the one whose roles
accept the lowest education (BPO in the seeds), the *further* track asks for most (KPO).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from careerpath.kb.catalog import Catalog
from careerpath.wording import text

from ..catalog_views import lowest_minimum, tracks_by_entry_level
from .education import education_note
from .phrasing import as_sentence, join_words, level_as_goal, lower_first, person_education
from .why import compared_with_other, essential_skills, growth_words, pay_words

if TYPE_CHECKING:
    from ..scoring import Person, RoleScore

EITHER = "either"


def track_summary(person: Person, scored: Sequence[RoleScore], catalog: Catalog) -> dict[str, Any]:
    """Which track to aim for first, with reasons from the seeds' track facts."""
    ordered = tracks_by_entry_level(catalog)
    if person.level is None:
        return {
            "preferred_track": EITHER,
            "text": text("explain.tell_education_for_track", tracks=join_words(ordered, "or")),
            "reasons": [],
        }
    entry, further = ordered[0], ordered[-1]
    education = person_education(person, catalog)
    further_minimum = lowest_minimum(catalog, further) if further != entry else None
    finishing_degree = bool(further_minimum) and person.pursuing and person.level == further_minimum
    if further_minimum and _short_of(person, further_minimum, catalog) and not finishing_degree:
        return _degree_first_summary(person, entry, further, catalog)
    votes = dict.fromkeys(catalog.tracks, 0)
    reasons: list[str] = []
    wants_by_track: dict[str, list[str]] = {}
    for goal_id in person.goals:
        goal = catalog.goals[goal_id]
        if goal.favours_track in votes:
            votes[goal.favours_track] += 1
            wants_by_track.setdefault(goal.favours_track, []).append(lower_first(goal.name))
    for track_id, wants in wants_by_track.items():
        reasons.append(
            text("explain.you_want", goals=join_words(wants), fact=track_fact(track_id, catalog))
        )
    best = _best_reachable(scored)
    if best is not None:
        votes[best.role.track] += 1
        reasons.append(text("explain.best_match", role=best.role.name, track=best.role.track))
    preferred = _winner(votes)
    if preferred == EITHER:
        summary = text(
            "explain.both_open",
            education=education.qualification(),
            entry=entry,
            further=further,
            pay_and_growth=_pay_and_growth(further, catalog),
        )
    else:
        track = catalog.tracks[preferred]
        summary = text("explain.better_track", track=track.id, name=track.name)
        if finishing_degree and preferred == further:
            summary = text(
                "explain.better_track_later",
                track=track.id,
                name=track.name,
                education=education.qualification(with_state=False),
                entry=entry,
            )
        if not any(reason.endswith(track_fact(preferred, catalog)) for reason in reasons):
            reasons.append(track_fact(preferred, catalog))
    return {"preferred_track": preferred, "text": summary, "reasons": reasons}


def _pay_and_growth(track_id: str, catalog: Catalog) -> str:
    track = catalog.tracks[track_id]
    return join_words([pay_words(track.salary_level), growth_words(track.growth_speed)])


def _short_of(person: Person, level_id: str, catalog: Catalog) -> bool:
    """Has not completed ``level_id`` yet (below it, or still pursuing it)."""
    assert person.level is not None, "track advice on education is given once the level is known"
    mine, needed = catalog.level_ordinal(person.level), catalog.level_ordinal(level_id)
    return mine < needed or (person.pursuing and mine == needed)


def _degree_first_summary(
    person: Person, entry_id: str, further_id: str, catalog: Catalog
) -> dict[str, Any]:
    entry, further = catalog.tracks[entry_id], catalog.tracks[further_id]
    entry_minimum = lowest_minimum(catalog, entry_id)
    education = person_education(person, catalog)
    if entry_minimum and _short_of(person, entry_minimum, catalog):
        summary = text(
            "explain.first_target",
            track=entry.id,
            name=entry.name,
            level=level_as_goal(entry_minimum, catalog),
        )
    elif person.pursuing:
        summary = text(
            "explain.start_while_pursuing",
            track=entry.id,
            name=entry.name,
            education=education.qualification(with_state=False),
            further=further.id,
        )
    else:
        summary = text(
            "explain.start_now",
            track=entry.id,
            name=entry.name,
            education=education.qualification(),
            further=further.id,
        )
    reasons = [
        as_sentence(
            text(
                "explain.entry_hires",
                track=entry.id,
                education=lower_first(entry.education_summary.rstrip(".।")),
                scope=entry.long_term_scope,
            )
        ),
        as_sentence(
            text(
                "explain.further_asks",
                track=further.id,
                education=lower_first(further.education_summary.rstrip(".।")),
                pay_and_growth=_pay_and_growth(further_id, catalog),
            )
        ),
    ]
    return {"preferred_track": entry.id, "text": summary, "reasons": reasons}


def _best_reachable(scored: Sequence[RoleScore]) -> RoleScore | None:
    """The top pick, unless even that one needs a further qualification first."""
    if scored and scored[0].education.open_now:
        return scored[0]
    return None


def _winner(votes: dict[str, int]) -> str:
    ranked = sorted(votes.items(), key=lambda pair: -pair[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return EITHER
    return ranked[0][0]


def track_fact(track_id: str, catalog: Catalog) -> str:
    """'KPO offers higher salary packages and ...; compared with BPO it pays more and grows
    faster. ...'"""
    track = catalog.tracks[track_id]
    titles = [lower_first(point.title) for point in track.points_of("advantage")[:2]]
    fact = (
        text("explain.track_offers_points", track=track.id, points=join_words(titles))
        if titles
        else track.id
    )
    fact += compared_with_other(track_id, catalog)
    return as_sentence(fact) + f" {as_sentence(track.long_term_scope)}"


# -- "why not KPO?" ------------------------------------------------------------------------------


def why_not_track_text(
    person: Person,
    track_id: str,
    best: RoleScore | None,
    shown_rank: int | None,
    catalog: Catalog,
    top: RoleScore | None = None,
) -> str:
    """Why the closest role of a track did not lead the list, in two or three sentences."""
    if track_id not in catalog.tracks:
        return text("explain.only_compare", tracks=join_words(tracks_by_entry_level(catalog)))
    if best is None:
        return text("explain.tell_before_why_not", track=track_id)
    role = best.role
    if shown_rank is not None:
        return text(
            "explain.in_list_already",
            track=track_id,
            role=role.name,
            rank=shown_rank,
            fact=track_fact(track_id, catalog),
        )
    parts = [
        text(
            "explain.closest_option",
            track=track_id,
            role=role.name,
            fit=best.fit,
            score=f"{best.score:.2f}",
        )
    ]
    if best.education.status != "meets":
        parts.append(education_note(best.education, person, best.role, catalog))
    essentials = essential_skills(role)
    missing_core = [catalog.skills[sid].name for sid in best.skills.missing if sid in essentials]
    if missing_core:
        parts.append(
            as_sentence(text("explain.needs_unmentioned", skills=join_words(missing_core)))
        )
    against = [
        catalog.goals[goal].name
        for goal in person.goals
        if catalog.goals[goal].favours_track not in (None, track_id)
    ]
    if against:
        parts.append(
            as_sentence(
                text(
                    "explain.wish_points_away", goals=join_words([lower_first(g) for g in against])
                )
            )
        )
    if top is not None and top.role.track != track_id:
        parts.append(as_sentence(text("explain.fits_better_today", role=top.role.name)))
    parts.append(track_fact(track_id, catalog))
    return " ".join(parts)
