"""The report as Markdown: what the counselor copies into an e-mail or a case file.

Text typed by people (the note, names) is escaped so it stays text: a note cannot open a
link, an image or raw HTML when the Markdown is later rendered.
"""
from __future__ import annotations

import re
from typing import List

from .content import ReportContent, course_text, percent, years_text

# CommonMark: a backslash before ASCII punctuation makes it literal. These are the
# characters that could start emphasis, code, a link or image, raw HTML, an entity or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(content: ReportContent) -> str:
    lines: List[str] = ["# CareerPath counselor report", ""]
    lines += _header(content)
    lines += ["", "## Student profile", "", content.profile_sentence, ""]
    lines += [f"- **{label}:** {value}" for label, value in content.profile_rows]
    lines += _summary(content)
    lines += _recommendations(content)
    lines += _training(content)
    lines += _growth(content)
    if content.notes:
        lines += ["", "## Good to know", ""] + [f"- {note}" for note in content.notes]
    lines += ["", "## Counselor note", ""]
    if content.counselor_note:
        lines += [f"> {escape_markdown(line)}" if line.strip() else ">" for line in content.counselor_note.splitlines()]
    else:
        lines.append("_No note was added._")
    return "\n".join(lines).rstrip() + "\n"


def _header(content: ReportContent) -> List[str]:
    facts = [f"Date: {content.created_at:%d %b %Y, %H:%M} UTC"]
    if content.reference:
        facts.append(f"Reference: {escape_markdown(content.reference)}")
    if content.student:
        facts.append(f"Student: {escape_markdown(content.student)}")
    if content.counselor:
        facts.append(f"Counselor: {escape_markdown(content.counselor)}")
    return [" · ".join(facts)]


def _summary(content: ReportContent) -> List[str]:
    lines = ["", "## Summary", ""]
    if content.summary_text:
        lines.append(content.summary_text)
    lines += [f"- {reason}" for reason in content.summary_reasons]
    if content.prerequisites:
        lines += ["", "**First steps:**", ""] + [f"- {step}" for step in content.prerequisites]
    return lines


def _recommendations(content: ReportContent) -> List[str]:
    lines = ["", "## Top recommendations", ""]
    if not content.recommendations:
        return lines + ["No role type fits yet; see the first steps above."]
    for rank, rec in enumerate(content.recommendations, start=1):
        lines += [f"### {rank}. {rec['name']} ({rec['track']}) — {rec['fit']} fit, {percent(rec['score'])}", "",
                  f"**Why:** {rec['why']}", ""]
        lines.append(f"- **Skills they have:** {', '.join(rec['matched_skills']) or 'none of the listed ones yet'}")
        lines.append(f"- **Skills to build:** {', '.join(rec['missing_skills']) or 'none — ready to apply'}")
        note = (rec.get("education_fit") or {}).get("note")
        if note:
            lines.append(f"- **Education:** {note}")
        if rec.get("entry_roles"):
            lines.append(f"- **Start as:** {', '.join(rec['entry_roles'])}")
        lines.append("")
    lines.append("Fit of the top role types:")
    lines.append("")
    lines += [f"- {bar.name} ({bar.track}): {percent(bar.score)}, {bar.fit}" for bar in content.fit_bars]
    return lines


def _training(content: ReportContent) -> List[str]:
    lines = ["", "## Skills gap and training plan", ""]
    if not content.training:
        return lines + ["No gaps for the top roles: time to apply."]
    lines += ["| Skill to build | Needed for | Suggested training |", "| --- | --- | --- |"]
    for item in content.training:
        courses = "; ".join(course_text(course) for course in item.courses) or "practise on the job"
        lines.append(f"| {_cell(item.skill)} | {_cell(', '.join(item.for_roles))} | {_cell(courses)} |")
    return lines


def _growth(content: ReportContent) -> List[str]:
    growth = content.growth
    if growth is None:
        return []
    lines = ["", f"## Growth path: {growth.role_name} ({growth.track})", ""]
    for level, step in enumerate(growth.steps, start=1):
        years = f" — typically {years_text(step.years)}" if step.years else ""
        lines.append(f"{level}. {step.title}{years}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
