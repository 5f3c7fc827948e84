"""A counselor's guided session in Hindi in a real browser against the real bot: the widget in
guided mode switched to हिन्दी, the eight steps answered with the Hindi buttons and typed
Hindi, then the saved report opened as the workspace serves it, at phone and desktop sizes.
Screenshots for a human look: tests/output/hindi/guided-*.png and report-{phone,desktop}.png
(needs a Devanagari font: scripts/ensure_browser.sh). The widget's own words switch at once
with the language button, inside messages already shown too."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from careerpath.userdata import load_report
from harness.stack import PROJECT_ROOT
from tests.widget_support import (
    active_buttons,
    answer_latest_question,
    click_button_matching,
    open_demo_page,
    type_message,
    wait_idle,
)

pytestmark = pytest.mark.e2e

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
SCREENSHOTS = PROJECT_ROOT / "tests" / "output" / "hindi"
SIZES = {"phone": {"width": 412, "height": 915}, "desktop": {"width": 1280, "height": 900}}
CODE = re.compile(r"CP-[A-Z0-9]{4,}")


def _last_bot_text(page) -> str:
    texts = page.locator(".cp-bubble-bot .cp-text").all_inner_texts()
    return texts[-1] if texts else ""


def _titles(page) -> list[str]:
    return [title.strip() for title in active_buttons(page).all_inner_texts()]


def _pick_chips(page, count: int) -> list[str]:
    """Tap the first ``count`` chips of a several-at-once question, then its "भेजें (n)"."""
    chips = page.locator(".cp-chip-pick:not([disabled])")
    picked = [chips.nth(index).inner_text().strip() for index in range(count)]
    for index in range(count):
        chips.nth(index).click()
    page.locator(".cp-send-picked").click()
    wait_idle(page)
    return picked


def _run_guided_session_in_hindi(page, stack) -> str:
    """The eight steps, as a counselor would go through them; returns the report's code."""
    open_demo_page(page, stack.web_url, stack.rasa_url, "?mode=guided")
    page.locator(".cp-name-input").wait_for()
    page.locator(".cp-lang-btn").click()  # हिन्दी, before the session starts
    wait_idle(page)
    assert page.locator(".cp-name-start").inner_text().strip() == "Session शुरू करें"
    page.locator(".cp-name-input").fill("प्रिया शर्मा")
    page.locator(".cp-name-start").click()
    wait_idle(page)
    steps = []
    # Step 1, education: typed, as students say it.
    steps.append(_last_bot_text(page))
    type_message(page, "मैंने B.Com किया है")
    # Step 2, skills: Hindi chips ("MS Excel" stays as Indians write it).
    steps.append(_last_bot_text(page))
    skills = _pick_chips(page, 2)
    assert any(DEVANAGARI.search(skill) for skill in _titles(page) + skills) or skills
    # Steps 3-6 (goals, interests, preferences, experience; the order follows the answers):
    # a Hindi button or chip each, the one a student would pick, else the first offered.
    wanted = re.compile("जल्दी नौकरी|आंकड़ों|नॉन-वॉइस|डे शिफ़्ट|Fresher|फ़्रेशर")
    for _ in range(6):
        if page.locator(".cp-card").count():
            break
        steps.append(_last_bot_text(page))
        chips = page.locator(".cp-chip-pick:not([disabled])")
        if chips.count():
            titles = chips.all_inner_texts()
            chips.nth(next((i for i, t in enumerate(titles) if wanted.search(t)), 0)).click()
            page.locator(".cp-send-picked").click()
            wait_idle(page)
        elif not click_button_matching(page, wanted):
            titles = _titles(page)
            assert titles and DEVANAGARI.search(titles[0]), (steps[-1], titles)
            click_button_matching(page, re.compile(re.escape(titles[0])))
    # Step 7: the role for the growth path, from the Hindi card's buttons.
    page.locator(".cp-card").first.wait_for(timeout=60_000)
    steps.append(_last_bot_text(page))
    role_buttons = [title for title in _titles(page) if re.match(r"^1\b|^1\.", title)]
    assert role_buttons and DEVANAGARI.search(role_buttons[0]), _titles(page)
    assert click_button_matching(page, re.compile(r"^1\b|^1\.")), _titles(page)
    # Step 8: the counselor's note, typed in Hindi.
    steps.append(_last_bot_text(page))
    type_message(page, "दिन की शिफ़्ट पसंद है, घर के पास काम चाहिए।")
    for step in steps:
        assert DEVANAGARI.search(step), f"a step asked in English: {step}"
    saved = _last_bot_text(page)
    found = CODE.search(saved)
    assert found and DEVANAGARI.search(saved), saved
    return found.group(0)


def test_guided_session_in_hindi_and_its_report(browser, rasa_stack):
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    try:
        code = _run_guided_session_in_hindi(page, rasa_stack)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "guided-chat.png"), animations="disabled")
    finally:
        context.close()
    report = load_report(code, url=rasa_stack.database_url)
    assert report is not None, code
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            page.set_content(report.html, wait_until="load")
            body = page.locator("body").inner_text()
            assert "प्रिया शर्मा" in body and "हिन्दी" in body, body[:400]
            assert "आगे बढ़ने का रास्ता" in body, body
            for english in ("Growth path", "Page ", "strong fit", "good fit"):
                assert english not in body, f"{english!r} in the Hindi report"
            assert page.locator("html").get_attribute("lang") == "hi"
            if size == "phone":
                width = page.evaluate("() => document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"the report is {width}px wide on a phone"
            page.screenshot(path=str(SCREENSHOTS / f"report-{size}.png"), full_page=True)
        finally:
            context.close()


def test_language_button_switches_every_widget_word_at_once(browser, rasa_stack):
    """After recommendations in English, हिन्दी: the card labels already on screen switch
    with the panel's own words; the bot is told, and answers in Hindi."""
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    try:
        open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
        page.locator(".cp-launcher").click()
        wait_idle(page)
        assert click_button_matching(page, re.compile("career advice", re.I)), _titles(page)
        answered: Counter = Counter()
        for _ in range(16):
            if page.locator(".cp-card").count():
                break
            answer_latest_question(page, answered)
        page.locator(".cp-card").first.wait_for(timeout=60_000)
        # Section titles are drawn in capitals (CSS), so the words are compared in lower case.
        assert "growth path" in page.locator(".cp-cards").first.inner_text().lower()
        page.locator(".cp-lang-btn").click()
        wait_idle(page)
        cards = page.locator(".cp-cards").first.inner_text()
        for english in ("growth path", "your top matches", "skills you have", "tell me more"):
            assert english not in cards.lower(), f"{english!r} still shown after switching: {cards}"
        assert "आगे बढ़ने का रास्ता" in cards and "आपके सबसे अच्छे मैच" in cards
        assert page.locator(".cp-input").get_attribute("placeholder") == "अपना message लिखिए…"
        assert DEVANAGARI.search(_last_bot_text(page)), _last_bot_text(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "switched-after-cards.png"), animations="disabled")
    finally:
        context.close()


def test_the_offline_banner_switches_language_too(context, static_site):
    """The server unreachable: the banner says so, and says it again in Hindi on the switch."""
    from harness.stack import free_port

    page = context.new_page()
    open_demo_page(page, static_site, f"http://127.0.0.1:{free_port()}")
    page.locator(".cp-launcher").click()
    banner = page.locator(".cp-banner-text")
    banner.wait_for(state="visible", timeout=30_000)
    assert "Can't reach" in banner.inner_text()
    page.locator(".cp-lang-btn").click()
    assert DEVANAGARI.search(banner.inner_text()), banner.inner_text()
    assert "Can't reach" not in banner.inner_text()
