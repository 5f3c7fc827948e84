"""The report as Markdown: what the counselor copies into an e-mail or a case file.

Text typed by people (the note, names) is escaped so it stays text: a note cannot open a
link, an image or raw HTML when the Markdown is later rendered.
"""

from __future__ import annotations

import re

from careerpath.wording import language_name, text

from .content import ReportContent, course_text, fit_words, percent, years_text

# CommonMark: a backslash before ASCII punctuation makes it literal. These are the
# characters that could start emphasis, code, a link or image, raw HTML, an entity or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(content: ReportContent) -> str:
    lines: list[str] = [f"# {text('report.title')}", ""]
    lines += _header(content)
    lines += ["", f"## {text('report.student_profile')}", "", content.profile_sentence, ""]
    lines += [f"- **{label}:** {value}" for label, value in content.profile_rows]
    lines += _summary(content)
    lines += _recommendations(content)
    lines += _training(content)
    lines += _growth(content)
    if content.notes:
        lines += ["", f"## {text('report.good_to_know')}", ""] + [
            f"- {note}" for note in content.notes
        ]
    lines += ["", f"## {text('report.counselor_note')}", ""]
    if content.counselor_note:
        lines += [
            f"> {escape_markdown(line)}" if line.strip() else ">"
            for line in content.counselor_note.splitlines()
        ]
    else:
        lines.append(f"_{text('report.no_note')}_")
    return "\n".join(lines).rstrip() + "\n"


def _header(content: ReportContent) -> list[str]:
    facts = [f"{text('report.date')}: {content.created_at:%d %b %Y, %H:%M} UTC"]
    if content.reference:
        facts.append(f"{text('report.reference')}: {escape_markdown(content.reference)}")
    if content.student:
        facts.append(f"{text('report.student')}: {escape_markdown(content.student)}")
    if content.counselor:
        facts.append(f"{text('report.counselor')}: {escape_markdown(content.counselor)}")
    if content.language:
        facts.append(f"{text('report.language')}: {language_name(content.language)}")
    return [" · ".join(facts)]


def _summary(content: ReportContent) -> list[str]:
    lines = ["", f"## {text('report.summary')}", ""]
    if content.summary_text:
        lines.append(content.summary_text)
    lines += [f"- {reason}" for reason in content.summary_reasons]
    if content.prerequisites:
        lines += ["", f"**{text('report.first_steps')}**", ""] + [
            f"- {step}" for step in content.prerequisites
        ]
    return lines


def _recommendations(content: ReportContent) -> list[str]:
    lines = ["", f"## {text('report.top_recommendations')}", ""]
    if not content.recommendations:
        return lines + [text("report.nothing_fits")]
    for rank, rec in enumerate(content.recommendations, start=1):
        fit = fit_words(rec["fit"])
        lines += [
            f"### {rank}. {rec['name']} ({rec['track']}) — {fit}, {percent(rec['score'])}",
            "",
            f"**{text('report.why')}** {rec['why']}",
            "",
        ]
        have = ", ".join(rec["matched_skills"]) or text("report.none_listed_yet")
        lines.append(f"- **{text('report.skills_they_have')}:** {have}")
        build = ", ".join(rec["missing_skills"]) or text("report.none_ready")
        lines.append(f"- **{text('report.skills_to_build')}:** {build}")
        note = (rec.get("education_fit") or {}).get("note")
        if note:
            lines.append(f"- **{text('report.education')}:** {note}")
        if rec.get("entry_roles"):
            lines.append(f"- **{text('report.start_as')}:** {', '.join(rec['entry_roles'])}")
        lines.append("")
    lines.append(text("report.fit_of_top_roles"))
    lines.append("")
    lines += [
        f"- {bar.name} ({bar.track}): {percent(bar.score)}, {bar.fit}" for bar in content.fit_bars
    ]
    return lines


def _training(content: ReportContent) -> list[str]:
    lines = ["", f"## {text('report.training_plan')}", ""]
    if not content.training:
        return lines + [text("report.no_gaps")]
    headers = (
        text("report.skill_to_build"),
        text("report.needed_for"),
        text("report.suggested_training"),
    )
    lines += ["| " + " | ".join(headers) + " |", "| --- | --- | --- |"]
    for item in content.training:
        courses = "; ".join(course_text(course) for course in item.courses) or text(
            "report.practise_on_the_job"
        )
        lines.append(
            f"| {_cell(item.skill)} | {_cell(', '.join(item.for_roles))} | {_cell(courses)} |"
        )
    return lines


def _growth(content: ReportContent) -> list[str]:
    growth = content.growth
    if growth is None:
        return []
    lines = ["", f"## {text('report.growth_path', role=growth.role_name)} ({growth.track})", ""]
    for level, step in enumerate(growth.steps, start=1):
        years = " — " + text("report.typically", years=years_text(step.years)) if step.years else ""
        lines.append(f"{level}. {step.title}{years}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
