"""``build_report``: profile + advice + catalog -> Markdown, HTML and the two pictures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .charts import fit_chart_png, ladder_png
from .content import TOP_RECOMMENDATIONS, ReportContent, collect_content
from .markdown import render_markdown
from .page import charts_in_html, render_html


@dataclass(frozen=True)
class Report:
    content: ReportContent
    markdown: str
    html: str
    # None when no role type was recommended (the ladder), and both None when the charts are
    # drawn in HTML (labels in a script matplotlib cannot shape, such as Devanagari)
    fit_chart_png: bytes | None
    ladder_png: bytes | None


def build_report(
    profile,
    advice=None,
    catalog=None,
    *,
    note: str | None = None,
    counselor: str | None = None,
    student: str | None = None,
    reference: str | None = None,
    created_at: datetime | None = None,
    chosen_role: str | None = None,
    top: int = TOP_RECOMMENDATIONS,
    language: str | None = None,
) -> Report:
    """Build the counselor report. ``advice`` defaults to ``recommend(profile, catalog)``
    and may be an Advice or its ``to_dict()``; ``catalog`` defaults to ``load_catalog()``."""
    if catalog is None:
        from careerpath.kb.repository import load_catalog

        catalog = load_catalog()
    if advice is None:
        from careerpath.advisor import recommend

        advice = recommend(profile, catalog)
    content = collect_content(
        profile,
        advice,
        catalog,
        note=note,
        counselor=counselor,
        student=student,
        reference=reference,
        created_at=created_at,
        chosen_role=chosen_role,
        top=top,
        language=language,
    )
    pictures = not charts_in_html(content)
    chart = fit_chart_png(content.fit_bars, content.track_colours) if pictures else None
    growth = content.growth
    ladder = (
        ladder_png(growth, content.colour_of(growth.track))
        if pictures and growth is not None
        else None
    )
    return Report(
        content=content,
        markdown=render_markdown(content),
        html=render_html(content, chart, ladder),
        fit_chart_png=chart,
        ladder_png=ladder,
    )
