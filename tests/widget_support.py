"""What the browser tests of the web widget share: Chromium, driving the demo page, a fake of
Rasa's REST channel with canned replies, and answering the intake like a student would.
The fixtures (``browser``, ``context``, ``static_site``, ``fake_rasa``) are in conftest.py."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.stack import PROJECT_ROOT, free_port

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page  # noqa: E402  (after the importorskip guard)

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


def open_demo_page(page: Page, web_url: str, server_url: str, query: str = "") -> None:
    """Load web/index.html with the widget pointed at `server_url` (free ports, not :5005).

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
        "text": "Great! What's your highest education?\n• 10th / 12th\n• Diploma\n"
        "• Graduate (B.Com, BA, B.Tech…)",
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
    """POST /webhooks/rest/webhook on 127.0.0.1, CORS for one origin, in its own thread and loop."""

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
