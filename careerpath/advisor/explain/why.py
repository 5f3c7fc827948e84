"""The "why" paragraph of one recommendation: skills, education, track, goals, next step.

Built from the typed :class:`~careerpath.advisor.scoring.RoleScore` and the knowledge base
(role, track, skill, course and goal records), so a change in the YAML sources changes the
wording too. Sentences are short and name the person's own skills, education and goals.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, List

from careerpath.kb.catalog import Catalog, RoleInfo

from ..catalog_views import lowest_minimum, other_track
from .phrasing import as_sentence, join_words, level_as_goal, lower_first

if TYPE_CHECKING:
    from ..scoring import Person, RoleScore

MAX_SKILLS_TO_LEARN_IN_WHY = 2
PAY_WORDS = {"lower": "pays less", "higher": "pays more"}
GROWTH_WORDS = {"moderate": "grows at a steadier pace", "fast": "grows faster"}


def why(item: "RoleScore", person: "Person", catalog: Catalog, education_note: str) -> str:
    role = item.role
    parts: List[str] = []
    if not item.education.open_now:
        parts.append(f"After you complete {level_as_goal(role.min_education, catalog)}:")
    parts.append(_skills_sentence(item, person, catalog))
    parts.append(education_note)
    parts.append(_track_sentence(role, catalog))
    goal_text = _goal_sentence(role, person, catalog)
    if goal_text:
        parts.append(goal_text)
    parts.append(_next_step_sentence(item, catalog))
    parts.append(_start_sentence(role))
    return " ".join(part for part in parts if part)


def essential_skills(role: RoleInfo) -> set:
    return {rs.skill_id for rs in role.skills if rs.essential}


def _skills_sentence(item: "RoleScore", person: "Person", catalog: Catalog) -> str:
    role = item.role
    if not person.skills:
        return as_sentence(f"You have not listed any skills yet, so {role.name} is suggested "
                           "from your education and goals")
    if not item.skills.matched:
        return as_sentence(f"None of your listed skills is central to {role.name} yet, so it "
                           "would mean learning new ones")
    names = [catalog.skills[sid].name for sid in item.skills.matched]
    essentials = essential_skills(role)
    core = [catalog.skills[sid].name for sid in item.skills.matched if sid in essentials]
    text = f"You already have {join_words(names)}, which {role.name} work uses"
    if core:
        text += f" ({join_words(core)} {'is' if len(core) == 1 else 'are'} essential here)"
    return as_sentence(text)


def compared_with_other(track_id: str, catalog: Catalog) -> str:
    """ "; compared with BPO it pays more and grows faster" (or "" without the facts)."""
    track = catalog.tracks[track_id]
    other = other_track(track_id, catalog)
    pay = PAY_WORDS.get(track.salary_level)
    growth = GROWTH_WORDS.get(track.growth_speed)
    return f"; compared with {other} it {join_words([pay, growth])}" if other and pay else ""


def _track_sentence(role: RoleInfo, catalog: Catalog) -> str:
    """What the track is (no unexplained acronym) and its seed facts: pay, growth, entry."""
    track = catalog.tracks.get(role.track)
    if track is None:
        return ""
    text = (f"{track.id} ({track.name}) work centres on "
            f"{lower_first(track.skill_focus.rstrip('.'))}")
    text += compared_with_other(role.track, catalog)
    if _needs_more_than_entry_level(role, catalog):
        text += f", and it asks for {lower_first(track.education_summary.rstrip('.'))}"
    else:
        advantages = track.points_of("advantage")
        if advantages:
            text += f", but offers {lower_first(advantages[0].title)}"
    return as_sentence(text)


def _needs_more_than_entry_level(role: RoleInfo, catalog: Catalog) -> bool:
    lowest = lowest_minimum(catalog)
    return catalog.level_ordinal(role.min_education) > (catalog.level_ordinal(lowest)
                                                        if lowest else 0)


def _goal_sentence(role: RoleInfo, person: "Person", catalog: Catalog) -> str:
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
        sentences.append(f"That fits what you want: {join_words(suited)}.")
    if elsewhere:
        wants = join_words([name for name, _ in elsewhere])
        tracks = join_words(sorted({track for _, track in elsewhere if track}))
        sentences.append(f"Your wish for {wants} points more towards {tracks} work, "
                         "so treat this as a stepping stone.")
    return " ".join(sentences)


def _next_step_sentence(item: "RoleScore", catalog: Catalog) -> str:
    missing = item.skills.missing[:MAX_SKILLS_TO_LEARN_IN_WHY]
    if not missing:
        return "You already cover the skills this role lists, so practise interviews and apply."
    names = [catalog.skills[sid].name for sid in missing]
    text = f"Next, learn {join_words(names)}"
    courses = catalog.courses.get(missing[0], ())  # the catalog lists academy courses first
    if courses:
        first = courses[0]
        length = f", {first.duration_weeks} weeks" if first.duration_weeks else ""
        text += f" - for example '{first.title}'{length}"
    return as_sentence(text)


def _start_sentence(role: RoleInfo) -> str:
    if not role.entry_roles:
        return ""
    text = f"People usually start as {role.entry_roles[0]}"
    if len(role.growth_path) > 1:
        text += f" and can grow to {role.growth_path[-1].title}"
    return as_sentence(text)
