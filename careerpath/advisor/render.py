"""Plain-text renderers shared by the chat actions and the CLI.

Short lines and "•" bullets, no Markdown tables: the same text must read well in a
terminal, the web widget and Telegram. ``width`` wraps long lines for terminals; chat
callers leave it ``None`` and let the client wrap.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.wording import plural, text

from .catalog_views import tracks_by_entry_level
from .explain.phrasing import course_text
from .results import Advice, Recommendation, growth_step_text

BULLET = "•"
MAX_COURSES_PER_SKILL = 2
MAX_SKILLS_IN_PLAN = 6
TOP_ROLES_SHOWN = 3  # recommendations a text answer shows unless told otherwise


def _wrap(lines: Iterable[str], width: int | None) -> str:
    if not width:
        return "\n".join(lines)
    wrapped: list[str] = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        hanging = indent + ("  " if stripped.startswith(BULLET) else "")
        wrapped.append(
            textwrap.fill(
                line,
                width=width,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or line
        )
    return "\n".join(wrapped)


def _bullet(label: str, text: str, indent: str = "") -> str:
    return f"{indent}{BULLET} {label}: {text}" if label else f"{indent}{BULLET} {text}"


def recommendation_lines(rec: Recommendation, rank: int | None = None) -> list[str]:
    head = f"{rank}. " if rank is not None else ""
    lines = [
        text(
            "advisor.recommendation_head",
            rank=head,
            role=rec.name,
            track=rec.track,
            fit=rec.fit,
            score=f"{rec.score:.2f}",
        ),
        rec.why,
    ]
    if rec.matched_skills:
        lines.append(_bullet(text("advisor.skills_you_have"), ", ".join(rec.matched_skills)))
    if rec.missing_skills:
        lines.append(_bullet(text("advisor.skills_to_learn"), ", ".join(rec.missing_skills)))
    lines.append(_bullet(text("advisor.education"), rec.education_fit.get("note", "")))
    if rec.entry_roles:
        lines.append(_bullet(text("advisor.start_as"), ", ".join(rec.entry_roles)))
    if rec.growth_path:
        lines.append(
            _bullet(
                text("advisor.growth"),
                " -> ".join(growth_step_text(step) for step in rec.growth_path),
            )
        )
    processes = rec.work_style.get("processes") or []
    if processes:
        lines.append(_bullet(text("advisor.work_style"), ", ".join(processes)))
    return lines


def render_recommendation(
    rec: Recommendation, rank: int | None = None, width: int | None = None
) -> str:
    return _wrap(recommendation_lines(rec, rank), width)


def render_advice(advice: Advice, top: int = TOP_ROLES_SHOWN, width: int | None = None) -> str:
    lines: list[str] = []
    summary_text = advice.summary.get("text")
    if summary_text:
        lines.append(summary_text)
    for reason in advice.summary.get("reasons", []):
        lines.append(_bullet("", reason))
    if advice.prerequisites:
        lines += ["", text("advisor.first_steps")] + [
            _bullet("", step) for step in advice.prerequisites
        ]
    shown = advice.recommendations[: max(top, 0)]
    if shown:
        lines += ["", plural("advisor.top_roles", len(shown))]
        for rank, rec in enumerate(shown, start=1):
            lines += [""] + recommendation_lines(rec, rank)
    elif not advice.prerequisites:
        lines += ["", text("advisor.nothing_fits")]
    if advice.notes:
        lines += ["", text("advisor.good_to_know")] + [_bullet("", note) for note in advice.notes]
    return _wrap(lines, width)


def render_role(role: RoleInfo, catalog: Catalog, width: int | None = None) -> str:
    levels = catalog.levels
    fields = (
        text("advisor.any_subject")
        if role.any_field or not role.fields
        else ", ".join(
            catalog.fields[field].name for field in role.fields if field in catalog.fields
        )
    )
    essential = [catalog.skills[rs.skill_id].name for rs in role.skills if rs.essential]
    useful = [catalog.skills[rs.skill_id].name for rs in role.skills if not rs.essential]
    lines = [
        f"{role.name} ({role.track})",
        role.description,
        _bullet(
            text("advisor.education"),
            text(
                "advisor.role_education",
                minimum=levels[role.min_education].name,
                preferred=levels[role.preferred_education].name,
                fields=fields,
            ),
        ),
    ]
    if essential:
        lines.append(_bullet(text("advisor.essential_skills"), ", ".join(essential)))
    if useful:
        lines.append(_bullet(text("advisor.useful_skills"), ", ".join(useful)))
    if role.entry_roles:
        lines.append(_bullet(text("advisor.start_as"), ", ".join(role.entry_roles)))
    if role.growth_path:
        lines.append(
            _bullet(text("advisor.growth"), " -> ".join(step.title for step in role.growth_path))
        )
    lines.append(_bullet(text("advisor.work_style"), _role_work_style(role)))
    if role.growth_note:
        lines.append(_bullet(text("advisor.pay_and_growth"), role.growth_note))
    return _wrap(lines, width)


def render_learning_plan(
    advice: Advice, top: int = TOP_ROLES_SHOWN, width: int | None = None
) -> str:
    """What to learn for the top recommendations, each skill once, essential gaps first."""
    seen: list[str] = []
    lines: list[str] = []
    for rec in advice.recommendations[: max(top, 0)]:
        for item in rec.training:
            if item["skill"] in seen or len(seen) >= MAX_SKILLS_IN_PLAN:
                continue
            seen.append(item["skill"])
            lines.append(_bullet(item["skill"], text("advisor.skill_for_role", role=rec.name)))
            courses = item["courses"][:MAX_COURSES_PER_SKILL]
            if not courses:
                lines.append(f"   - {text('advisor.no_course')}")
            lines += [f"   - {course_text(course)}" for course in courses]
    first_steps = [_bullet(text("advisor.first"), step) for step in advice.prerequisites]
    if not lines and not first_steps:
        return text("advisor.ready_to_apply")
    return _wrap([text("advisor.learning_plan")] + first_steps + lines, width)


def render_comparison(catalog: Catalog, width: int | None = None) -> str:
    """The comparison table (comparison.yml) point by point; its two columns are the entry
    track's and the further track's (BPO and KPO in the seeds)."""
    entry, further = _compared_tracks(catalog)
    lines = [text("advisor.comparison", entry=entry, further=further)]
    for row in catalog.comparison:
        lines += ["", row.aspect, _bullet(entry, row.bpo, "  "), _bullet(further, row.kpo, "  ")]
    return _wrap(lines, width)


def _role_work_style(role: RoleInfo) -> str:
    """The KB's values as words: "calls or non-voice; customer-facing; day shifts; part-time
    rare"."""
    try:
        voice = text(f"advisor.voice.{role.voice}")
    except KeyError:
        voice = role.voice.replace("_", " ")
    try:
        shifts = text(f"card.shifts.{role.shifts}")
    except KeyError:
        shifts = text("card.shifts_named", shifts=role.shifts.replace("_", " "))
    contact = text(
        "advisor.customer_facing" if role.customer_facing else "advisor.behind_the_scenes"
    )
    part_time = text(
        "advisor.part_time_possible" if role.part_time_possible else "advisor.part_time_rare"
    )
    return text(
        "advisor.role_work_style", voice=voice, contact=contact, shifts=shifts, part_time=part_time
    )


def _compared_tracks(catalog: Catalog):
    ordered = tracks_by_entry_level(catalog)
    return (ordered[0], ordered[-1]) if ordered else ("", "")


def render_roles_list(catalog: Catalog, width: int | None = None) -> str:
    """All role types by track and category, with entry roles (the CLI's `roles`)."""
    lines: list[str] = []
    current: tuple[str | None, str | None] = (None, None)
    for role in catalog.roles.values():
        if (role.track, role.category_id) != current:
            if role.track != current[0]:
                track = catalog.tracks.get(role.track)
                lines += ["", f"{role.track} - {track.name if track else role.track}"]
            lines.append(f"  {category_name(role.category_id, catalog)}")
            current = (role.track, role.category_id)
        entry = ", ".join(role.entry_roles)
        starts = ": " + text("advisor.starts_as", roles=entry) if entry else ""
        lines.append(f"    {BULLET} {role.name}{starts}")
    return _wrap(lines[1:], width)


def category_name(category_id: str, catalog: Catalog) -> str:
    """The seed's name of a role category, e.g. "BPO by location"."""
    category = catalog.categories.get(category_id)
    return category.name if category is not None else category_id.replace("_", " ")
