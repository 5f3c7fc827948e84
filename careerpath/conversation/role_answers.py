"""Answers about one role type, or two side by side, from the knowledge base's facts.

``aspect_of`` reads what a question asks (the pay, the shifts, the skills ...); the
``*_answer`` functions word the role's facts for that aspect through the wording catalog.
Pay is only ever the knowledge base's level relative to the other track and its note:
the sources give no figures, so none are made up here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from careerpath.advisor.render import render_role
from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.wording import text

from .reply import Reply, advice_button, button, role_details_button

ASPECTS = (
    "salary",
    "shifts",
    "voice",
    "part_time",
    "from_home",
    "skills",
    "education",
    "entry_jobs",
    "growth",
    "training",
    "suits",
    "work",
    "overview",
)

# What people write when they ask about one aspect, checked in this order (the first that
# matches wins: "which course for ..." asks about training even though it says "which").
_ASPECT_PATTERNS = (
    ("part_time", r"part[\s-]*(?:time|tym|tm)|parttime"),
    ("from_home", r"(?:work|job|kaam)?\s*from home|wfh|remote\w*|ghar (?:se|baithe)|online job"),
    (
        "salary",
        r"salar\w*|sallary|sailri|salri|pay(?:s|ment)?\b|paid|earn\w*|income|package|ctc|lpa|stipend|"
        r"paisa|paise|kitna milta|kitni milti",
    ),
    ("shifts", r"shifts?\b|night\b|nite|timings?\b|working hours|hours\b|raat|rat ki"),
    (
        "voice",
        r"non[\s-]*voice|voice or|only calls?|calling|calls?\b|phone|chat or|call hoti|"
        r"call karna",
    ),
    (
        "training",
        r"course|courses|training|certificat\w*|institute|classes|coaching|"
        r"how (?:to|do i|can i) (?:become|get into|prepare)",
    ),
    (
        "education",
        r"education|qualification|degree|eligib\w*|padhai|graduat\w*|12th|10th|b\.?\s?sc|"
        r"b\.?\s?com|b\.?\s?pharm|m\.?\s?pharm|mba|btech|b\.?\s?a\b|diploma|enough|"
        r"can (?:a|an) \w+ (?:student|graduate)|student join",
    ),
    (
        "entry_jobs",
        r"entry[\s-]*level|first job|job titles?|starting (?:job|role|position)s?|"
        r"jobs? can i apply|positions?|openings?|vacanc\w*|designations?",
    ),
    ("growth", r"growth|grow\b|career path|promotion|promoted|ladder|future in|scope in"),
    (
        "skills",
        r"skills?|should i know|need to know|software|tools?\b|required|requirements?|"
        r"what to learn|kya aana|aana chahiye",
    ),
    ("suits", r"suit\w*|right for me|good for me|for whom|who should|which type of people"),
    (
        "work",
        r"daily work|day to day|work\b|kaam|responsibilit\w*|duties|do all day|"
        r"what do(?:es)? (?:an? |the )?\w+.* do\b|what do .* people do",
    ),
)
_COMPILED = tuple(
    (aspect, re.compile(rf"\b(?:{pattern})", re.I)) for aspect, pattern in _ASPECT_PATTERNS
)
# "voice or non voice" names the aspect, not the role (taken out before the role is looked up).
VOICE_ASPECT = re.compile(r"\b(?:voice|calling)\s*(?:or|ya|and|vs)\s*non[\s-]*voice\b", re.I)


def aspect_of(question: str) -> str:
    """The aspect ``question`` asks about ("overview" when it names none)."""
    for aspect, pattern in _COMPILED:
        if pattern.search(question):
            return aspect
    return "overview"


def aspects_in(question: str) -> list[str]:
    """Every aspect ``question`` names, in the order of ``_ASPECT_PATTERNS``."""
    return [aspect for aspect, pattern in _COMPILED if pattern.search(question)]


# ---- one role ---------------------------------------------------------------------------------
def _voice_words(role: RoleInfo) -> str:
    return text(f"answer.voice.{role.voice}")


def _shift_words(role: RoleInfo) -> str:
    return text(f"answer.shifts.{role.shifts}")


def _other_track(role: RoleInfo) -> str:
    return "KPO" if role.track == "BPO" else "BPO"


def _skills(role: RoleInfo, catalog: Catalog, essential: bool | None = None) -> list[str]:
    return [
        catalog.skills[item.skill_id].name
        for item in role.skills
        if item.skill_id in catalog.skills and (essential is None or item.essential == essential)
    ]


def _salary(role: RoleInfo, catalog: Catalog) -> str:
    track = catalog.tracks.get(role.track)
    parts = [
        text(
            "answer.salary",
            role=role.name,
            track=role.track,
            level=text(f"answer.level.{role.salary_level}"),
            other=_other_track(role),
        )
    ]
    if track is not None and track.salary_growth:
        parts.append(track.salary_growth)
    if role.growth_note:
        parts.append(role.growth_note)
    parts.append(text("answer.salary_no_figures"))
    return " ".join(parts)


def _shifts(role: RoleInfo, catalog: Catalog) -> str:
    return text("answer.shifts", role=role.name, shifts=_shift_words(role)) + (
        f" {role.growth_note}"
        if re.search(r"shift|night|time zone", role.growth_note, re.I)
        else ""
    )


def _voice(role: RoleInfo, catalog: Catalog) -> str:
    contact = text("answer.customer_facing" if role.customer_facing else "answer.behind_the_scenes")
    return text("answer.voice", role=role.name, voice=_voice_words(role), contact=contact)


def _part_time(role: RoleInfo, catalog: Catalog) -> str:
    return text(
        "answer.part_time_possible" if role.part_time_possible else "answer.part_time_rare",
        role=role.name,
        shifts=_shift_words(role),
    )


def _from_home(role: RoleInfo, catalog: Catalog) -> str:
    """Our sources say nothing about working from home: said so, with what they do say."""
    return " ".join([text("answer.from_home_unknown", role=role.name), _part_time(role, catalog)])


def _skills_answer(role: RoleInfo, catalog: Catalog) -> str:
    essential, useful = _skills(role, catalog, True), _skills(role, catalog, False)
    parts = [text("answer.skills", role=role.name, skills=", ".join(essential or useful))]
    if essential and useful:
        parts.append(text("answer.skills_useful", skills=", ".join(useful)))
    return " ".join(parts)


def _education(role: RoleInfo, catalog: Catalog) -> str:
    levels = catalog.levels
    fields = (
        text("answer.any_field")
        if role.any_field or not role.fields
        else ", ".join(catalog.fields[f].name for f in role.fields if f in catalog.fields)
    )
    return text(
        "answer.education",
        role=role.name,
        minimum=levels[role.min_education].name,
        preferred=levels[role.preferred_education].name,
        fields=fields,
    )


def _entry_jobs(role: RoleInfo, catalog: Catalog) -> str:
    return text("answer.entry_jobs", role=role.name, titles=", ".join(role.entry_roles))


def _growth(role: RoleInfo, catalog: Catalog) -> str:
    steps = " -> ".join(
        f"{step.title} ({step.typical_years})" if step.typical_years else step.title
        for step in role.growth_path
    )
    answer = text("answer.growth", role=role.name, steps=steps)
    return f"{answer} {role.growth_note}" if role.growth_note else answer


def _training(role: RoleInfo, catalog: Catalog) -> str:
    lines = [text("answer.training", role=role.name)]
    for item in role.skills:
        courses = catalog.courses.get(item.skill_id) or ()
        if not courses or item.skill_id not in catalog.skills:
            continue
        course = courses[0]
        provider = f" ({course.provider})" if course.provider else ""
        lines.append(f"- {catalog.skills[item.skill_id].name}: {course.title}{provider}")
        if len(lines) > 4:
            break
    return "\n".join(lines)


def _suits(role: RoleInfo, catalog: Catalog) -> str:
    goals = [catalog.goals[g].name for g in role.suits_goals if g in catalog.goals]
    return text("answer.suits", role=role.name, goals=", ".join(goals), about=role.description)


def _overview(role: RoleInfo, catalog: Catalog) -> str:
    return render_role(role, catalog)


_ANSWERS: dict[str, Callable[[RoleInfo, Catalog], str]] = {
    "salary": _salary,
    "shifts": _shifts,
    "voice": _voice,
    "part_time": _part_time,
    "from_home": _from_home,
    "skills": _skills_answer,
    "education": _education,
    "entry_jobs": _entry_jobs,
    "growth": _growth,
    "training": _training,
    "suits": _suits,
    "work": _overview,
    "overview": _overview,
}


def role_text(role_id: str, aspect: str, catalog: Catalog) -> str:
    """The facts of ``aspect`` about one role, as one message text."""
    role = catalog.roles[role_id]
    return _ANSWERS.get(aspect, _overview)(role, catalog)


def role_answer(role_id: str, aspects: Sequence[str], catalog: Catalog, in_intake: bool) -> Reply:
    """One role, the asked aspects (the whole role when none), with buttons to go on."""
    asked = [a for a in aspects if a in _ANSWERS and a not in ("overview", "work")]
    if not asked:
        body = role_text(role_id, "overview", catalog)
    else:  # what the role is, in a line, then what was asked
        role = catalog.roles[role_id]
        lead = text(
            "answer.lead", role=role.name, track=role.track, about=_first_sentence(role.description)
        )
        body = "\n".join([lead] + [role_text(role_id, aspect, catalog) for aspect in asked[:3]])
    return Reply(text=body, buttons=[] if in_intake else role_buttons(role_id, catalog))


def role_buttons(role_id: str, catalog: Catalog) -> list[dict[str, str]]:
    """Follow-ups about the same role, then the way to personal advice."""
    name = catalog.roles[role_id].name
    return [
        button(text("button.role_salary", role=name), text("button.role_salary_ask", role=name)),
        button(text("button.role_skills", role=name), text("button.role_skills_ask", role=name)),
        advice_button(),
    ]


# ---- two or more roles side by side -----------------------------------------------------------
def _compared_rows() -> tuple:
    """(row title, the role's value) for the side-by-side table, in reading order."""
    return (
        (text("answer.row.track"), lambda r, c: r.track),
        (text("answer.row.work"), lambda r, c: _first_sentence(r.description)),
        (text("answer.row.entry_jobs"), lambda r, c: ", ".join(r.entry_roles[:3])),
        (text("answer.row.skills"), lambda r, c: ", ".join(_skills(r, c)[:4])),
        (text("answer.row.education"), lambda r, c: c.levels[r.min_education].name),
        (text("answer.row.work_style"), lambda r, c: f"{_voice_words(r)}; {_shift_words(r)}"),
        (
            text("answer.row.pay"),
            lambda r, c: text(f"answer.pay_level.{r.salary_level}", other=_other_track(r)),
        ),
    )


def _first_sentence(description: str) -> str:
    sentence = re.split(r"(?<=[.;])\s", description.strip(), maxsplit=1)[0]
    return sentence.rstrip(".;") + "."


def comparison_answer(role_ids: Sequence[str], catalog: Catalog, in_intake: bool) -> Reply:
    roles = [catalog.roles[r] for r in role_ids if r in catalog.roles][:3]
    lines = [text("answer.compare_intro", roles=" / ".join(r.name for r in roles))]
    for title, value in _compared_rows():
        lines.append(f"{title}:")
        lines += [f"- {role.name}: {value(role, catalog)}" for role in roles]
    buttons = [] if in_intake else [role_details_button(r.id, r.name) for r in roles]
    return Reply(text="\n".join(lines), buttons=buttons)
