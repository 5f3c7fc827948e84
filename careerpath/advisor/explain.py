"""Plain-English explanations of the advisor's decisions.

Everything here is built from the knowledge base (role, track, skill, course and goal
records), so a change in the YAML sources changes the wording too - nothing is copied
by hand. Sentences are short and name the person's own skills, education and goals.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence

from careerpath.kb.catalog import Catalog, GrowthStepInfo, RoleInfo

if TYPE_CHECKING:
    from .engine import Person, Scored

# Attribute role types (how the work is done) are recognised by these id fragments.
NON_VOICE_ATTRIBUTE = "non_voice"
VOICE_ATTRIBUTE = "voice"
FRONT_OFFICE_ATTRIBUTE = "front_office"
BACK_OFFICE_ATTRIBUTE = "back_office"
OFFSHORE_ATTRIBUTE = "offshore"
ONSHORE_ATTRIBUTE = "onshore"
# Goal and preference ids that point to international (offshore) or domestic processes.
INTERNATIONAL_WISHES = ("night_shift", "global_exposure", "international_process")
DOMESTIC_WISHES = ("domestic_process",)
DIPLOMA_LEVEL = "diploma"
# How to say "finish <level>" in a sentence; other levels use their catalog name.
LEVEL_AS_GOAL = {
    "graduate": "a graduate degree",
    "postgraduate": "a postgraduate degree",
    "professional": "a professional qualification",
}
MAX_SKILLS_TO_LEARN_IN_WHY = 2


# -- small text helpers -----------------------------------------------------------------------

def join_words(items: Sequence[str], last: str = "and") -> str:
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _lower_first(text: str) -> str:
    """'A stable job' -> 'a stable job', but 'BPO hires' and 'MS Excel' stay as they are."""
    first_word = text.split(" ", 1)[0] if text else ""
    if not text or (len(first_word) > 1 and first_word[:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def growth_step_text(step: GrowthStepInfo) -> str:
    return f"{step.title} ({step.typical_years} yrs)" if step.typical_years else step.title


def level_name(level_id: str, catalog: Catalog) -> str:
    return catalog.levels[level_id].name


def level_as_goal(level_id: str, catalog: Catalog) -> str:
    """'12th pass', 'a diploma', 'a graduate degree' - what someone would go and complete."""
    if level_id in LEVEL_AS_GOAL:
        return LEVEL_AS_GOAL[level_id]
    name = level_name(level_id, catalog)
    return name if name[:1].isdigit() else f"a {name.lower()}"


def education_text(person: "Person", catalog: Catalog) -> str:
    """'B.Com (Commerce)', 'pursuing B.Tech', '12th pass' - how the person is qualified."""
    if person.degree:
        text = catalog.degrees[person.degree].name
    elif person.level:
        text = level_name(person.level, catalog)
    else:
        return "education not given"
    if person.field and (not person.degree or catalog.degrees[person.degree].field is None):
        text += f" in {catalog.fields[person.field].name}"
    return f"pursuing {text}" if person.pursuing else text


def _field_names(role: RoleInfo, catalog: Catalog) -> List[str]:
    return [catalog.fields[field].name for field in role.fields if field in catalog.fields]


def _example_degrees(role: RoleInfo, catalog: Catalog, limit: int = 2) -> List[str]:
    """Named degrees that would qualify for a field-specific role (e.g. LLB for law)."""
    minimum = catalog.level_ordinal(role.min_education)
    return [
        degree.name for degree in catalog.degrees.values()
        if degree.field in role.fields and catalog.level_ordinal(degree.level) >= minimum
    ][:limit]


# -- education notes (EducationFit.note) -----------------------------------------------------

def meets_note(person: "Person", role: RoleInfo, catalog: Catalog, at_preferred: bool) -> str:
    if person.pursuing:
        note = (f"While pursuing {education_text(person, catalog).replace('pursuing ', '')} you already "
                f"meet the minimum ({level_name(role.min_education, catalog)})")
    else:
        note = (f"Your {education_text(person, catalog)} meets the minimum "
                f"({level_name(role.min_education, catalog)})")
    if person.field and person.field in role.fields:
        note += f", and your {catalog.fields[person.field].name} background is one this role looks for"
    if not at_preferred:
        note += f"; employers often prefer {level_name(role.preferred_education, catalog)}"
    return _sentence(note)


def field_gap_note(person: "Person", role: RoleInfo, catalog: Catalog) -> str:
    fields = join_words(_field_names(role, catalog), "or")
    examples = _example_degrees(role, catalog)
    if examples and len(role.fields) == 1:
        lead = f"A degree such as {join_words(examples, 'or')} is needed for {role.name}"
    else:
        lead = f"{role.name} usually asks for a background in {fields}"
        if examples:
            lead += f" (for example {join_words(examples, 'or')})"
    mine = catalog.fields[person.field].name if person.field else "not given"
    return _sentence(f"{lead}; your field is {mine}, so expect to show that knowledge another way")


def pursuing_note(person: "Person", role: RoleInfo, catalog: Catalog) -> str:
    what = catalog.degrees[person.degree].name if person.degree else level_name(person.level, catalog)
    return _sentence(f"Finish your {what}: this role asks for {level_as_goal(role.min_education, catalog)}")


def level_gap_note(person: "Person", role: RoleInfo, catalog: Catalog) -> str:
    needed = level_as_goal(role.min_education, catalog)
    have = level_name(person.level, catalog) if person.level else "no education given"
    if person.pursuing and person.degree:
        return _sentence(f"Finish your {catalog.degrees[person.degree].name} first: this role needs "
                         f"{level_as_goal(role.min_education, catalog)}")
    examples = _example_degrees(role, catalog) if not role.any_field else []
    if examples:
        return _sentence(f"Needs {needed} (you have {have}): {join_words(examples, 'or')} would open this role")
    alternative = _diploma_alternative(role.min_education, person, catalog)
    return _sentence(f"Needs at least {needed} (you have {have}): complete {needed}{alternative} first")


def _diploma_alternative(required: str, person: "Person", catalog: Catalog) -> str:
    """' or a diploma' when a diploma is an equally good next step (as the seeds say for BPO)."""
    diploma = catalog.levels.get(DIPLOMA_LEVEL)
    if not diploma or required == DIPLOMA_LEVEL or not person.level:
        return ""
    required_rank = catalog.level_ordinal(required)
    person_rank = catalog.level_ordinal(person.level)
    # A diploma counts when it is the very next level above what is required (12th -> diploma).
    next_up = min((level.ordinal for level in catalog.levels.values() if level.ordinal > required_rank),
                  default=None)
    counts = diploma.ordinal == next_up and diploma.ordinal > person_rank
    return f" or a {diploma.name.lower()}" if counts else ""


# -- work style (attribute role types) ----------------------------------------------------------

def _attribute_roles(catalog: Catalog) -> Dict[str, RoleInfo]:
    """Attribute role types keyed by what they describe (non_voice, voice, front_office ...)."""
    found: Dict[str, RoleInfo] = {}
    for role in catalog.roles.values():
        if role.category_kind == "function":
            continue
        for key in (NON_VOICE_ATTRIBUTE, FRONT_OFFICE_ATTRIBUTE, BACK_OFFICE_ATTRIBUTE,
                    OFFSHORE_ATTRIBUTE, ONSHORE_ATTRIBUTE, VOICE_ATTRIBUTE):
            if key in role.id and key not in found:
                found[key] = role
                break
    return found


def _wants_international(person: "Person") -> bool:
    return any(wish in INTERNATIONAL_WISHES for wish in person.preferences + person.goals)


def _wants_domestic(person: "Person") -> bool:
    return any(wish in DOMESTIC_WISHES for wish in person.preferences)


def work_style(person: "Person", role: RoleInfo, catalog: Catalog) -> Dict[str, Any]:
    attributes = _attribute_roles(catalog)
    processes: List[str] = []
    if role.track == "BPO":
        office = FRONT_OFFICE_ATTRIBUTE if role.customer_facing else BACK_OFFICE_ATTRIBUTE
        if office in attributes:
            processes.append(attributes[office].name)
        modes = {"voice": [VOICE_ATTRIBUTE], "non_voice": [NON_VOICE_ATTRIBUTE],
                 "either": [VOICE_ATTRIBUTE, NON_VOICE_ATTRIBUTE]}.get(role.voice, [])
        if "non_voice" in person.preferences:
            modes = [mode for mode in modes if mode == NON_VOICE_ATTRIBUTE] or modes
        elif "voice" in person.preferences:
            modes = [mode for mode in modes if mode == VOICE_ATTRIBUTE] or modes
        processes += [attributes[mode].name for mode in modes if mode in attributes]
        if _wants_international(person) and OFFSHORE_ATTRIBUTE in attributes:
            processes.append(attributes[OFFSHORE_ATTRIBUTE].name)
        if _wants_domestic(person) and ONSHORE_ATTRIBUTE in attributes:
            processes.append(attributes[ONSHORE_ATTRIBUTE].name)
    return {
        "voice": role.voice,
        "customer_facing": role.customer_facing,
        "shifts": role.shifts,
        "part_time_possible": role.part_time_possible,
        "processes": processes,
    }


def work_style_notes(person: "Person", catalog: Catalog) -> List[str]:
    """How the person's stated preferences shaped the ranking, in plain words."""
    if person.is_empty:
        return []
    attributes = _attribute_roles(catalog)
    notes: List[str] = []

    def called(key: str, fallback: str) -> str:
        return attributes[key].name if key in attributes else fallback

    if "non_voice" in person.preferences:
        notes.append(
            "You prefer work without phone calls, so back-office and non-voice roles rank higher. "
            f"Look for '{called(NON_VOICE_ATTRIBUTE, 'Non-voice BPO')}' processes: email, chat "
            "and data work instead of calls."
        )
    if "voice" in person.preferences:
        notes.append(
            "You are happy on calls, so customer-facing roles rank higher. "
            f"'{called(VOICE_ATTRIBUTE, 'Voice-based BPO')}' and "
            f"'{called(FRONT_OFFICE_ATTRIBUTE, 'Front office BPO')}' processes suit you."
        )
    if _wants_international(person):
        notes.append(
            "Night shifts and international clients go together: "
            f"'{called(OFFSHORE_ATTRIBUTE, 'Offshore BPO')}' (international) processes serve clients "
            "abroad around the clock, so your openness to them widens your choice."
        )
    if _wants_domestic(person):
        notes.append(
            f"You prefer domestic work: look for '{called(ONSHORE_ATTRIBUTE, 'Onshore BPO')}' "
            "processes, which serve customers in India, mostly in day shifts."
        )
    if "part_time" in person.preferences:
        notes.append("You want part-time work, so roles that offer part-time shifts rank higher.")
    if "day_shift" in person.preferences:
        notes.append("You prefer day shifts, so roles with day or flexible hours rank higher.")
    return notes


# -- prerequisites ---------------------------------------------------------------------------

def prerequisites(person: "Person", catalog: Catalog, roles: Iterable[RoleInfo]) -> List[str]:
    """Honest next steps before any role fits (no education given, or below every minimum)."""
    roles = list(roles)
    if person.level is None:
        if not person.skills:
            return [
                "Tell us your education (for example '12th pass', 'B.Com graduate' or "
                "'pursuing B.Tech') so we can check which roles you qualify for.",
                "Tell us a few things you are good at (for example 'good English, MS Excel, typing').",
            ]
        return ["Tell us your education: every role type has a minimum qualification, "
                "so we cannot confirm these matches without it."]
    if not roles:
        return []
    lowest = min(roles, key=lambda role: catalog.level_ordinal(role.min_education)).min_education
    if catalog.level_ordinal(person.level) >= catalog.level_ordinal(lowest):
        return []
    needed = level_as_goal(lowest, catalog)
    alternative = _diploma_alternative(lowest, person, catalog)
    return [
        f"Complete {needed}{alternative} first: every BPO role type we know expects at least "
        f"that, and KPO roles need a degree.",
        "Until then, build skills employers check at entry level: spoken English, typing and "
        "basic computer use.",
    ]


# -- the "why" paragraph ---------------------------------------------------------------------

def why(item: "Scored", person: "Person", catalog: Catalog) -> str:
    role = item.role
    parts: List[str] = []
    if item.education.reason in ("level_gap", "below"):
        parts.append(f"After you complete {level_as_goal(role.min_education, catalog)}:")
    parts.append(_skills_sentence(item, person, catalog))
    parts.append(item.education.note)
    parts.append(_track_sentence(role, catalog))
    goal_text = _goal_sentence(role, person, catalog)
    if goal_text:
        parts.append(goal_text)
    parts.append(_next_step_sentence(item, catalog))
    parts.append(_start_sentence(role))
    return " ".join(part for part in parts if part)


def _skills_sentence(item: "Scored", person: "Person", catalog: Catalog) -> str:
    role = item.role
    if not person.skills:
        return _sentence(f"You have not listed any skills yet, so {role.name} is suggested "
                         "from your education and goals")
    if not item.skills.matched:
        return _sentence(f"None of your listed skills is central to {role.name} yet, so it would "
                         "mean learning new ones")
    names = [catalog.skills[sid].name for sid in item.skills.matched]
    essentials = {rs.skill_id for rs in role.skills if rs.essential}
    core = [catalog.skills[sid].name for sid in item.skills.matched if sid in essentials]
    text = f"You already have {join_words(names)}, which {role.name} work uses"
    if core:
        text += f" ({join_words(core)} {'is' if len(core) == 1 else 'are'} essential here)"
    return _sentence(text)


def _other_track(track_id: str, catalog: Catalog) -> Optional[str]:
    return next((tid for tid in catalog.tracks if tid != track_id), None)


def _track_sentence(role: RoleInfo, catalog: Catalog) -> str:
    """What the track is (no unexplained acronym) and its seed facts: pay, growth, entry."""
    track = catalog.tracks.get(role.track)
    if track is None:
        return ""
    other = _other_track(role.track, catalog)
    text = (f"{track.id} ({track.name}) work centres on "
            f"{_lower_first(track.skill_focus.rstrip('.'))}")
    pay = {"lower": "pays less", "higher": "pays more"}.get(track.salary_level)
    growth = {"moderate": "grows at a steadier pace", "fast": "grows faster"}.get(track.growth_speed)
    if other and pay:
        text += f"; compared with {other} it {join_words([pay, growth])}"
    if _needs_more_than_entry_level(role, catalog):
        text += f", and it asks for {_lower_first(track.education_summary.rstrip('.'))}"
    else:
        advantages = track.points_of("advantage")
        if advantages:
            text += f", but offers {_lower_first(advantages[0].title)}"
    return _sentence(text)


def _needs_more_than_entry_level(role: RoleInfo, catalog: Catalog) -> bool:
    minimums = [r.min_education for r in catalog.roles.values() if r.category_kind == "function"]
    lowest = min((catalog.level_ordinal(level) for level in minimums), default=0)
    return catalog.level_ordinal(role.min_education) > lowest


def _goal_sentence(role: RoleInfo, person: "Person", catalog: Catalog) -> str:
    if not person.goals:
        return ""
    suited, elsewhere = [], []
    for goal_id in person.goals:
        goal = catalog.goals[goal_id]
        if goal_id in role.suits_goals or goal.favours_track in (None, role.track):
            suited.append(_lower_first(goal.name))
        else:
            elsewhere.append((_lower_first(goal.name), goal.favours_track))
    sentences = []
    if suited:
        sentences.append(f"That fits what you want: {join_words(suited)}.")
    if elsewhere:
        wants = join_words([name for name, _ in elsewhere])
        tracks = join_words(sorted({track for _, track in elsewhere if track}))
        sentences.append(f"Your wish for {wants} points more towards {tracks} work, "
                         "so treat this as a stepping stone.")
    return " ".join(sentences)


def _next_step_sentence(item: "Scored", catalog: Catalog) -> str:
    missing = item.skills.missing[:MAX_SKILLS_TO_LEARN_IN_WHY]
    if not missing:
        return "You already cover the skills this role lists, so practise interviews and apply."
    names = [catalog.skills[sid].name for sid in missing]
    text = f"Next, learn {join_words(names)}"
    courses = catalog.courses.get(missing[0], ())
    if courses:
        first = sorted(courses, key=lambda course: course.kind != "academy")[0]
        length = f", {first.duration_weeks} weeks" if first.duration_weeks else ""
        text += f" - for example '{first.title}'{length}"
    return _sentence(text)


def _start_sentence(role: RoleInfo) -> str:
    if not role.entry_roles:
        return ""
    text = f"People usually start as {role.entry_roles[0]}"
    if len(role.growth_path) > 1:
        text += f" and can grow to {role.growth_path[-1].title}"
    return _sentence(text)


# -- the track summary -------------------------------------------------------------------------

def track_summary(person: "Person", scored: Sequence["Scored"], catalog: Catalog) -> Dict[str, Any]:
    """Which track to aim for first, with reasons from the seeds' track facts."""
    if person.level is None:
        return {"preferred_track": "either",
                "text": "Tell us your education and we can say whether BPO or KPO suits you better.",
                "reasons": []}
    kpo_minimum = _lowest_minimum(catalog, "KPO")
    finishing_degree = bool(kpo_minimum) and person.pursuing and person.level == kpo_minimum
    if kpo_minimum and _short_of(person, kpo_minimum, catalog) and not finishing_degree:
        return _degree_first_summary(person, kpo_minimum, catalog)
    votes = {track_id: 0 for track_id in catalog.tracks}
    reasons: List[str] = []
    wants_by_track: Dict[str, List[str]] = {}
    for goal_id in person.goals:
        goal = catalog.goals[goal_id]
        if goal.favours_track in votes:
            votes[goal.favours_track] += 1
            wants_by_track.setdefault(goal.favours_track, []).append(_lower_first(goal.name))
    for track_id, wants in wants_by_track.items():
        reasons.append(f"You want {join_words(wants)}: {_track_fact(track_id, catalog)}")
    best = _best_reachable(scored)
    if best is not None:
        votes[best.role.track] += 1
        reasons.append(f"Your skills and education match {best.role.name} best, a {best.role.track} role.")
    preferred = _winner(votes)
    if preferred == "either":
        text = (f"With your {education_text(person, catalog)}, both BPO and KPO are open: "
                "BPO gets you working sooner, KPO pays more and grows faster.")
    else:
        track = catalog.tracks[preferred]
        text = f"{track.id} ({track.name}) looks like the better track for you."
        if finishing_degree and preferred == "KPO":
            text = (f"{track.id} ({track.name}) looks like the better track for you once you finish "
                    f"your {education_text(person, catalog).replace('pursuing ', '')}; "
                    "BPO roles are open to you already.")
        if not any(reason.endswith(_track_fact(preferred, catalog)) for reason in reasons):
            reasons.append(_track_fact(preferred, catalog))
    return {"preferred_track": preferred, "text": text, "reasons": reasons}


def _short_of(person: "Person", level_id: str, catalog: Catalog) -> bool:
    """Has not completed ``level_id`` yet (below it, or still pursuing it)."""
    mine, needed = catalog.level_ordinal(person.level), catalog.level_ordinal(level_id)
    return mine < needed or (person.pursuing and mine == needed)


def _degree_first_summary(person: "Person", kpo_minimum: str, catalog: Catalog) -> Dict[str, Any]:
    bpo, kpo = catalog.tracks["BPO"], catalog.tracks["KPO"]
    bpo_minimum = _lowest_minimum(catalog, "BPO")
    if bpo_minimum and _short_of(person, bpo_minimum, catalog):
        text = (f"BPO ({bpo.name}) is your first target once you complete "
                f"{level_as_goal(bpo_minimum, catalog)}.")
    elif person.pursuing:
        text = (f"Start with BPO ({bpo.name}): you can apply while you finish your "
                f"{education_text(person, catalog).replace('pursuing ', '')}, and KPO needs a "
                "completed degree.")
    else:
        text = (f"Start with BPO ({bpo.name}): with your {education_text(person, catalog)} "
                "you can apply now, and KPO needs a completed degree.")
    reasons = [
        _sentence(f"BPO hires with {_lower_first(bpo.education_summary.rstrip('.'))}. {bpo.long_term_scope}"),
        _sentence(f"KPO asks for {_lower_first(kpo.education_summary.rstrip('.'))}; it pays more and "
                  "grows faster, so it is a good next step once you have your degree"),
    ]
    return {"preferred_track": "BPO", "text": text, "reasons": reasons}


def _lowest_minimum(catalog: Catalog, track_id: str) -> Optional[str]:
    minimums = [role.min_education for role in catalog.roles.values()
                if role.track == track_id and role.category_kind == "function"]
    return min(minimums, key=catalog.level_ordinal) if minimums else None


def _best_reachable(scored: Sequence["Scored"]) -> Optional["Scored"]:
    """The top pick, unless even that one needs a further qualification first."""
    if scored and scored[0].education.reason not in ("level_gap", "below"):
        return scored[0]
    return None


def _winner(votes: Dict[str, int]) -> str:
    ranked = sorted(votes.items(), key=lambda pair: -pair[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return "either"
    return ranked[0][0]


def _track_fact(track_id: str, catalog: Catalog) -> str:
    """'KPO offers higher salary packages and ...; compared with BPO it pays more and grows faster. ...'"""
    track = catalog.tracks[track_id]
    other = _other_track(track_id, catalog)
    titles = [_lower_first(point.title) for point in track.points_of("advantage")[:2]]
    pay = {"lower": "pays less", "higher": "pays more"}.get(track.salary_level)
    growth = {"moderate": "grows at a steadier pace", "fast": "grows faster"}.get(track.growth_speed)
    text = f"{track.id} offers {join_words(titles)}" if titles else track.id
    if other and pay:
        text += f"; compared with {other} it {join_words([pay, growth])}"
    return _sentence(text) + f" {_sentence(track.long_term_scope)}"


# -- "why not KPO?" ------------------------------------------------------------------------------

def why_not_track_text(person: "Person", track_id: str, best: Optional["Scored"],
                       shown_rank: Optional[int], catalog: Catalog,
                       top: Optional["Scored"] = None) -> str:
    """Why the closest role of a track did not lead the list, in two or three sentences."""
    if track_id not in catalog.tracks:
        return "We only compare BPO and KPO role types."
    if best is None:
        return (f"Tell us your education and a few skills first, then we can say whether "
                f"{track_id} work fits you.")
    role = best.role
    if shown_rank is not None:
        return (f"{track_id} is in your list already: {role.name} is number {shown_rank}. "
                f"{_track_fact(track_id, catalog)}")
    parts = [f"Your closest {track_id} option is {role.name} ({best.fit} fit, score {best.score:.2f})."]
    if best.education.status != "meets":
        parts.append(best.education.note)
    essentials = {rs.skill_id for rs in role.skills if rs.essential}
    missing_core = [catalog.skills[sid].name for sid in best.skills.missing if sid in essentials]
    if missing_core:
        parts.append(_sentence(f"It needs {join_words(missing_core)}, which you have not mentioned yet"))
    against = [catalog.goals[goal].name for goal in person.goals
               if catalog.goals[goal].favours_track not in (None, track_id)]
    if against:
        parts.append(_sentence(f"Your wish for {join_words([_lower_first(g) for g in against])} "
                               f"points the other way"))
    if top is not None and top.role.track != track_id:
        parts.append(_sentence(f"{top.role.name} fits you better today"))
    parts.append(_track_fact(track_id, catalog))
    return " ".join(parts)
