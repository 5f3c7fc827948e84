"""A counselor's guided session through a real `rasa run` (REST channel) and action server:
/guided_mode -> seven steps answered by button payloads (with Back and Skip) -> note ->
a report code -> the report in the database and behind the counselor endpoint."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from typing import List

import pytest

from tests.stack import texts

pytestmark = pytest.mark.e2e

CODE = re.compile(r"\bCP-[A-Z2-9]{8}\b")
LINK = re.compile(r"(?:https?://\S+)?/webhooks/reports/report/CP-[A-Z2-9]{8}\.html")
NOTE = "Parents prefer day shifts <b>near Pune</b>; meet again after exams."


def button(messages: List[dict], title_start: str) -> dict:
    found = [b for message in messages for b in message.get("buttons") or []
             if b["title"].startswith(title_start)]
    assert found, f"no button {title_start!r} in {[b['title'] for m in messages for b in m.get('buttons') or []]}"
    return found[0]


def click(stack, sender: str, messages: List[dict], title_start: str) -> List[dict]:
    return stack.send(sender, button(messages, title_start)["payload"])


def get(url: str, token: str = None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
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
    from actions.storage import load_report

    sender = f"guided-e2e-{uuid.uuid4().hex[:8]}"
    replies = rasa_stack.send(sender, "/guided_mode")
    assert "Guided mode" in texts(replies) and "Step 1 of 7" in texts(replies), texts(replies)
    assert not [b for m in replies for b in m.get("buttons") or [] if b["payload"] == "/go_back"]

    replies = click(rasa_stack, sender, replies, "Graduate")
    assert "Step 2 of 7" in texts(replies), texts(replies)
    replies = click(rasa_stack, sender, replies, "« Back")  # Back returns to step 1
    assert "Step 1 of 7" in texts(replies), texts(replies)
    replies = click(rasa_stack, sender, replies, "Graduate")
    replies = click(rasa_stack, sender, replies, "Attention to detail")
    assert "Step 3 of 7" in texts(replies), texts(replies)
    replies = click(rasa_stack, sender, replies, "A stable job")
    assert "Step 4 of 7" in texts(replies), texts(replies)
    replies = click(rasa_stack, sender, replies, "Skip")  # no preference given
    assert "Step 5 of 7" in texts(replies), texts(replies)
    replies = click(rasa_stack, sender, replies, "Fresher")
    assert "Step 6 of 7" in texts(replies), texts(replies)
    cards = [m["custom"] for m in replies if isinstance(m.get("custom"), dict)]
    assert cards and cards[0]["type"] == "recommendations" and len(cards[0]["items"]) == 3

    chosen = button(replies, "2. ")["payload"]
    replies = click(rasa_stack, sender, replies, "2. ")
    assert "Step 7 of 7" in texts(replies), texts(replies)
    replies = rasa_stack.send(sender, NOTE)

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

    # The link shown to the counselor opens the report with a counselor token, and only with one.
    path = LINK.search(texts(replies)).group(0)
    url = path if path.startswith("http") else rasa_stack.rasa_url + path
    assert get(url)[0] == 401
    token = counselor_token(rasa_stack)
    if token:
        status, body = get(url, token)
        assert status == 200 and body == stored.html
        status, body = get(url[: -len(".html")], token)
        assert status == 200 and json.loads(body)["note"] == NOTE

    # The session is over: follow-ups work on the same profile, and a new session starts clean.
    replies = rasa_stack.send(sender, "/guided_mode")
    assert "Step 1 of 7" in texts(replies), texts(replies)
