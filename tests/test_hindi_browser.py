"""The widget switched to हिन्दी in a real browser against the real bot: its own words and
the bot's replies in Devanagari up to the recommendation cards; a screenshot for a human
look at tests/output/hindi/recommendations.png (needs a Devanagari font: ensure_browser.sh)."""

from __future__ import annotations

import re

import pytest

from harness.stack import PROJECT_ROOT
from tests.widget_support import (
    bot_texts,
    click_button_matching,
    open_demo_page,
    type_message,
    wait_idle,
)

pytestmark = pytest.mark.e2e

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
SCREENSHOTS = PROJECT_ROOT / "tests" / "output" / "hindi"
ANSWERS = [
    "मैंने B.Com किया है",
    "numbers के साथ काम करना अच्छा लगता है",
    "Excel और Tally आता है",
    "जल्दी नौकरी चाहिए",
    "कोई पसंद नहीं",
    "fresher हूँ",
]


def test_widget_switched_to_hindi_shows_hindi_recommendations(browser, rasa_stack):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
        page.locator(".cp-launcher").click()
        wait_idle(page)
        page.locator(".cp-lang-btn").click()  # हिन्दी
        wait_idle(page)
        assert page.locator(".cp-input").get_attribute("placeholder") == "अपना message लिखिए…"
        assert DEVANAGARI.search(bot_texts(page)[-1]), bot_texts(page)[-1]
        assert click_button_matching(page, re.compile("करियर सलाह")), "Hindi advice button"
        for answer in ANSWERS:
            assert DEVANAGARI.search(bot_texts(page)[-1]), bot_texts(page)[-1]
            type_message(page, answer)
        assert click_button_matching(page, re.compile("हाँ")), bot_texts(page)[-1]
        card = page.locator(".cp-card").first
        card.wait_for(timeout=60_000)
        assert DEVANAGARI.search(card.inner_text()), card.inner_text()
        assert "अच्छा मैच" in card.inner_text() or "मैच" in card.inner_text()
        card.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "recommendations.png"), animations="disabled")
        # After a reload the widget keeps the chosen language.
        page.reload()
        page.wait_for_function("() => window.CareerPathChat !== undefined")
        assert page.locator(".cp-lang-btn").inner_text().strip() == "English"
    finally:
        context.close()
