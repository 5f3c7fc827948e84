"""The "why" paragraph of one recommendation: skills, education, track, goals, next step.

Built from the typed :class:`~careerpath.advisor.scoring.RoleScore` and the knowledge base
(role, track, skill, course and goal records), so a change in the YAML sources changes the
wording too. Sentences are short and name the person's own skills, education and goals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.wording import plural, text

from ..catalog_views import lowest_minimum, other_track
from .phrasing import as_sentence, join_words, level_as_goal, lower_first

if TYPE_CHECKING:
    from ..preference_rules import Clash
    from ..scoring import Person, RoleScore

MAX_SKILLS_TO_LEARN_IN_WHY = 2


def pay_words(salary_level: str) -> str:
    """ "pays less" / "pays more" for a track's salary_level ("" for a value without words)."""
    try:
        return text(f"explain.pay.{salary_level}")
    except KeyError:
        return ""


def growth_words(growth_speed: str) -> str:
    """ "grows at a steadier pace" / "grows faster" for a track's growth_speed (or "")."""
    try:
        return text(f"explain.growth.{growth_speed}")
    except KeyError:
        return ""


def why(item: RoleScore, person: Person, catalog: Catalog, education_note: str) -> str:
    role = item.role
    # A clash with what the person asked for comes first: it may decide against the role.
    parts: list[str] = [clash_text(clash) for clash in item.clashes]
    if not item.education.open_now:
        parts.append(
            text("explain.after_you_complete", level=level_as_goal(role.min_education, catalog))
        )
    parts.append(_skills_sentence(item, person, catalog))
    parts.append(education_note)
    parts.append(_track_sentence(role, catalog))
    goal_text = _goal_sentence(role, person, catalog)
    if goal_text:
        parts.append(goal_text)
    if item.interests:
        names = [lower_first(catalog.interests[interest].name) for interest in item.interests]
        parts.append(as_sentence(text("explain.suits_interests", interests=join_words(names))))
    parts.append(_next_step_sentence(item, catalog))
    parts.append(_start_sentence(role))
    return " ".join(part for part in parts if part)


def clash_text(clash: Clash) -> str:
    """ "Note: this role often has rotational shifts, which you said you'd rather avoid." """
    return text(f"explain.clash.{clash.fact}.{clash.value}")


def essential_skills(role: RoleInfo) -> set:
    return {rs.skill_id for rs in role.skills if rs.essential}


def _skills_sentence(item: RoleScore, person: Person, catalog: Catalog) -> str:
    role = item.role
    if not person.skills:
        return as_sentence(text("explain.no_skills_listed", role=role.name))
    if not item.skills.matched:
        return as_sentence(text("explain.no_central_skills", role=role.name))
    names = [catalog.skills[sid].name for sid in item.skills.matched]
    essentials = essential_skills(role)
    core = [catalog.skills[sid].name for sid in item.skills.matched if sid in essentials]
    sentence = text("explain.skills_used", skills=join_words(names), role=role.name)
    if core:
        sentence += plural("explain.essential_here", len(core), skills=join_words(core))
    return as_sentence(sentence)


def compared_with_other(track_id: str, catalog: Catalog) -> str:
    """ "; compared with BPO it pays more and grows faster" (or "" without the facts)."""
    track = catalog.tracks[track_id]
    other = other_track(track_id, catalog)
    pay = pay_words(track.salary_level)
    growth = growth_words(track.growth_speed)
    return (
        text("explain.compared_with", track=other, facts=join_words([pay, growth]))
        if other and pay
        else ""
    )


def _track_sentence(role: RoleInfo, catalog: Catalog) -> str:
    """What the track is (no unexplained acronym) and its seed facts: pay, growth, entry."""
    track = catalog.tracks.get(role.track)
    if track is None:
        return ""
    sentence = text(
        "explain.track_centres_on",
        track=track.id,
        name=track.name,
        focus=lower_first(track.skill_focus.rstrip(".।")),
    )
    sentence += compared_with_other(role.track, catalog)
    if _needs_more_than_entry_level(role, catalog):
        sentence += text(
            "explain.track_asks_for", education=lower_first(track.education_summary.rstrip(".।"))
        )
    else:
        advantages = track.points_of("advantage")
        if advantages:
            sentence += text("explain.track_offers", advantage=lower_first(advantages[0].title))
    return as_sentence(sentence)


def _needs_more_than_entry_level(role: RoleInfo, catalog: Catalog) -> bool:
    lowest = lowest_minimum(catalog)
    return catalog.level_ordinal(role.min_education) > (
        catalog.level_ordinal(lowest) if lowest else 0
    )


def _goal_sentence(role: RoleInfo, person: Person, catalog: Catalog) -> str:
    if not person.goals:
        return ""
    suited, elsewhere = [], []
    for goal_id in person.goals:
        goal = catalog.goals[goal_id]
        if goal_id in role.suits_goals or goal.favours_track in (None, role.track):
            suited.append(lower_first(goal.name))
        else:
            elsewhere.append((lower_first(goal.name), goal.favours_track))
    sentences = []
    if suited:
        sentences.append(text("explain.fits_what_you_want", goals=join_words(suited)))
    if elsewhere:
        wants = join_words([name for name, _ in elsewhere])
        tracks = join_words(sorted({track for _, track in elsewhere if track}))
        sentences.append(text("explain.stepping_stone", goals=wants, tracks=tracks))
    return " ".join(sentences)


def _next_step_sentence(item: RoleScore, catalog: Catalog) -> str:
    missing = item.skills.missing[:MAX_SKILLS_TO_LEARN_IN_WHY]
    if not missing:
        return text("explain.ready_to_apply")
    names = [catalog.skills[sid].name for sid in missing]
    sentence = text("explain.learn_next", skills=join_words(names))
    courses = catalog.courses.get(missing[0], ())  # the catalog lists academy courses first
    if courses:
        first = courses[0]
        length = (
            text("explain.course_weeks", weeks=first.duration_weeks) if first.duration_weeks else ""
        )
        sentence += text("explain.for_example_course", course=first.title, length=length)
    return as_sentence(sentence)


def _start_sentence(role: RoleInfo) -> str:
    if not role.entry_roles:
        return ""
    sentence = text("explain.start_as", role=role.entry_roles[0])
    if len(role.growth_path) > 1:
        sentence += text("explain.grow_to", role=role.growth_path[-1].title)
    return as_sentence(sentence)
