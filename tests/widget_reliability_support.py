"""What the widget reliability tests share: phone and desktop pages, screenshots, a fake REST
channel that handles each message key once, a real counselor report, and PDF text.
The ``keyed_rasa`` fixture is in conftest.py."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from harness.stack import PROJECT_ROOT
from tests.widget_support import (
    FAKE_ITEMS,
    FakeRasa,
    canned_reply,
)

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page  # noqa: E402

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


def run_apart(coroutine):
    """Runs a coroutine in its own thread: Playwright's sync API keeps a loop in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
