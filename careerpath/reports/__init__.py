"""Counselor reports (guided mode): Markdown and a printable HTML page.

Rasa-free library. ``build_report`` turns a :class:`~careerpath.profiling.Profile` and an
:class:`~careerpath.advisor.Advice` (or its ``to_dict()`` form, as stored) into a
:class:`Report`: the profile, the top recommendations with why, the skills gap and a
training plan, the growth path of the chosen role, and the counselor's note. The HTML page
is standalone (inline CSS, print styles) and embeds two PNG pictures: the fit of the top
role types as a bar chart and the chosen role's growth path as a ladder.

    from careerpath.reports import build_report
    report = build_report(profile, advice, catalog, note="Prefers day shifts")
    report.markdown, report.html, report.fit_chart_png, report.ladder_png

Storing and reopening reports is ``careerpath.userdata`` (``save_report`` / ``load_report``).
matplotlib is imported on the first chart, never at import time.
"""

from .builder import Report, build_report
from .content import ReportContent, collect_content

__all__ = ["Report", "ReportContent", "build_report", "collect_content"]
