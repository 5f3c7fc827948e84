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

import asyncio
import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.stack import PROJECT_ROOT, free_port, start_static_server

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page, expect  # noqa: E402  (after the importorskip guard)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WEB_DIR = PROJECT_ROOT / "web"
SCREENSHOTS = PROJECT_ROOT / "tests" / "output" / "web"
DEMO_SERVER_ATTRIBUTE = 'data-server="http://localhost:5005"'
UNREACHABLE = "Can't reach CareerPath right now"
INJECTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>'

# ---------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure_browser.sh (or `make browser`).")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def context(browser):
    """A fresh browser profile per test: its own localStorage, so tests don't share a sender."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    yield ctx
    ctx.close()


def open_demo_page(page: Page, web_url: str, server_url: str, query: str = "") -> None:
    """Load web/index.html with the widget pointed at `server_url` (tests use free ports, not :5005).

    The page itself is served untouched (rewriting it with page.route would make Chromium treat
    it as a public page and block its calls to loopback); the widget's documented
    window.CareerPathConfig override carries the address instead.
    """
    assert DEMO_SERVER_ATTRIBUTE in (WEB_DIR / "index.html").read_text(), (
        "the demo page embeds the widget"
    )
    page.add_init_script(f"window.CareerPathConfig = {json.dumps({'server': server_url})};")
    page.goto(f"{web_url}/index.html{query}")
    page.wait_for_function("() => window.CareerPathChat !== undefined")


def wait_idle(page: Page, timeout_ms: int = 90_000) -> None:
    """Wait until every message the widget queued has been delivered and answered."""
    page.wait_for_function("() => !window.CareerPathChat.busy()", timeout=timeout_ms)


def type_message(page: Page, text: str) -> None:
    box = page.locator(".cp-input")
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def bot_texts(page: Page) -> list[str]:
    return page.locator(".cp-bubble-bot .cp-text").all_inner_texts()


def user_texts(page: Page) -> list[str]:
    return page.locator(".cp-user-text").all_inner_texts()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled")
    return path


# ------------------------------------------------------------------ fake REST channel

GREETING = [
    {
        "text": "Hi! I'm CareerPath. I help you find BPO and KPO roles that fit you.",
        "buttons": [
            {"title": "Get career advice", "payload": "/ask_career_advice"},
            {"title": "Compare BPO and KPO", "payload": "/compare_tracks"},
        ],
    }
]
ASK_EDUCATION = [
    {
        "text": "Great! What's your highest education?\n• 10th / 12th\n• Diploma\n• Graduate (B.Com, BA, B.Tech…)",
        "buttons": [
            {"title": "12th pass", "payload": "12th pass"},
            {"title": "Graduate", "payload": "I am a graduate"},
        ],
    }
]
ASK_SKILLS = [{"text": "Which skills do you have? For example: MS Excel, Tally, typing, English."}]
FAKE_ITEMS = [
    {
        "role_type": "finance_accounting_outsourcing",
        "name": "Finance and Accounting Outsourcing",
        "track": "BPO",
        "score": 0.86,
        "fit": "strong",
        "matched_skills": ["MS Excel", "Tally"],
        "missing_skills": ["Accounts payable process", "GST basics"],
        "education_fit": {"status": "meets", "note": "B.Com fits this role well."},
        "entry_roles": ["Accounts Executive"],
        "growth_path": ["Accounts Executive", "Senior Executive", "Team Lead", "Process Manager"],
        "training": [
            {
                "skill": "GST basics",
                "courses": [
                    {
                        "title": "GST practitioner course",
                        "kind": "certificate",
                        "duration_weeks": 6,
                        "mode": "online",
                        "provider": "Example Institute",
                        "certification": True,
                        "source": "000",
                    }
                ],
            }
        ],
        "work_style": {"voice": "either", "shifts": "day"},
        "work": "voice or non-voice · day shifts",
        "why": "Your B.Com and Tally match the core of finance back-office work.",
    },
    {
        "role_type": "data_analytics_kpo",
        "name": "Data Analytics",
        "track": "KPO",
        "score": 0.58,
        "fit": "possible",
        "matched_skills": ["MS Excel"],
        "missing_skills": ["SQL", "Statistics"],
        "education_fit": {
            "status": "stretch",
            "note": "Employers often prefer a quantitative degree.",
        },
        "entry_roles": ["Junior Analyst"],
        "growth_path": ["Junior Analyst", "Analyst", "Senior Analyst"],
        "growth_steps": [
            {"title": "Junior Analyst", "years": "0-2"},
            {"title": "Analyst", "years": "2-4"},
            {"title": "Senior Analyst", "years": None},
        ],
        "training": [],
        "work_style": {},
        "why": "Excel is a start; SQL would open analyst roles.",
    },
]
CARD_PAYLOAD = {
    "type": "recommendations",
    "start": 0,
    "items": FAKE_ITEMS,
    "prerequisites": [],
    "summary": {
        "preferred_track": "BPO",
        "text": "BPO looks like the better track for you.",
        "reasons": ["Your skills match Finance and Accounting Outsourcing best."],
    },
}
FOLLOW_UPS = [
    {
        "title": "More about Finance and Accounting Outsourcing",
        "payload": '/ask_role_details{"role_type": "finance_accounting_outsourcing"}',
    },
    {"title": "What should I learn?", "payload": "/ask_what_to_learn"},
]
# What the bot sends for recommendations: ONE message, the card, with its heading and the
# follow-up buttons inside (careerpath/conversation/cards.py); no text copy of the cards.
RECOMMENDATIONS = [
    {
        "custom": {
            **CARD_PAYLOAD,
            "heading": "You: B.Com graduate (commerce); skills: MS Excel, Tally",
            "buttons": FOLLOW_UPS,
        }
    },
]
# A card without buttons, then a separate message after it.
SPLIT_RECOMMENDATIONS = [
    {"custom": {**CARD_PAYLOAD, "heading": "Here are your top matches:"}},
    {
        "text": "What next?",
        "buttons": [{"title": "What should I learn?", "payload": "/ask_what_to_learn"}],
    },
]


def canned_reply(message: str) -> list:
    lowered = message.lower()
    if message == "/greet":
        return GREETING
    if message == "/ask_career_advice":
        return ASK_EDUCATION
    if message == "/guided_mode":
        return [{"text": "Guided session. Step 1 of 7: education?"}]
    if "graduate" in lowered or "b.com" in lowered:
        return ASK_SKILLS
    if "excel" in lowered:
        return RECOMMENDATIONS
    if lowered == "split":
        return SPLIT_RECOMMENDATIONS
    if lowered == "silence":
        return []
    if lowered == "one message":  # a card whose heading the bot chose
        return [
            {
                "custom": {
                    "type": "recommendations",
                    "heading": "Your best match",
                    "items": FAKE_ITEMS[:1],
                }
            }
        ]
    return [{"text": f"You said: {message}"}]  # echoes user text back: bot text must be escaped too


class FakeRasa:
    """POST /webhooks/rest/webhook on 127.0.0.1 with CORS for one origin, in its own thread and loop."""

    def __init__(
        self,
        allowed_origin: str,
        port: int | None = None,
        reply: Callable[[str], list] = canned_reply,
    ) -> None:
        self.allowed_origin = allowed_origin
        self.port = port or free_port()
        self.reply = reply
        self.requests: list[dict] = []
        self._loop = asyncio.new_event_loop()
        self._runner = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeRasa:
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def messages(self) -> list[str]:
        return [request["message"] for request in self.requests]

    def senders(self) -> set:
        return {request["sender"] for request in self.requests}

    async def _serve(self) -> None:
        from aiohttp import web

        app = web.Application()
        app.router.add_route("OPTIONS", "/webhooks/rest/webhook", self._preflight)
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def _cors(self, request) -> dict:
        if request.headers.get("Origin") != self.allowed_origin:
            return {}
        return {
            "Access-Control-Allow-Origin": self.allowed_origin,
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
        }

    async def _preflight(self, request):
        from aiohttp import web

        return web.Response(status=204, headers=self._cors(request))

    async def _webhook(self, request):
        from aiohttp import web

        body = await request.json()
        self.requests.append(body)
        return web.json_response(self.reply(body["message"]), headers=self._cors(request))


@pytest.fixture()
def static_site():
    server = start_static_server(WEB_DIR)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def fake_rasa(static_site):
    server = FakeRasa(allowed_origin=static_site).start()
    yield server
    server.stop()


# ------------------------------------------------------------------------ fast tests


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
            return Boolean(cards.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
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
    """The fake mirrors `rasa run --cors <origin>`: a page on another origin gets the friendly message."""
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


# --------------------------------------------------------------------- end to end

# Answers a student would give, chosen by what the bot just asked.
INTAKE_ANSWERS = [
    (
        re.compile(r"educat|qualif|stud(y|ied)|degree|passed", re.I),
        "I did B.Com from Delhi University",
    ),
    (re.compile(r"skill|good at|know", re.I), "I know MS Excel, Tally and good English"),
    (re.compile(r"goal|matters|looking for|want|aim|hope", re.I), "I want a stable job quickly"),
    (re.compile(r"prefer|voice|shift|work style|night", re.I), "non voice, day shift please"),
    (re.compile(r"experience|fresher|worked|years", re.I), "I am a fresher"),
]
CONFIRM_BUTTON = re.compile(r"^(yes|show|looks good|correct|that's right|confirm)", re.I)
FRESHER_BUTTON = re.compile(r"fresher", re.I)  # the experience question's choice buttons
START_BUTTON = re.compile(r"career advice|get started|find.*(career|match|role)|start", re.I)


def latest_bot_text(page: Page) -> str:
    texts = bot_texts(page)
    return texts[-1] if texts else ""


def active_buttons(page: Page):
    return page.locator(".cp-quick-btn:not([disabled])")


def click_button_matching(page: Page, pattern: re.Pattern) -> str | None:
    buttons = active_buttons(page)
    for index in range(buttons.count()):
        title = buttons.nth(index).inner_text().strip()
        if pattern.search(title):
            buttons.nth(index).click()
            wait_idle(page)
            return title
    return None


def answer_latest_question(page: Page, answered: Counter) -> str:
    """Confirm with a button when offered, else type the answer to what the bot asks.

    A question asked again gets the same answer once more (the bot may re-ask with examples).
    """
    clicked = click_button_matching(page, CONFIRM_BUTTON) or click_button_matching(
        page, FRESHER_BUTTON
    )
    if clicked:
        return f"[button] {clicked}"
    question = latest_bot_text(page)
    for pattern, answer in INTAKE_ANSWERS:
        if pattern.search(question) and answered[answer] < 2:
            break
    else:
        remaining = [answer for _, answer in INTAKE_ANSWERS if not answered[answer]]
        answer = remaining[0] if remaining else "yes"
    type_message(page, answer)
    answered[answer] += 1
    return answer


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
