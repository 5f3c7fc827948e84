"""The website chat widget (web/widget.js) in a real headless Chromium.

Two layers:
- fast tests (no marker) drive the real page against a tiny fake of Rasa's REST channel that
  returns canned replies (text, buttons, a recommendations card) and, like `rasa run --cors`,
  allows only the page's origin;
- one end-to-end test (marker e2e) drives a full intake against the real stack (`rasa_stack`).

The browser is Debian's chromium (scripts/ensure_browser.sh installs it); Playwright only drives
it, we never run `playwright install`. Screenshots land in tests/output/web/.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from harness.stack import free_port
from tests.widget_support import (
    INJECTION,
    START_BUTTON,
    UNREACHABLE,
    WEB_DIR,
    FakeRasa,
    answer_latest_question,
    bot_texts,
    click_button_matching,
    open_demo_page,
    screenshot,
    type_message,
    user_texts,
    wait_idle,
)

expect = pytest.importorskip("playwright.sync_api").expect  # skipped without Playwright


def test_the_committed_widget_is_built_from_its_sources():
    """web/widget.js is what web/build.py makes of web/src (one <script> tag for pages)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(WEB_DIR / "build.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "absorbCardCopy" not in (WEB_DIR / "widget.js").read_text(), (
        "cards come alone: no copy to strip"
    )


def test_buttons_cards_and_reload_keep_one_conversation(context, static_site, fake_rasa):
    page = context.new_page()
    open_demo_page(page, static_site, fake_rasa.url)
    expect(page.locator(".cp-panel")).to_be_hidden()

    page.locator(".cp-launcher").click()
    wait_idle(page)
    assert fake_rasa.messages() == ["/greet"], "a first visit greets without showing a user message"
    assert user_texts(page) == []
    assert "I'm CareerPath" in bot_texts(page)[0]

    page.get_by_role("button", name="Get career advice").click()
    wait_idle(page)
    assert fake_rasa.messages()[-1] == "/ask_career_advice", "a button sends its payload"
    assert user_texts(page) == ["Get career advice"], "and shows its title as the user's message"
    expect(page.get_by_role("button", name="Compare BPO and KPO")).to_be_disabled()
    assert page.locator(".cp-bubble-bot .cp-bullets li").count() == 3, "• lines render as a list"

    type_message(page, "I did B.Com")
    expect(page.get_by_role("button", name="Graduate")).to_be_disabled()  # answered by typing
    screenshot(page, "fake-before-reload")

    page.reload()
    page.wait_for_function("() => window.CareerPathChat !== undefined")
    expect(page.locator(".cp-panel")).to_be_visible()  # it was open before the reload
    assert user_texts(page) == ["Get career advice", "I did B.Com"], "history survives a reload"
    assert any("Which skills" in text for text in bot_texts(page))

    type_message(page, "I know MS Excel and Tally")
    assert len(fake_rasa.senders()) == 1, "the same sender id before and after the reload"
    assert fake_rasa.messages().count("/greet") == 1, "a returning visitor is not greeted again"

    cards = page.locator(".cp-card")
    expect(cards).to_have_count(2)
    first = cards.nth(0)
    expect(first.locator(".cp-card-title")).to_have_text("Finance and Accounting Outsourcing")
    expect(first.locator(".cp-badge")).to_have_text("BPO")
    expect(first.locator(".cp-fit-label")).to_have_text("Strong fit")
    expect(first.locator(".cp-chip-have")).to_have_count(2)
    expect(first.locator(".cp-chip-gap")).to_have_count(2)
    expect(first.locator(".cp-step")).to_have_text(
        ["Accounts Executive", "Senior Executive", "Team Lead", "Process Manager"]
    )
    expect(cards.nth(1).locator(".cp-edu")).to_contain_text("quantitative degree")
    expect(cards.nth(1).locator(".cp-step-role")).to_have_text(
        ["Junior Analyst", "Analyst", "Senior Analyst"]
    )
    expect(cards.nth(1).locator(".cp-step-years")).to_have_text(
        ["0-2 yrs", "2-4 yrs"]
    )  # steps as data
    expect(first.locator(".cp-entry").filter(has_text="Work:")).to_have_text(
        "Work: voice or non-voice · day shifts"
    )
    expect(page.locator(".cp-cards-heading")).to_have_text(
        "You: B.Com graduate (commerce); skills: MS Excel, Tally"
    )
    expect(page.locator(".cp-cards-summary")).to_have_text(
        "BPO looks like the better track for you."
    )
    assert not any(
        "1. Finance" in text or "Top 2 role types" in text for text in bot_texts(page)
    ), "the plain-text copy of the cards is not shown as well"
    follow_up = page.get_by_role("button", name="What should I learn?")
    expect(follow_up).to_be_enabled()
    assert page.evaluate(
        """() => {  // the copy's follow-up buttons come after the cards
            const root = document.getElementById('careerpath-chat').shadowRoot;
            const cards = root.querySelector('.cp-cards');
            const button = [...root.querySelectorAll('.cp-quick-btn')].pop();
            const after = Node.DOCUMENT_POSITION_FOLLOWING;
            return Boolean(cards.compareDocumentPosition(button) & after);
        }"""
    )
    page.locator(".cp-cards-heading").scroll_into_view_if_needed()
    screenshot(page, "fake-recommendations")
    why = cards.nth(0).locator(".cp-why")
    expect(why).not_to_have_class(re.compile("cp-clamped"))  # short reasons are shown whole

    expect(cards.nth(1).locator(".cp-card-toggle")).to_have_attribute("aria-expanded", "false")
    cards.nth(1).locator(".cp-card-toggle").click()  # the cards after the first come folded
    cards.nth(1).get_by_role("button", name="Tell me more about Data Analytics").click()
    wait_idle(page)
    assert fake_rasa.messages()[-1] == '/ask_role_details{"role_type":"data_analytics_kpo"}'
    assert user_texts(page)[-1] == "Tell me more about Data Analytics"

    page.reload()
    page.wait_for_function("() => window.CareerPathChat !== undefined")
    expect(page.locator(".cp-card")).to_have_count(2)  # cards are part of the saved transcript


def test_html_in_messages_is_shown_as_text(context, static_site, fake_rasa):
    page = context.new_page()
    open_demo_page(page, static_site, fake_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)

    type_message(page, INJECTION)
    assert user_texts(page)[-1] == INJECTION
    assert bot_texts(page)[-1] == f"You said: {INJECTION}"
    assert page.evaluate("() => window.__pwned") is None, "injected markup must never run"
    assert page.locator("#careerpath-chat img, #careerpath-chat script").count() == 0
    assert page.locator(".cp-log b").count() == 0

    page.reload()  # ...and not after being restored from localStorage either
    page.wait_for_function("() => window.CareerPathChat !== undefined")
    assert user_texts(page)[-1] == INJECTION
    assert page.evaluate("() => window.__pwned") is None


def test_empty_replies_and_single_message_cards(context, static_site, fake_rasa):
    page = context.new_page()
    open_demo_page(page, static_site, fake_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)

    type_message(page, "silence")
    expect(page.locator(".cp-note").last).to_contain_text("No answer this time")

    type_message(page, "split")
    expect(page.locator(".cp-card")).to_have_count(2)
    expect(page.locator(".cp-cards-heading")).to_have_text("Here are your top matches:")
    assert not any(text.startswith(("1. Finance", "2. Data")) for text in bot_texts(page))
    assert bot_texts(page)[-1] == "What next?", "text after the cards still shows"
    page.locator(".cp-close").click()
    page.locator(".cp-launcher").click()

    type_message(page, "one message")
    expect(page.locator(".cp-card")).to_have_count(3)
    expect(page.locator(".cp-cards-heading").last).to_have_text("Your best match")
    assert "Your best match" not in bot_texts(page), (
        "the short text became the heading, not a bubble"
    )


def test_phone_width_opens_a_full_screen_panel(browser, static_site, fake_rasa):
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )  # 412 px and 479 px are in tests/test_widget_reliability.py
    try:
        page = phone.new_page()
        open_demo_page(page, static_site, fake_rasa.url)
        page.locator(".cp-launcher").click()
        wait_idle(page)
        page.get_by_role("button", name="Get career advice").click()
        wait_idle(page)
        box = page.locator(".cp-panel").bounding_box()
        assert box is not None
        assert (box["x"], box["y"]) == (0, 0)
        assert (round(box["width"]), round(box["height"])) == (390, 844)
        expect(
            page.locator(".cp-launcher")
        ).to_be_hidden()  # the panel covers it; close is in the header
        expect(page.locator(".cp-panel")).to_have_attribute("aria-modal", "true")
        page.locator(".cp-send").focus()
        page.keyboard.press("Tab")  # Tab stays inside the full-screen panel
        focused = (
            "() => document.getElementById('careerpath-chat').shadowRoot.activeElement.className"
        )
        assert "cp-reset" in page.evaluate(focused), "after the last control comes the first one"
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= 390, "nothing overflows sideways"
        screenshot(page, "fake-phone-390x844")
        page.get_by_role("button", name="Close chat").click()
        expect(page.locator(".cp-panel")).to_be_hidden()
        expect(page.locator(".cp-launcher")).to_be_visible()
    finally:
        phone.close()


def test_keyboard_only_use(context, static_site, fake_rasa):
    page = context.new_page()
    open_demo_page(page, static_site, fake_rasa.url)
    launcher = page.locator(".cp-launcher")
    launcher.focus()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".cp-input")).to_be_focused()
    wait_idle(page)

    page.keyboard.type("hello there")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("second line")
    assert fake_rasa.messages() == ["/greet"]
    page.keyboard.press("Enter")
    wait_idle(page)
    assert fake_rasa.messages()[-1] == "hello there\nsecond line"
    expect(page.locator(".cp-log")).to_have_attribute("aria-live", "polite")

    page.keyboard.press("Escape")
    expect(page.locator(".cp-panel")).to_be_hidden()
    expect(launcher).to_be_focused()  # focus goes back where it came from


def test_data_careerpath_open_and_guided_mode_link(context, static_site, fake_rasa):
    page = context.new_page()
    open_demo_page(page, static_site, fake_rasa.url, query="?mode=guided")
    expect(page.locator(".cp-panel")).to_be_visible()  # guided mode opens straight away
    page.get_by_role("button", name="Skip").click()  # the student's name is optional
    wait_idle(page)
    assert fake_rasa.messages() == ["/guided_mode"]
    expect(page.locator(".cp-subtitle")).to_have_text("Counselor guided session")
    assert "Step 1 of 7" in bot_texts(page)[-1]

    page.reload()
    page.wait_for_function("() => window.CareerPathChat !== undefined")
    wait_idle(page)
    assert fake_rasa.messages() == ["/guided_mode"], "a reload continues the guided session"

    other = context.new_page()
    open_demo_page(other, static_site, fake_rasa.url)
    # The guided session lives in its tab (sessionStorage): the student page is not affected.
    expect(other.locator(".cp-panel")).to_be_hidden()
    other.get_by_role(
        "button", name="Find my career path →"
    ).click()  # the page's own call to action
    expect(other.locator(".cp-panel")).to_be_visible()


def test_unreachable_server_shows_a_message_then_recovers(context, static_site):
    dead_port = free_port()  # nothing listens here yet
    page = context.new_page()
    open_demo_page(page, static_site, f"http://127.0.0.1:{dead_port}")
    page.locator(".cp-launcher").click()

    banner = page.locator(".cp-banner")
    expect(banner).to_be_visible(timeout=15_000)
    expect(banner).to_contain_text(UNREACHABLE)
    type_box = page.locator(".cp-input")
    type_box.fill("I did BA English")
    type_box.press("Enter")
    expect(page.locator(".cp-pending")).to_have_count(1)  # shown, marked as not sent yet
    screenshot(page, "fake-unreachable")

    server = FakeRasa(allowed_origin=static_site, port=dead_port).start()
    try:
        page.get_by_role("button", name="Retry now").click()
        wait_idle(page, timeout_ms=60_000)
        expect(banner).to_be_hidden()
        expect(page.locator(".cp-pending")).to_have_count(0)
        assert server.messages() == ["/greet", "I did BA English"], (
            "queued messages are delivered once, in order"
        )
        assert any("I'm CareerPath" in text for text in bot_texts(page))
    finally:
        server.stop()


def test_cors_other_origin_is_refused(context, static_site):
    """Like `rasa run --cors <origin>`: a page on another origin gets the friendly message."""
    server = FakeRasa(allowed_origin="http://academy.example").start()
    try:
        page = context.new_page()
        open_demo_page(page, static_site, server.url)
        page.locator(".cp-launcher").click()
        # The server is up but refuses the origin: the banner says so instead of retrying forever.
        expect(page.locator(".cp-banner")).to_contain_text(
            "does not accept messages from this page", timeout=15_000
        )
    finally:
        server.stop()


@pytest.mark.e2e
def test_full_intake_in_a_browser_against_the_real_bot(browser, rasa_stack):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    try:
        open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
        page.locator(".cp-launcher").click()
        wait_idle(page)
        assert bot_texts(page), "the bot greets on the first visit"
        sender = page.evaluate("() => window.CareerPathChat.senderId()")

        started = click_button_matching(page, START_BUTTON)
        if not started:
            type_message(page, "I want career advice")
        transcript = [f"start: {started or 'typed'}"]
        answered: Counter = Counter()
        transcript.append(answer_latest_question(page, answered))

        page.reload()  # mid-conversation
        page.wait_for_function("() => window.CareerPathChat !== undefined")
        assert page.evaluate("() => window.CareerPathChat.senderId()") == sender
        assert page.locator(".cp-row").count() >= 3, "history is shown after the reload"
        screenshot(page, "e2e-after-reload")

        for _ in range(12):
            if page.locator(".cp-card").count():
                break
            transcript.append(answer_latest_question(page, answered))
        assert page.locator(".cp-card").count() >= 1, (
            "no recommendation card after the intake:\n"
            + "\n".join(transcript)
            + "\n--- bot said:\n"
            + "\n".join(bot_texts(page)[-6:])
        )
        card = page.locator(".cp-card").first
        expect(card.locator(".cp-card-title")).not_to_be_empty()
        expect(card.locator(".cp-badge")).to_have_text(re.compile(r"BPO|KPO"))
        expect(card.locator(".cp-step").first).to_be_visible()
        assert any(button.startswith("[button]") for button in transcript) or started, (
            "the intake clicked at least one button"
        )
        card.scroll_into_view_if_needed()
        screenshot(page, "e2e-recommendations")

        tracker = rasa_stack.tracker(sender)
        user_turns = [
            event.get("text") for event in tracker["events"] if event.get("event") == "user"
        ]
        assert "I did B.Com from Delhi University" in user_turns, (
            "one conversation across the reload"
        )

        type_message(page, INJECTION)
        assert user_texts(page)[-1] == INJECTION
        assert page.evaluate("() => window.__pwned") is None
    finally:
        ctx.close()


@pytest.mark.e2e
def test_real_server_cors_allows_the_page_and_a_dead_port_shows_the_message(browser, rasa_stack):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        live = ctx.new_page()
        open_demo_page(live, rasa_stack.web_url, rasa_stack.rasa_url)
        live.locator(".cp-launcher").click()
        wait_idle(live)
        expect(live.locator(".cp-banner")).to_be_hidden()

        dead_ctx = browser.new_context(
            viewport={"width": 1280, "height": 900}
        )  # a first-time visitor
        try:
            dead = dead_ctx.new_page()
            open_demo_page(dead, rasa_stack.web_url, f"http://127.0.0.1:{free_port()}")
            dead.locator(".cp-launcher").click()
            expect(dead.locator(".cp-banner")).to_contain_text(UNREACHABLE, timeout=15_000)
            screenshot(dead, "e2e-unreachable")
        finally:
            dead_ctx.close()
    finally:
        ctx.close()
