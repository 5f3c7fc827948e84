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

import asyncio
import json
import time
from collections import Counter
from pathlib import Path

import pytest

from harness.stack import PROJECT_ROOT, free_port
from tests import test_web_widget as widget_tests
from tests.test_web_widget import (
    FAKE_ITEMS,
    FakeRasa,
    bot_texts,
    canned_reply,
    open_demo_page,
    user_texts,
    wait_idle,
)

# The widget tests' fixtures: one Chromium per module, the web/ folder served on a free port.
browser = widget_tests.browser
static_site = widget_tests.static_site

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page, expect  # noqa: E402

SCREENSHOTS = PROJECT_ROOT / "tests" / "output" / "widget"
PHONE = {"width": 412, "height": 915}
DESKTOP = {"width": 1280, "height": 860}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
LONG_WHY = (
    "Your B.Com and Tally match the core of finance back-office work: reconciliations, "
    "invoices and ledgers are what these teams do every day, and employers hire commerce "
    "graduates who know Tally as freshers. GST basics would make you stand out."
)
LONG_REPLY = "\n".join(
    ["**Finance and Accounting Outsourcing**"]
    + [f"• Point {n}: what the work is like, day to day, in some detail." for n in range(40)]
)


def reliable_reply(message: str) -> list:
    if message == "three cards":
        items = [dict(item, why=LONG_WHY) for item in (FAKE_ITEMS + FAKE_ITEMS[:1])]
        return [
            {"custom": {"type": "recommendations", "heading": "Your top matches", "items": items}}
        ]
    if message == "more about":
        return [{"text": LONG_REPLY}]
    if message == "links":
        return [
            {
                "text": "See https://example.org/course?id=1, not javascript:alert(1) "
                "or <a href=x>x</a>."
            }
        ]
    if message == "chips":  # what the skills question sends a commerce graduate
        skills = ["Accounting basics", "MS Excel", "Tally", "GST and taxation"]
        buttons = [{"title": name, "payload": name, "multiple": True} for name in skills]
        buttons.append({"title": "No skills yet", "payload": "no skills yet"})
        return [{"text": "(2/6) Which skills do you have?", "buttons": buttons}]
    if message == "/guided_mode":
        return [{"text": "Step 1 of 7: education?"}]
    if message == "finish":
        return [
            {
                "text": "Report saved.",
                "buttons": [{"title": "New guided session", "payload": "/guided_mode"}],
            }
        ]
    return canned_reply(message)


class KeyedFakeRasa(FakeRasa):
    """The fake REST channel, handling each message key once (a copy gets the first replies),
    optionally holding one message a while (a slow turn the page is reloaded during)."""

    def __init__(self, allowed_origin: str, port: int | None = None, reply=reliable_reply):
        super().__init__(allowed_origin, port=port, reply=reply)
        self.handled: list[dict] = []
        self.answers: dict[str, list] = {}
        self.slow: dict[str, float] = {}

    def handled_messages(self) -> list[str]:
        return [body["message"] for body in self.handled]

    async def _webhook(self, request):
        from aiohttp import web

        body = await request.json()
        self.requests.append(body)
        key = (body.get("metadata") or {}).get("message_id")
        if key in self.answers:
            replies = self.answers[key]
        else:
            self.handled.append(body)
            replies = self.reply(body["message"])
            self.answers[key] = replies  # stored with the turn, before the slow answer leaves
        if body["message"] in self.slow:
            await asyncio.sleep(self.slow[body["message"]])
        return web.json_response(replies, headers=self._cors(request))


@pytest.fixture()
def keyed_rasa(static_site):
    server = KeyedFakeRasa(allowed_origin=static_site).start()
    yield server
    server.stop()


def new_page(browser, size: str) -> Page:
    context = browser.new_context(
        viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone"
    )
    return context.new_page()


def shoot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if page.viewport_size["width"] < 600 else "desktop"
    path = SCREENSHOTS / f"{name}-{size}.png"
    page.screenshot(path=str(path), animations="disabled")
    return path


def reloaded(page: Page) -> None:
    page.reload()
    page.wait_for_function("() => window.CareerPathChat !== undefined")


def send_text(page: Page, text: str) -> None:
    box = page.locator(".cp-input")
    box.fill(text)
    box.press("Enter")


def settled(page: Page) -> None:
    """The panel's opening animation (a short rise) has finished."""
    page.locator(".cp-panel").evaluate("p => Promise.all(p.getAnimations().map(a => a.finished))")


def sender_of(page: Page) -> str:
    return page.evaluate("() => window.CareerPathChat.senderId()")


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


# ------------------------------------------------------------------ report hand-off


def real_report(student: str, code: str) -> str:
    import tempfile

    from careerpath.advisor import recommend
    from careerpath.kb.repository import load_catalog
    from careerpath.profiling import Profile, extract
    from careerpath.reports import build_report

    catalog = load_catalog(f"sqlite:///{tempfile.mkdtemp(prefix='kb-')}/kb.db")
    profile = Profile()
    for answer in (
        "B.Com graduate",
        "I know excel, tally and english",
        "I want a stable job",
        "non voice, day shift please",
        "fresher",
    ):
        profile = profile.merged(extract(answer, catalog))
    report = build_report(
        profile,
        recommend(profile, catalog),
        catalog,
        student=student,
        reference=code,
        note="Prefers day shifts near home.",
    )
    return report.html


def pdf_pages(path: Path) -> list[str]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_report_link_opens_the_workspace_where_the_counselor_signs_in(
    browser, static_site, tmp_path, size
):
    from careerpath.accounts import create_account
    from careerpath.conversation import guided
    from careerpath.userdata import new_report_code, save_report
    from tests.workspace_support import ADMIN_PASSWORD, running_workspace

    code = new_report_code()
    with running_workspace(tmp_path) as workspace:
        create_account("root", ADMIN_PASSWORD, admin=True, url=workspace.database_url)
        html = real_report("Asha Rao", code)
        save_report(
            channel="rest",
            sender="web-handoff",
            counselor=None,
            profile={},
            advice={},
            markdown=f"# {code}",
            html=html,
            note=None,
            code=code,
            url=workspace.database_url,
        )
        saved = guided.report_saved(code, guided.report_link(code, workspace.url), "Finance")

        def reply(message: str) -> list:
            if message == "finish":
                return [{"text": saved.text, "buttons": saved.buttons}]
            return reliable_reply(message)

        server = KeyedFakeRasa(allowed_origin=static_site, reply=reply).start()
        page = new_page(browser, size)
        try:
            open_demo_page(page, static_site, server.url, query="?mode=guided")
            page.get_by_role("button", name="Skip").click()
            wait_idle(page)
            send_text(page, "finish")
            wait_idle(page)
            link = page.locator(".cp-bubble-bot a").last
            expect(link).to_have_attribute("href", f"{workspace.url}/reports/{code}")
            assert "token" not in bot_texts(page)[-1]
            shoot(page, "report-saved-link")
            with page.context.expect_page() as opened:
                link.click()
            report = opened.value
            report.wait_for_load_state()
            assert "/signin" in report.url, "the counselor signs in first"
            report.get_by_label("Username").fill("root")
            report.get_by_label("Password").fill(ADMIN_PASSWORD)
            report.get_by_role("button", name="Sign in").click()
            report.wait_for_url(f"{workspace.url}/reports/{code}")
            assert "token" not in report.url
            expect(report.locator("header.top")).to_contain_text(code)
            expect(report.locator("header.top")).to_contain_text("Asha Rao")
            assert code in report.title() and "Asha Rao" in report.title()
            width = report.evaluate("() => document.documentElement.scrollWidth")
            assert width <= report.viewport_size["width"], f"the report is {width} px wide"
            if size == "phone":
                expect(report.locator(".fit-list")).to_be_visible()  # the chart as readable bars
                expect(report.locator("figure.fit img")).to_be_hidden()
            report.screenshot(
                path=str(SCREENSHOTS / f"report-signed-in-{size}.png"), full_page=size == "phone"
            )
            if size == "desktop":
                # Printed by the browser and as the workspace's PDF: every page is marked.
                (SCREENSHOTS / "report-printed.pdf").write_bytes(report.pdf())
                download = report.context.request.get(f"{workspace.url}/reports/{code}.pdf")
                assert download.ok, download.status
                (SCREENSHOTS / "report-workspace.pdf").write_bytes(download.body())
                for name in ("report-printed.pdf", "report-workspace.pdf"):
                    pages = pdf_pages(SCREENSHOTS / name)
                    assert len(pages) >= 3, name
                    for number, text in enumerate(pages, start=1):
                        assert f"{code} · Asha Rao" in text, f"{name} page {number}"
                        assert f"Page {number} of {len(pages)}" in text, f"{name} page {number}"
        finally:
            server.stop()
            page.context.close()


# ------------------------------------------------------------------ the real REST channel


@pytest.mark.e2e
def test_the_rest_channel_handles_a_resent_key_once(rasa_stack):
    import requests

    sender = f"web-idem-{int(time.time() * 1000)}"
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"

    def post(text: str, key: str, attempt: int) -> list:
        metadata = {"message_id": key, "attempt": attempt}
        body = {"sender": sender, "message": text, "metadata": metadata}
        response = requests.post(url, json=body, timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    post("/greet", "k-greet-0001", 1)
    first = post("/ask_career_advice", "k-advice-0001", 1)
    again = post("/ask_career_advice", "k-advice-0001", 2)  # a reload re-sent it
    assert again == first and first, "the copy gets the first replies"
    events = rasa_stack.tracker(sender)["events"]
    users = [event for event in events if event.get("event") == "user"]
    assert Counter(event.get("text") for event in users)["/ask_career_advice"] == 1
    assert any(event.get("message_id") == "k-advice-0001" for event in users)
    # A new key with the same text is a new message.
    post("/ask_career_advice", "k-advice-0002", 1)
    users = [e for e in rasa_stack.tracker(sender)["events"] if e.get("event") == "user"]
    assert Counter(event.get("text") for event in users)["/ask_career_advice"] == 2
    assert json.dumps(first)  # replies are plain JSON


# ------------------------------------------------------------------ library level (no browser)


def test_skill_buttons_come_from_the_education_field(tmp_path):
    from careerpath.conversation.questions import MAX_CHOICE_BUTTONS, choice_buttons
    from careerpath.kb.repository import load_catalog

    catalog = load_catalog(f"sqlite:///{tmp_path / 'kb.db'}")
    commerce = choice_buttons("skills", catalog, "commerce")
    titles = [button["title"] for button in commerce]
    assert {"Tally", "MS Excel", "Accounting basics"} <= set(titles), titles
    assert all(button.get("multiple") for button in commerce[:-1])
    assert commerce[-1]["payload"] == "no skills yet" and "multiple" not in commerce[-1]
    law = [button["title"] for button in choice_buttons("skills", catalog, "law")]
    assert "Legal research" in law and "Tally" not in law
    unknown = choice_buttons("skills", catalog, None)
    assert len(unknown) == MAX_CHOICE_BUTTONS + 1, "without a field: the common skills"


def run_apart(coroutine):
    """Runs a coroutine in its own thread: Playwright's sync API keeps a loop in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_copy_gets_the_replies_stored_after_its_key():
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from careerpath_rasa.channels.idempotency import is_resend, message_key, replies_to

    store = InMemoryTrackerStore(Domain.empty())
    tracker = DialogueStateTracker("web-x", [])
    buttons = [{"title": "Graduate", "payload": "I am a graduate"}]
    for event in (
        UserUttered("hi", message_id="key-first-0001"),
        BotUttered("Hello!", {"buttons": buttons}),
        UserUttered("I did B.Com", message_id="key-second-0002"),
        BotUttered("Which skills?"),
        BotUttered(None, {"custom": {"type": "recommendations", "items": []}}),
    ):
        tracker.update(event)
    run_apart(store.save(tracker))
    assert run_apart(replies_to(store, "web-x", "key-first-0001")) == [
        {"recipient_id": "web-x", "text": "Hello!", "buttons": buttons}
    ]
    assert run_apart(replies_to(store, "web-x", "key-second-0002")) == [
        {"recipient_id": "web-x", "text": "Which skills?"},
        {"recipient_id": "web-x", "custom": {"type": "recommendations", "items": []}},
    ]
    assert run_apart(replies_to(store, "web-x", "key-unknown-0003")) is None
    assert run_apart(replies_to(store, "web-nobody", "key-first-0001")) is None
    assert message_key({"message_id": "m0123456789abcdef01234567"}) == "m0123456789abcdef01234567"
    for bad in ({"message_id": "<script>"}, {"message_id": 7}, {"message_id": "x" * 65}, None):
        assert message_key(bad) is None
    assert is_resend({"attempt": 2}) and not is_resend({"attempt": 1})
    assert not is_resend({"attempt": True}) and not is_resend({"attempt": "2"})


def test_the_report_names_the_student_given_when_the_session_started():
    from rasa_sdk import Tracker

    from actions.guided import named_student

    def user(text, intent, metadata=None):
        return {
            "event": "user",
            "text": text,
            "parse_data": {"intent": {"name": intent}},
            "metadata": metadata or {},
        }

    def tracker(events):
        return Tracker("web-g", {}, {}, events, False, None, {}, "action_listen")

    started = user("/guided_mode", "guided_mode", {"student_name": "  Asha   Rao "})
    assert named_student(tracker([started, user("B.Com", "inform")])) == "Asha Rao"
    assert named_student(tracker([user("/guided_mode", "guided_mode")])) is None
    # The latest session counts: the next student without a name is not the last one's.
    assert named_student(tracker([started, user("/guided_mode", "guided_mode")])) is None
    assert named_student(tracker([user("hi", "greet")])) is None


@pytest.mark.e2e
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_an_answer_lost_on_the_way_and_a_reload_against_the_real_bot(browser, rasa_stack, size):
    """The real REST channel handles the message; its answer is cut on the way back (the
    browser sees a reset connection) and the page is reloaded: the widget sends the message
    again with its key, and the bot answers it from the stored turn instead of handling it
    twice."""
    page = new_page(browser, size)
    cut: list[str] = []

    def lose_the_first_answer(route):
        body = json.loads(route.request.post_data or "{}")
        if body.get("message") == "I did B.Com" and not cut:
            route.fetch()  # the bot handles it...
            cut.append(body["metadata"]["message_id"])
            route.abort("connectionreset")  # ...but the answer never arrives
        else:
            route.continue_()

    page.route("**/webhooks/rest/webhook", lose_the_first_answer)
    try:
        open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
        page.locator(".cp-launcher").click()
        wait_idle(page)
        sender = sender_of(page)
        start = page.locator(".cp-quick-btn:not([disabled])").first
        start.click()
        wait_idle(page)
        send_text(page, "I did B.Com")
        expect(page.locator(".cp-row-user.cp-pending")).to_have_count(1, timeout=15_000)
        reloaded(page)
        wait_idle(page, 90_000)
        expect(page.locator(".cp-pending")).to_have_count(0)
        assert cut, "the first answer was cut"
        users = [e for e in rasa_stack.tracker(sender)["events"] if e.get("event") == "user"]
        assert [e.get("text") for e in users].count("I did B.Com") == 1, "handled once"
        assert user_texts(page).count("I did B.Com") == 1
        assert bot_texts(page)[-1], "the answer to it is shown after the reload"
        shoot(page, "e2e-answer-lost-and-reload")
    finally:
        page.context.close()


def test_an_old_report_link_opened_in_a_browser_goes_on_to_the_workspace(monkeypatch):
    from types import SimpleNamespace

    from careerpath_rasa.channels.reports import CounselorReportsInput

    def request(accept: str, token: str | None = None):
        headers = {"Accept": accept}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return SimpleNamespace(headers=headers, args=SimpleNamespace(get={}.get))

    monkeypatch.setenv("WORKSPACE_URL", "https://desk.academy.example/")
    monkeypatch.setenv("COUNSELOR_TOKENS", "alice:tok-1")
    channel = CounselorReportsInput()
    browser_accept = "text/html,application/xhtml+xml,*/*;q=0.8"
    moved = run_apart(channel.serve(request(browser_accept), "cp-abcd2345.HTML"))
    assert moved.status == 303
    assert moved.headers["Location"] == "https://desk.academy.example/reports/CP-ABCD2345"
    # Scripts (no HTML wanted) and wrong tokens still get 401, as before.
    assert run_apart(channel.serve(request("*/*"), "CP-ABCD2345.html")).status == 401
    assert (
        run_apart(channel.serve(request(browser_accept, "nope"), "CP-ABCD2345.html")).status == 401
    )
    assert run_apart(channel.serve(request(browser_accept), "CP-ABCD2345")).status == 401


def test_next_student_on_the_workspace_guided_page_goes_back_to_my_students(browser, tmp_path):
    from careerpath.accounts import create_account
    from tests.workspace_support import PASSWORD, running_workspace

    port = free_port()
    rasa = KeyedFakeRasa(allowed_origin=f"http://127.0.0.1:{port}").start()
    env = {"WORKSPACE_PORT": str(port), "WORKSPACE_RASA_URL": rasa.url}
    try:
        with running_workspace(tmp_path, env) as workspace:
            create_account("alice", PASSWORD, url=workspace.database_url)
            page = new_page(browser, "phone")
            page.goto(workspace.url + "/signin")
            page.get_by_label("Username").fill("alice")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_label("Student's name").fill("Neha Verma")
            page.get_by_role("button", name="Start session").click()
            page.wait_for_function("() => window.CareerPathChat && !window.CareerPathChat.busy()")
            expect(page.locator(".cp-name-form")).to_have_count(0)  # named in the workspace
            started = [body for body in rasa.requests if body["message"] == "/guided_mode"]
            assert started and started[0]["metadata"].get("guided_ticket")
            send_text(page, "finish")
            wait_idle(page)
            page.get_by_role("button", name="New guided session").click()
            page.wait_for_url(workspace.url + "/students")
            expect(page.get_by_label("Student's name")).to_be_visible()
            page.context.close()
    finally:
        rasa.stop()
