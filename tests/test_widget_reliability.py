"""The web widget when things go wrong, on a phone (412x915) and a desktop, in real Chromium.

- a message sent just before a reload, or while the server is down and then reloaded, is
  shown "not sent yet", sent again after the reload with the same key, and handled once (a
  fake REST channel that drops repeated keys the way careerpath_rasa/channels/idempotency.py
  does; the e2e test at the end checks the real channel);
- ↺ asks first (Enter on the confirmation cancels) and keeps the old conversation readable;
- guided mode: "New guided session" starts a fresh conversation on a clean screen, and a new
  tab on the same computer does not continue the previous student's conversation;
- full-screen below 480 px, touch targets of 40 px, folded cards, long replies shown from
  their start, too-long input, a CORS refusal named as such, only http(s) links;
- the "report saved" link opens the counselor workspace, the counselor signs in there, and the
  report reads on a phone.

Screenshots: tests/output/widget/.
"""

from __future__ import annotations

import time

import pytest

from harness.stack import free_port
from tests.widget_reliability_support import (
    KeyedFakeRasa,
    new_page,
    reloaded,
    send_text,
    sender_of,
    settled,
    shoot,
)
from tests.widget_support import (
    bot_texts,
    open_demo_page,
    user_texts,
    wait_idle,
)

expect = pytest.importorskip("playwright.sync_api").expect  # skipped without Playwright

# ------------------------------------------------------------------ outbox and reloads


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_message_sent_just_before_a_reload_is_handled_once(
    browser, static_site, keyed_rasa, size
):
    page = new_page(browser, size)
    open_demo_page(page, static_site, keyed_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)
    keyed_rasa.slow["I did B.Com"] = 2.5
    send_text(page, "I did B.Com")
    page.wait_for_function("() => window.CareerPathChat.busy()")
    time.sleep(0.4)  # the request is at the server, its answer not back yet
    reloaded(page)
    expect(page.locator(".cp-row-user.cp-pending")).to_have_count(1)  # marked after the reload
    expect(page.locator(".cp-pending .cp-pending-mark")).to_have_text(" · not sent yet")
    wait_idle(page, 30_000)

    expect(page.locator(".cp-pending")).to_have_count(0)
    assert keyed_rasa.handled_messages().count("I did B.Com") == 1, "handled exactly once"
    posts = [body for body in keyed_rasa.requests if body["message"] == "I did B.Com"]
    assert len(posts) == 2 and len({body["metadata"]["message_id"] for body in posts}) == 1
    assert [body["metadata"]["attempt"] for body in posts] == [1, 2]
    assert user_texts(page) == ["I did B.Com"], "shown once"
    assert "Which skills" in bot_texts(page)[-1], "the answer to that message, not another"
    send_text(page, "I know MS Excel")
    wait_idle(page)
    expect(page.locator(".cp-card")).to_have_count(2)
    assert keyed_rasa.handled_messages() == ["/greet", "I did B.Com", "I know MS Excel"]
    shoot(page, "reload-while-sending")
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_message_typed_while_the_server_is_down_survives_a_reload(browser, static_site, size):
    port = free_port()  # nothing listens yet
    page = new_page(browser, size)
    open_demo_page(page, static_site, f"http://127.0.0.1:{port}")
    page.locator(".cp-launcher").click()
    expect(page.locator(".cp-banner")).to_contain_text("Can't reach CareerPath", timeout=15_000)
    send_text(page, "I did B.Com")
    expect(page.locator(".cp-row-user.cp-pending")).to_have_count(1)
    reloaded(page)  # still down
    expect(page.locator(".cp-row-user.cp-pending .cp-user-text")).to_have_text("I did B.Com")
    expect(page.locator(".cp-banner")).to_contain_text("Can't reach CareerPath", timeout=15_000)
    shoot(page, "server-down-after-reload")

    server = KeyedFakeRasa(allowed_origin=static_site, port=port).start()
    try:
        page.get_by_role("button", name="Retry now").click()
        wait_idle(page, 60_000)
        expect(page.locator(".cp-banner")).to_be_hidden()
        expect(page.locator(".cp-pending")).to_have_count(0)
        assert server.handled_messages() == ["/greet", "I did B.Com"], "once each, in order"
        assert user_texts(page) == ["I did B.Com"]
        assert "Which skills" in bot_texts(page)[-1]
    finally:
        server.stop()
        page.context.close()


# ------------------------------------------------------------------ reset and guided mode


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_reset_asks_first_and_keeps_the_old_conversation(browser, static_site, keyed_rasa, size):
    page = new_page(browser, size)
    open_demo_page(page, static_site, keyed_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)
    send_text(page, "I did B.Com")
    wait_idle(page)
    first_sender = sender_of(page)

    page.locator(".cp-reset").click()
    confirm = page.locator(".cp-confirm")
    expect(confirm).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()
    shoot(page, "reset-confirmation")
    page.keyboard.press("Enter")  # a single Enter cancels
    expect(confirm).to_be_hidden()
    assert sender_of(page) == first_sender and user_texts(page) == ["I did B.Com"]

    page.locator(".cp-reset").click()
    page.keyboard.press("Escape")  # so does Escape
    expect(confirm).to_be_hidden()
    expect(page.locator(".cp-panel")).to_be_visible()

    page.locator(".cp-reset").click()
    page.get_by_role("button", name="Start new").click()
    wait_idle(page)
    assert sender_of(page) != first_sender
    previous = page.locator(".cp-previous")
    expect(previous).to_be_visible()
    expect(previous.locator("summary")).to_contain_text("Previous conversation")
    previous.locator("summary").click()
    expect(previous.locator(".cp-user-text")).to_have_text(["I did B.Com"])  # still readable
    expect(previous.locator(".cp-quick-btn").first).to_be_disabled()
    assert keyed_rasa.messages().count("/greet") == 2, "the new conversation is greeted"
    shoot(page, "reset-previous-conversation")

    reloaded(page)
    expect(page.locator(".cp-previous")).to_have_count(1)  # kept across a reload too
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_next_student_in_guided_mode_starts_clean(browser, static_site, keyed_rasa, size):
    page = new_page(browser, size)
    open_demo_page(page, static_site, keyed_rasa.url, query="?mode=guided")
    page.get_by_label("Student's name (optional, shown on the report)").fill("Asha Rao")
    shoot(page, "guided-student-name")
    page.get_by_role("button", name="Start session").click()
    wait_idle(page)
    started = [body for body in keyed_rasa.requests if body["message"] == "/guided_mode"]
    assert started[-1]["metadata"]["student_name"] == "Asha Rao"
    send_text(page, "I did B.Com")
    wait_idle(page)
    send_text(page, "finish")
    wait_idle(page)
    first_sender = sender_of(page)

    page.get_by_role("button", name="New guided session").click()
    expect(page.locator(".cp-user-text")).to_have_count(0)  # the screen is clear
    expect(page.locator(".cp-previous")).to_have_count(0)  # nothing of the last student
    assert sender_of(page) != first_sender
    page.get_by_role("button", name="Skip").click()
    wait_idle(page)
    assert keyed_rasa.requests[-1]["sender"] == sender_of(page)
    assert "student_name" not in keyed_rasa.requests[-1]["metadata"]
    assert "Asha" not in page.locator(".cp-log").inner_text()
    shoot(page, "guided-next-student")

    # The same computer, a new tab the next morning: not the previous student's conversation.
    other = page.context.new_page()
    open_demo_page(other, static_site, keyed_rasa.url, query="?mode=guided")
    expect(other.locator(".cp-name-form")).to_be_visible()
    assert sender_of(other) not in {first_sender, sender_of(page)}
    expect(other.locator(".cp-user-text")).to_have_count(0)
    page.context.close()


# ------------------------------------------------------------------ phone layout and input


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_skill_chips_pick_several_and_send_them_as_one_answer(
    browser, static_site, keyed_rasa, size
):
    page = new_page(browser, size)
    open_demo_page(page, static_site, keyed_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)
    send_text(page, "chips")
    wait_idle(page)
    send = page.get_by_role("button", name="Send (0)")
    expect(send).to_be_disabled()
    page.get_by_role("button", name="Tally").click()
    page.get_by_role("button", name="MS Excel").click()
    page.get_by_role("button", name="GST and taxation").click()
    page.get_by_role("button", name="GST and taxation").click()  # changed their mind
    expect(page.get_by_role("button", name="Tally")).to_have_attribute("aria-pressed", "true")
    assert keyed_rasa.messages()[-1] == "chips", "nothing is sent while picking"
    shoot(page, "skill-chips")
    page.get_by_role("button", name="Send (2)").click()
    wait_idle(page)
    assert keyed_rasa.messages()[-1] == "MS Excel, Tally", "one answer, in the buttons' order"
    assert user_texts(page)[-1] == "MS Excel, Tally"
    expect(page.get_by_role("button", name="Tally")).to_be_disabled()
    expect(page.locator(".cp-send-picked")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("width", [412, 479])
def test_full_screen_below_480_px_with_40_px_touch_targets(browser, static_site, keyed_rasa, width):
    context = browser.new_context(
        viewport={"width": width, "height": 915}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    open_demo_page(page, static_site, keyed_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)
    settled(page)
    box = page.locator(".cp-panel").bounding_box()
    assert (box["x"], box["y"], round(box["width"]), round(box["height"])) == (0, 0, width, 915)
    send_text(page, "three cards")
    wait_idle(page)

    cards = page.locator(".cp-card")
    expect(cards).to_have_count(3)
    expect(cards.nth(0).locator(".cp-card-body")).to_be_visible()  # the first open
    for index in (1, 2):  # the others folded to their name and fit
        expect(cards.nth(index).locator(".cp-card-body")).to_be_hidden()
    folded = cards.nth(1).bounding_box()["height"]
    assert folded < 110, f"a folded card is {folded} px tall"
    heights = page.evaluate(
        """() => {
            const root = document.getElementById('careerpath-chat').shadowRoot;
            const pick = (selector) => [...root.querySelectorAll(selector)]
                .filter((node) => node.offsetParent !== null)
                .map((node) => node.getBoundingClientRect().height);
            return {
                read_more: pick('.cp-why-toggle'), training: pick('.cp-training summary'),
                more: pick('.cp-card-more'), toggles: pick('.cp-card-toggle'),
                header: pick('.cp-icon-btn'), send: pick('.cp-send'),
            };
        }"""
    )
    for name, values in heights.items():
        assert values, f"no {name} control on screen"
        assert min(values) >= 40, f"{name} touch targets: {values}"
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width
    shoot(page, f"cards-{width}px")
    cards.nth(1).locator(".cp-card-toggle").click()
    expect(cards.nth(1).locator(".cp-card-body")).to_be_visible()
    context.close()


def test_at_480_px_and_wider_the_chat_floats(browser, static_site, keyed_rasa):
    context = browser.new_context(viewport={"width": 480, "height": 900})
    page = context.new_page()
    open_demo_page(page, static_site, keyed_rasa.url)
    page.locator(".cp-launcher").click()
    settled(page)
    box = page.locator(".cp-panel").bounding_box()
    assert box["width"] < 480 and box["x"] > 0
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_long_answers_input_limits_and_links(browser, static_site, keyed_rasa, size):
    page = new_page(browser, size)
    open_demo_page(page, static_site, keyed_rasa.url)
    page.locator(".cp-launcher").click()
    wait_idle(page)

    send_text(page, "more about")  # "More about ..." opens at its heading, not its end
    wait_idle(page)
    heading_top = page.evaluate(
        """() => {
            const root = document.getElementById('careerpath-chat').shadowRoot;
            const log = root.querySelector('.cp-log');
            const bubble = [...root.querySelectorAll('.cp-bubble-bot')].pop();
            return bubble.getBoundingClientRect().top - log.getBoundingClientRect().top;
        }"""
    )
    assert 0 <= heading_top <= 20, f"the reply starts {heading_top} px below the top of the log"
    shoot(page, "more-about-from-its-heading")

    pasted = "word " * 1000  # 5,000 characters
    box = page.locator(".cp-input")
    box.fill(pasted)
    box.press("Enter")
    hint = page.locator(".cp-input-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("5000 characters long; the limit is 1000")
    assert box.input_value() == pasted, "nothing is cut or lost"
    assert pasted.strip() not in keyed_rasa.messages()
    shoot(page, "too-long-input")
    box.fill("links")
    expect(hint).to_be_hidden()
    box.press("Enter")
    wait_idle(page)
    links = page.locator(".cp-bubble-bot a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.org/course?id=1")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    assert "<a href=x>x</a>" in bot_texts(page)[-1], "markup stays text"
    page.context.close()


def test_a_refused_origin_is_named_in_the_banner_and_the_console(browser, static_site):
    server = KeyedFakeRasa(allowed_origin="http://academy.example").start()
    page = new_page(browser, "desktop")
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    try:
        open_demo_page(page, static_site, server.url)
        page.locator(".cp-launcher").click()
        banner = page.locator(".cp-banner")
        expect(banner).to_contain_text("does not accept messages from this page", timeout=15_000)
        expect(banner).to_contain_text(static_site)
        assert any("--cors " + static_site in text for text in errors), errors
        attempts = len(server.requests)
        time.sleep(4)  # no endless "retrying": nothing more is sent until Retry now
        assert len(server.requests) == attempts
        shoot(page, "origin-refused")
    finally:
        server.stop()
        page.context.close()
