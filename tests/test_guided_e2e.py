"""A counselor's guided session through a real `rasa run` (REST channel) and action server:
/guided_mode -> seven steps answered by button payloads (with Back and Skip) -> note ->
a report code -> the report in the database and behind the counselor endpoint."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from harness.stack import texts as message_texts

pytestmark = pytest.mark.e2e

CODE = re.compile(r"\bCP-[A-Z2-9]{8}\b")
LINK = re.compile(r"https?://\S+/reports/CP-[A-Z2-9]{8}\b")  # the counselor workspace's page
NOTE = "Parents prefer day shifts <b>near Pune</b>; meet again after exams."
OUTPUT_DIR = Path(__file__).parent / "output" / "reports"
CHROMIUM = Path("/usr/bin/chromium")


class Transcript:
    """Every turn of the session, saved next to the screenshot for a human to read."""

    def __init__(self, stack, sender: str):
        self.stack, self.sender, self.lines = stack, sender, []

    def send(self, text: str) -> list[dict]:
        replies = self.stack.send(self.sender, text)
        self.lines.append(f">>> {text}")
        for message in replies:
            if message.get("text"):
                self.lines.append(message["text"])
            if message.get("buttons"):
                self.lines.append(
                    "    [" + "] [".join(b["title"] for b in message["buttons"]) + "]"
                )
            card = message.get("custom")
            if isinstance(card, dict):
                self.lines.append(
                    f"    <{card.get('type')} card: {len(card.get('items') or [])} items>"
                )
                if card.get("text"):
                    self.lines.append(card["text"])
                if card.get("buttons"):
                    self.lines.append(
                        "    [" + "] [".join(b["title"] for b in card["buttons"]) + "]"
                    )
        return replies

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def texts(messages: list[dict]) -> str:
    """The bot's words of one turn; a card message says its text after the cards."""
    card_texts = [
        (m.get("custom") or {}).get("text") or ""
        for m in messages
        if isinstance(m.get("custom"), dict)
    ]
    return "\n".join([message_texts(messages), *card_texts])


def buttons_of(messages: list[dict]) -> list[dict]:
    return [
        b
        for m in messages
        for b in (
            m.get("buttons")
            or (
                (m.get("custom") or {}).get("buttons")
                if isinstance(m.get("custom"), dict)
                else None
            )
            or []
        )
    ]


def button(messages: list[dict], title_start: str) -> dict:
    found = [b for b in buttons_of(messages) if b["title"].startswith(title_start)]
    assert found, f"no button {title_start!r} in {[b['title'] for b in buttons_of(messages)]}"
    return found[0]


def click(chat: Transcript, messages: list[dict], title_start: str) -> list[dict]:
    return chat.send(button(messages, title_start)["payload"])


def get(url: str, token: str | None = None):
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {token}"} if token else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def counselor_token(stack) -> str:
    """The first token of COUNSELOR_TOKENS ("alice:tok1,bob:tok2") the stack runs with, if any."""
    raw = stack.environment().get("COUNSELOR_TOKENS", "")
    pairs = [pair.partition(":")[2].strip() for pair in raw.split(",") if ":" in pair]
    return next((token for token in pairs if token), "")


def test_guided_session_by_buttons_ends_in_a_stored_report(rasa_stack):
    from careerpath.userdata import load_report

    sender = f"guided-e2e-{uuid.uuid4().hex[:8]}"
    chat = Transcript(rasa_stack, sender)
    replies = chat.send("/guided_mode")
    assert "Guided mode" in texts(replies) and "Step 1 of 8" in texts(replies), texts(replies)
    assert not [b for b in buttons_of(replies) if b["payload"] == "/go_back"]

    replies = click(chat, replies, "Graduate")
    assert "Step 2 of 8" in texts(replies), texts(replies)
    replies = click(chat, replies, "« Back")  # Back returns to step 1
    assert "Step 1 of 8" in texts(replies), texts(replies)
    replies = click(chat, replies, "Graduate")
    replies = click(chat, replies, "Working with numbers")  # step 2: interests
    assert "Step 3 of 8" in texts(replies), texts(replies)
    replies = click(chat, replies, "Attention to detail")
    assert "Step 4 of 8" in texts(replies), texts(replies)
    replies = click(chat, replies, "A stable job")
    assert "Step 5 of 8" in texts(replies), texts(replies)
    replies = click(chat, replies, "Skip")  # no preference given
    assert "Step 6 of 8" in texts(replies), texts(replies)
    replies = click(chat, replies, "Fresher")
    assert "Step 7 of 8" in texts(replies), texts(replies)
    cards = [m["custom"] for m in replies if isinstance(m.get("custom"), dict)]
    assert cards and cards[0]["type"] == "recommendations" and len(cards[0]["items"]) == 3

    chosen = button(replies, "2. ")["payload"]
    replies = click(chat, replies, "2. ")
    assert "Step 8 of 8" in texts(replies), texts(replies)
    replies = chat.send(NOTE)

    code = CODE.search(texts(replies))
    assert code, texts(replies)
    code = code.group(0)
    stored = load_report(code, url=rasa_stack.database_url)
    assert stored is not None and stored.sender_id == sender and stored.channel == "rest"
    assert stored.note == NOTE
    assert f"Growth path: {chosen}" in stored.markdown
    assert stored.profile["education_level"] == "graduate" and stored.profile["fresher"] is True
    assert "&lt;b&gt;near Pune&lt;/b&gt;" in stored.html and "<b>near Pune</b>" not in stored.html
    assert stored.html.count("data:image/png;base64,") == 2

    # The link shown to the counselor opens the report in the workspace (sign-in there: see
    # tests/test_widget_reliability.py); scripts still read it from Rasa with a counselor token.
    assert LINK.search(texts(replies)).group(0).endswith(f"/reports/{code}")
    url = f"{rasa_stack.rasa_url}/webhooks/reports/report/{code}.html"
    assert get(url)[0] == 401
    token = counselor_token(rasa_stack)
    if token:
        status, body = get(url, token)
        assert status == 200 and body == stored.html
        save_screenshot(body)
        status, body = get(url[: -len(".html")], token)
        assert status == 200 and json.loads(body)["note"] == NOTE

    # The session is over: follow-ups work on the same profile, and a new session starts clean.
    replies = chat.send("/guided_mode")
    assert "Step 1 of 8" in texts(replies), texts(replies)
    chat.save(OUTPUT_DIR / "guided_e2e_transcript.txt")


def save_screenshot(page_html: str) -> None:
    """The report as the counselor's browser shows it (tests/output/reports/guided_e2e.png)."""
    if not CHROMIUM.exists():
        return
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    page = OUTPUT_DIR / "guided_e2e.html"
    page.write_text(page_html, encoding="utf-8")
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={OUTPUT_DIR / 'guided_e2e.png'}",
            "--window-size=1000,1800",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
