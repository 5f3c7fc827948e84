"""The report as one printable, standalone HTML page (inline CSS, pictures as data URIs).

Printed, every page names the report (code and student) at its top and counts pages at its
bottom (CSS ``@page`` margin boxes), and the browser's title - the printout's name - carries
both. On a phone (412 px) nothing is wider than the screen: the fit chart is drawn as
labelled bars in HTML there (the picture's labels would be a few pixels tall), and the
training plan's rows stack.

Every string goes through :func:`html.escape` on its way in (``_e``), knowledge-base
text included: the page is built from text only, never from pre-made markup.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable

from careerpath.wording import language_name, text

from .content import GrowthPath, ReportContent, course_text, fit_words, percent, years_text

STYLE = """
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --soft:#f8fafc; --brand:#0f766e; }
* { box-sizing: border-box; }
body { margin:0; background:#eef2f7; color:var(--ink);
       font:15px/1.55 "Segoe UI", system-ui, -apple-system, "Noto Sans", "Noto Sans Devanagari",
            "Nirmala UI", "DejaVu Sans", Arial, sans-serif; overflow-wrap: break-word; }
.page { max-width: 900px; margin: 24px auto; background:#fff; padding: 36px 44px 28px;
        border-radius: 10px; box-shadow: 0 2px 14px rgba(15,23,42,.08); }
header.top { display:flex; justify-content:space-between; align-items:flex-start; gap:24px;
             border-bottom: 3px solid var(--brand); padding-bottom: 14px; margin-bottom: 18px; }
.brand { color:var(--brand); font-weight:700; letter-spacing:.06em; text-transform:uppercase; font-size:12px; }
h1 { font-size: 26px; margin: 2px 0 0; }
h2 { font-size: 18px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 6px; }
.meta { margin:0; font-size: 13px; color: var(--muted); text-align:right; }
.meta dt { font-weight:600; color:var(--ink); display:inline; }
.meta dd { display:inline; margin:0 0 0 4px; }
.meta div { white-space: nowrap; }
.lead { font-size: 16px; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align:left; vertical-align:top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight:600; }
table.facts th { width: 150px; background: none; color: var(--muted); font-weight:600; }
.summary { background: #f0fdfa; border-left: 4px solid var(--brand); padding: 10px 14px; border-radius: 6px; }
.summary p { margin: 0 0 4px; font-weight: 600; }
.summary ul { margin: 4px 0 0; padding-left: 20px; }
.cards { display:grid; gap: 12px; }
.card { border:1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card header { display:flex; justify-content:space-between; align-items:baseline; gap:12px; }
.badge { display:inline-block; font-size:12px; font-weight:700; color:#fff; border-radius: 999px;
         padding: 1px 9px; margin-left: 6px; vertical-align: 2px; }
.score { font-weight:700; white-space:nowrap; }
.fit-strong { color:#047857; } .fit-good { color:#0f766e; } .fit-possible { color:#b45309; } .fit-stretch { color:#b91c1c; }
.why { margin: 4px 0 8px; }
.card dl { display:grid; grid-template-columns: 140px 1fr; gap: 3px 10px; margin:0; font-size:14px; }
.card dt { color: var(--muted); font-weight:600; }
.card dd { margin:0; }
figure { margin: 8px 0 0; }
figure img { width: 100%; height: auto; display:block; }
figcaption { font-size: 13px; color: var(--muted); margin: 4px 0 14px; }
.ladder img { max-width: 640px; }
ul.courses { margin:0; padding-left: 18px; }
.note { white-space: pre-wrap; background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px;
        padding: 10px 14px; margin: 0; font-family: inherit; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 26px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
.fit-list { display:none; list-style:none; margin: 8px 0 14px; padding:0; }
.fit-list li { margin: 0 0 10px; }
.fit-name { display:flex; justify-content:space-between; gap:8px; font-size:14px; font-weight:600; }
.fit-value { white-space:nowrap; color: var(--muted); font-weight:600; }
.fit-track { display:block; height:10px; margin-top:3px; border-radius:5px; background:#e2e8f0; overflow:hidden; }
.fit-fill { display:block; height:100%; border-radius:5px; }
figure.fit.fit-html .fit-list { display:block; }
.ladder-list { list-style:none; margin: 8px 0 0; padding: 0 0 0 6px; }
.ladder-list li { display:flex; align-items:center; gap:12px; padding: 5px 0; break-inside: avoid; }
.rung { flex:none; width:30px; height:30px; border-radius:50%; border:3px solid; display:flex; align-items:center; justify-content:center; font-weight:700; }
.rung-years { display:block; color: var(--muted); font-size: 13px; }
@media (max-width: 640px) { .page { padding: 20px 16px; margin: 0; border-radius: 0; }
  header.top { flex-direction: column; gap: 8px; } .meta { text-align:left; } .meta div { white-space: normal; }
  h1 { font-size: 23px; }
  .card { padding: 12px; } .card header { flex-direction: column; gap: 2px; }
  .card dl { grid-template-columns: 1fr; } .card dd { margin-bottom: 6px; }
  figure.fit img { display:none; } .fit-list { display:block; }
  .ladder img { max-width: 100%; }
  table.plan thead { display:none; }
  table.plan, table.plan tbody, table.plan tr, table.plan td { display:block; width:100%; }
  table.plan tr { padding: 8px 0; border-bottom: 1px solid var(--line); }
  table.plan td { border: 0; padding: 2px 0; }
  table.plan td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-weight:600; }
  table.plan ul.courses { padding-left: 18px; } }
@page { size: A4; margin: 16mm 12mm 14mm; }
@media print {
  figure.fit img { display:block; } .fit-list { display:none; }
  body { background:#fff; font-size: 11.5px; }
  .lead, table, .card dl, .note { font-size: 11.5px; }
  h1 { font-size: 22px; } h2 { font-size: 15px; margin-top: 18px; } h3 { font-size: 13px; }
  figure.fit img { max-width: 560px; } .ladder img { max-width: 460px; }
  figcaption, footer { font-size: 10px; }
  .page { box-shadow:none; margin:0; padding:0; max-width:none; border-radius:0; }
  section, .card, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .badge, .summary, th, .note { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""  # noqa: E501 - CSS, one rule per line


# Letters that join into clusters (Devanagari and the other Indic scripts): matplotlib draws
# glyphs one by one without shaping them, so a chart labelled in them comes out garbled. Such
# a report draws its two charts in HTML instead, where the browser shapes the text.
_SHAPED_SCRIPT = re.compile("[\u0900-\u0dff]")


def charts_in_html(content: ReportContent) -> bool:
    labels = [bar.name + fit_words(bar.fit) for bar in content.fit_bars]
    if content.growth is not None:
        labels += [step.title + years_text(step.years) for step in content.growth.steps]
    return bool(_SHAPED_SCRIPT.search(" ".join(labels)))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _css_string(value: str) -> str:
    """A CSS string literal that cannot end the string or the <style> element it is in."""
    cleaned = re.sub(r"[\x00-\x1f\x7f]", " ", value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + cleaned.replace("<", "\\3C ").replace(">", "\\3E ") + '"'


def _footer(content) -> str:
    created = f"{content.created_at:%d %b %Y, %H:%M} UTC"
    return f"<footer>{_e(text('report.footer', date=created))}</footer>"


def page_marks(content: ReportContent) -> str:
    """Print margin boxes: the report's code and student on every page, and page N of M."""
    label = " · ".join(part for part in (content.reference, content.student) if part)
    top = (
        f"@top-left {{ content: {_css_string(label)}; font: 9px sans-serif; color: #475569; }} "
        if label
        else ""
    )
    return (
        f"@page {{ {top}@bottom-right {{ content: {page_counter()}; "
        "font: 9px sans-serif; color: #475569; } }"
    )


def page_counter(lang: str | None = None) -> str:
    """ "Page N of M" as CSS content, its words from the catalog (in ``lang``, default the
    current language): the printer fills the numbers."""
    worded = text("report.page_of", lang=lang, page="{page}", pages="{pages}")
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    parts = re.split(r"(\{pages?\})", worded)
    return " ".join(counters.get(part) or _css_string(part) for part in parts if part)


def render_html(
    content: ReportContent, fit_chart_png: bytes | None, ladder_png: bytes | None
) -> str:
    named = " · ".join(part for part in (content.student, content.reference) if part)
    title = text("report.title") + (f" — {named}" if named else "")
    body = "\n".join(
        [
            _header(content),
            _profile(content),
            _summary(content),
            _recommendations(content, fit_chart_png),
            _training(content),
            _growth(content, ladder_png),
            _notes(content),
            _counselor_note(content),
            _footer(content),
        ]
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(content.language or "en")}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}\n{page_marks(content)}</style>\n"
        '</head>\n<body>\n<main class="page">\n'
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def _header(content: ReportContent) -> str:
    facts = [(text("report.date"), f"{content.created_at:%d %b %Y}")]
    for label, value in (
        (text("report.reference"), content.reference),
        (text("report.student"), content.student),
        (text("report.counselor"), content.counselor),
        (text("report.language"), language_name(content.language)),
    ):
        if value:
            facts.append((label, value))
    meta = "".join(
        f"<div><dt>{_e(label)}:</dt><dd>{_e(value)}</dd></div>" for label, value in facts
    )
    return (
        f'<header class="top"><div><div class="brand">{_e(text("report.brand"))}</div>'
        f'<h1>{_e(text("report.heading"))}</h1></div><dl class="meta">{meta}</dl></header>'
    )


def _profile(content: ReportContent) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>'
        for label, value in content.profile_rows
    )
    return (
        f"<section><h2>{_e(text('report.student_profile'))}</h2>"
        f'<p class="lead">{_e(content.profile_sentence)}</p>'
        f'<table class="facts">{rows}</table></section>'
    )


def _summary(content: ReportContent) -> str:
    if not (content.summary_text or content.summary_reasons or content.prerequisites):
        return ""
    parts = [
        f"<p>{_e(content.summary_text)}</p>" if content.summary_text else "",
        _list(content.summary_reasons),
    ]
    if content.prerequisites:
        parts.append(f"<p>{_e(text('report.first_steps'))}</p>" + _list(content.prerequisites))
    return (
        f"<section><h2>{_e(text('report.summary'))}</h2>"
        f'<div class="summary">{"".join(parts)}</div></section>'
    )


def _recommendations(content: ReportContent, fit_chart_png: bytes | None) -> str:
    cards = [_card(rank, rec, content) for rank, rec in enumerate(content.recommendations, start=1)]
    body = (
        f'<div class="cards">{"".join(cards)}</div>'
        if cards
        else f'<p class="empty">{_e(text("report.nothing_fits"))}</p>'
    )
    alt = (
        text("report.fit_of_top_roles")
        + " "
        + "; ".join(f"{bar.name} {percent(bar.score)}" for bar in content.fit_bars)
    )
    caption = f"<figcaption>{_e(text('report.fit_caption'))}</figcaption>"
    html_only = fit_chart_png is None or charts_in_html(content)
    picture = "" if html_only else f'<img src="{data_uri(fit_chart_png or b"")}" alt="{_e(alt)}">'
    chart = (
        (
            f'<figure class="fit{" fit-html" if html_only else ""}">'
            f"{picture}{_fit_list(content)}{caption}</figure>"
        )
        if content.fit_bars
        else ""
    )
    heading = _e(text("report.top_recommendations"))
    return f"<section><h2>{heading}</h2>{chart}</section><section>{body}</section>"


def _fit_list(content: ReportContent) -> str:
    """The fit chart as text and bars, shown instead of the picture on a phone."""
    rows = []
    for bar in content.fit_bars:
        share = max(0.0, min(1.0, bar.score)) * 100
        name = f"<span>{_e(bar.name)} {_badge(bar.track, content)}</span>"
        value = (
            f"<span class='fit-value'>{_e(percent(bar.score))} · {_e(fit_words(bar.fit))}</span>"
        )
        fill = f"width: {share:.0f}%; background: {_e(content.colour_of(bar.track))}"
        rows.append(
            f"<li><span class='fit-name'>{name}{value}</span><span class='fit-track'>"
            f"<span class='fit-fill' style='{fill}'></span></span></li>"
        )
    return f'<ol class="fit-list">{"".join(rows)}</ol>'


def _badge(track: str, content: ReportContent) -> str:
    """The track's name on its colour (colours are per track, from the report's content)."""
    return (
        f'<span class="badge" style="background: {_e(content.colour_of(track))}">{_e(track)}</span>'
    )


def _card(rank: int, rec: dict, content: ReportContent) -> str:
    track = rec.get("track", "")
    rows = [
        (
            text("report.skills_they_have"),
            ", ".join(rec.get("matched_skills") or []) or text("report.none_listed_yet"),
        ),
        (
            text("report.skills_to_build"),
            ", ".join(rec.get("missing_skills") or []) or text("report.none_ready"),
        ),
    ]
    note = (rec.get("education_fit") or {}).get("note")
    if note:
        rows.append((text("report.education"), note))
    if rec.get("entry_roles"):
        rows.append((text("report.start_as"), ", ".join(rec["entry_roles"])))
    details = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in rows)
    fit = rec.get("fit", "")
    return (
        f'<article class="card"><header><h3>{rank}. {_e(rec["name"])}'
        f"{_badge(track, content)}</h3>"
        f'<span class="score fit-{_e(fit)}">{_e(fit_words(fit))} · '
        f"{_e(percent(rec['score']))}</span></header>"
        f'<p class="why">{_e(rec.get("why", ""))}</p><dl>{details}</dl></article>'
    )


def _training(content: ReportContent) -> str:
    if not content.training:
        return (
            f"<section><h2>{_e(text('report.training_plan'))}</h2>"
            f'<p class="empty">{_e(text("report.no_gaps"))}</p></section>'
        )
    rows = []
    for item in content.training:
        courses = (
            "".join(f"<li>{_e(course_text(course))}</li>" for course in item.courses)
            or f"<li>{_e(text('report.practise_on_the_job'))}</li>"
        )
        rows.append(
            f"<tr><td><strong>{_e(item.skill)}</strong></td>"
            f'<td data-label="{_e(text("report.needed_for"))}">{_e(", ".join(item.for_roles))}</td>'
            f'<td><ul class="courses">{courses}</ul></td></tr>'
        )
    headers = "".join(
        f"<th>{_e(text(key))}</th>"
        for key in ("report.skill_to_build", "report.needed_for", "report.suggested_training")
    )
    return (
        f"<section><h2>{_e(text('report.training_plan'))}</h2>"
        f'<table class="plan"><thead><tr>{headers}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _growth(content: ReportContent, ladder_png: bytes | None) -> str:
    growth = content.growth
    if growth is None or (ladder_png is None and not charts_in_html(content)):
        return ""
    alt = (
        text("report.growth_path_of", role=growth.role_name)
        + " "
        + text("report.then").join(step.title for step in growth.steps)
    )
    return (
        f"<section><h2>{_e(text('report.growth_path', role=growth.role_name))} "
        f"{_badge(growth.track, content)}</h2>"
        f'<figure class="ladder">{_ladder(content, growth, ladder_png, alt)}'
        f"<figcaption>{_e(text('report.ladder_caption'))}</figcaption></figure></section>"
    )


def _ladder(content: ReportContent, growth: GrowthPath, png: bytes | None, alt: str) -> str:
    """The growth ladder: the picture, or (see ``charts_in_html``) the same rungs in HTML,
    the most senior on top and the entry role at the bottom, as in the picture."""
    if png is not None and not charts_in_html(content):
        return f'<img src="{data_uri(png)}" alt="{_e(alt)}">'
    colour = _e(content.colour_of(growth.track))
    rungs = []
    for number, step in reversed(list(enumerate(growth.steps, start=1))):
        years = years_text(step.years)
        rungs.append(
            f"<li><span class='rung' style='border-color: {colour}'>{number}</span>"
            f"<span><strong>{_e(step.title)}</strong>"
            + (f"<span class='rung-years'>{_e(years)}</span>" if years else "")
            + "</span></li>"
        )
    return f'<ol class="ladder-list" aria-label="{_e(alt)}">{"".join(rungs)}</ol>'


def _notes(content: ReportContent) -> str:
    if not content.notes:
        return ""
    return f"<section><h2>{_e(text('report.good_to_know'))}</h2>{_list(content.notes)}</section>"


def _counselor_note(content: ReportContent) -> str:
    body = (
        f'<p class="note">{_e(content.counselor_note)}</p>'
        if content.counselor_note
        else f'<p class="empty">{_e(text("report.no_note"))}</p>'
    )
    return f"<section><h2>{_e(text('report.counselor_note'))}</h2>{body}</section>"


def _list(items: Iterable[str]) -> str:
    items = list(items)
    return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>" if items else ""
