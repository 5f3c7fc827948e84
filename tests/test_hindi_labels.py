"""The labels around the facts, in a Hindi conversation: a recommendation card's work style,
growth and training labels (as Telegram and the terminal render them, and as the widget
receives them), and the report's fit words, page numbers and page language."""

from __future__ import annotations

import re

from careerpath import wording
from careerpath.advisor import recommend
from careerpath.conversation.cards import card_text, recommendation_card
from careerpath.kb.repository import load_catalog
from careerpath.profiling.profile import Profile
from careerpath.reports import build_report
from careerpath.reports.page import page_marks

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
PROFILE = {
    "education_level": "graduate",
    "degree": "bcom",
    "field": "commerce",
    "skills": ["ms_excel", "tally"],
    "goals": ["quick_job"],
}
ENGLISH_LABELS = ("Growth", "Training", "calls", "shift", "non-voice", "voice", "part-time")


def _hindi_card():
    catalog = load_catalog().localized("hi")
    with wording.language("hi"):
        advice = recommend(Profile.from_dict(PROFILE), catalog)
        return recommendation_card(advice)


def test_work_style_reaches_the_card_in_hindi():
    card = _hindi_card()
    works = [item["work"] for item in card["items"] if item.get("work")]
    assert works
    for work in works:
        assert DEVANAGARI.search(work), work
        assert not re.search(r"[A-Za-z]", work), f"English words in the work style: {work}"


def test_card_text_labels_are_hindi():
    shown = card_text({**_hindi_card(), "lang": "hi"})
    for label in ENGLISH_LABELS:
        assert not re.search(rf"(^|\n){label}\b", shown), f"{label!r} label in: {shown}"
    assert "आगे बढ़ने का रास्ता:" in shown


def _report(language: str):
    catalog = load_catalog()
    catalog = catalog.localized(language) if language != "en" else catalog
    with wording.language(language):
        return build_report(
            Profile.from_dict(PROFILE), None, catalog, language=language, reference="CP-T"
        )


def test_report_page_numbers_and_fit_words_follow_the_language():
    hindi = _report("hi")
    assert '"पेज " counter(page) " / " counter(pages)' in hindi.html
    assert "Page " not in hindi.html and " fit" not in hindi.markdown
    assert '<html lang="hi">' in hindi.html
    assert "मैच" in hindi.markdown
    english = _report("en")
    assert '"Page " counter(page) " of " counter(pages)' in english.html
    assert "fit" in english.markdown and '<html lang="en">' in english.html


def test_page_marks_cannot_be_broken_by_a_translation():
    with wording.language("hi"):
        marks = page_marks(_report("hi").content)
    assert marks.count("counter(page)") == 1 and marks.count("counter(pages)") == 1


def test_hindi_charts_are_drawn_by_the_browser_not_matplotlib():
    """matplotlib cannot join Devanagari letters: a Hindi report draws its fit bars and its
    growth ladder in HTML; an English one keeps the pictures."""
    catalog = load_catalog().localized("hi")
    with wording.language("hi"):
        advice = recommend(Profile.from_dict(PROFILE), catalog)
        role = advice.recommendations[0].role_type
        hindi = build_report(
            Profile.from_dict(PROFILE), advice, catalog, language="hi", chosen_role=role
        )
    assert 'class="fit fit-html"' in hindi.html and "data:image/png" not in hindi.html
    assert 'class="ladder-list"' in hindi.html
    # and no picture is drawn at all (its Devanagari would be boxes)
    assert hindi.fit_chart_png is None and hindi.ladder_png is None
    english = build_report(
        Profile.from_dict(PROFILE), None, load_catalog(), language="en", chosen_role=role
    )
    assert english.html.count("data:image/png") == 2 and 'class="ladder-list"' not in english.html


def test_the_workspace_pdf_marks_an_older_hindi_page_in_hindi():
    """A report stored before it marked its own printed pages gets the workspace's marks, in
    the page's language."""
    from workspace.pdf import with_page_marks

    older = '<html lang="hi"><head><title>r</title></head><body>रिपोर्ट</body></html>'
    marked = with_page_marks(older, "CP-OLD1", "प्रिया")
    assert '"पेज " counter(page) " / " counter(pages)' in marked and "Page " not in marked
    english = with_page_marks(older.replace('lang="hi"', 'lang="en"'), "CP-OLD1", "Priya")
    assert '"Page " counter(page) " of " counter(pages)' in english


def test_hindi_explanations_have_no_broken_sentences(tmp_path):
    """KB texts end in a danda; inside a sentence they must not break it ("डिग्री। वालों"),
    a track is named once ("BPO (बिज़नेस प्रोसेस आउटसोर्सिंग)"), never "।." twice over."""
    from tests.kb_support import throwaway_knowledge_base

    school = {"education_level": "twelfth", "skills": ["typing"], "goals": ["quick_job"]}
    with throwaway_knowledge_base(tmp_path) as (_url, catalog):
        hindi = catalog.localized("hi")
        with wording.language("hi"):
            shown = card_text(
                {**recommendation_card(recommend(Profile.from_dict(school), hindi)), "lang": "hi"}
            )
    for broken in ("। वालों", "। चाहिए", "। पर टिका", "।.", "(BPO))", "(KPO))", "शुरुआत मिलता"):
        assert broken not in shown, f"{broken!r} in: {shown}"
