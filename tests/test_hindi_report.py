"""The counselor report of a Hindi guided session: written in Hindi from the localized
knowledge base, naming the conversation's language, readable with a Devanagari font."""

from __future__ import annotations

import re

from careerpath import wording
from careerpath.kb.repository import load_catalog
from careerpath.profiling.profile import Profile
from careerpath.reports import build_report

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
PROFILE = {
    "education_level": "graduate",
    "degree": "bcom",
    "field": "commerce",
    "skills": ["ms_excel", "tally"],
    "goals": ["quick_job"],
}


def test_a_hindi_report_is_in_hindi_and_names_its_language():
    catalog = load_catalog().localized("hi")
    with wording.language("hi"):
        report = build_report(
            Profile.from_dict(PROFILE),
            None,
            catalog,
            language="hi",
            reference="CP-TEST",
            student="Priya",
        )
    assert "भाषा" in report.markdown and "हिन्दी" in report.markdown
    assert "भाषा" in report.html and "Noto Sans Devanagari" in report.html
    assert "Counselor रिपोर्ट" in report.html
    top = report.content.recommendations[0]
    assert DEVANAGARI.search(top["name"]), top["name"]  # the role's Hindi name


def test_an_english_report_names_english():
    with wording.language("en"):
        report = build_report(Profile.from_dict(PROFILE), None, load_catalog(), language="en")
    assert "Language: English" in report.markdown
    assert not DEVANAGARI.search(report.markdown)
