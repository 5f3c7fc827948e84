"""The HTTP surface on a running stack: cross-site posts, deep JSON, wrong methods, commands.

- A page on another origin can POST ``text/plain`` (or a form) without a CORS preflight;
  every state-changing route of ours answers 415 and stores nothing.
- JSON nested 1,500 levels deep (deeper than Python's parser goes) is a 400 on every route
  that reads a body: REST channel, Telegram webhook, action server.
- A wrong method is a 405, never a 500 (rasa-sdk answered ``GET /webhook`` with 500).
- Every command gets a reply; Rasa sends nothing for /restart, /session_start and /back.
"""

from __future__ import annotations

import pytest

from careerpath_rasa.patches.durable_turns import COMMAND_REPLIES
from harness.stack import texts
from tests.conftest import TELEGRAM_TEST_SECRET
from tests.log_window import LogWindow
from tests.raw_http import raw_request

pytestmark = pytest.mark.e2e

DEPTH = 1500
NESTED = (
    b'{"sender": "web-deep", "message": "hi", "metadata": {"x": '
    + b"[" * DEPTH
    + b"]" * DEPTH
    + b"}}"
)


def stored_events(stack, sender):
    status, body = raw_request("GET", f"{stack.rasa_url}/conversations/{sender}/tracker")
    assert status == 200, body
    return [event for event in body["events"] if event.get("event") == "user"]


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_cross_site_simple_post_changes_nothing(rasa_stack, content_type):
    sender = "web-csrf-" + content_type.split("/")[1][:10].replace(";", "")
    body = b'{"sender": "%s", "message": "/forget_me"}' % sender.encode()
    status, answer = raw_request(
        "POST",
        rasa_stack.rest_url,
        body,
        {"Content-Type": content_type, "Origin": "https://evil.example"},
    )
    assert status == 415 and answer["error"] == "unsupported_media_type"
    assert stored_events(rasa_stack, sender) == []
    status, _ = raw_request(
        "POST",
        f"{rasa_stack.actions_url}/webhook",
        b'{"next_action": "x"}',
        {"Content-Type": content_type},
    )
    assert status == 415


def test_json_nested_too_deeply_is_a_400_on_every_route_that_reads_a_body(rasa_stack):
    window = LogWindow(rasa_stack)
    status, answer = raw_request("POST", rasa_stack.rest_url, NESTED)
    assert status == 400 and "nested" in answer["message"]
    update = b'{"update_id": 1, "message": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"
    status, _ = raw_request(
        "POST",
        f"{rasa_stack.rasa_url}/webhooks/telegram/webhook",
        update,
        {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_TEST_SECRET},
    )
    assert status == 400
    call = b'{"next_action": "action_x", "tracker": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"
    status, answer = raw_request("POST", f"{rasa_stack.actions_url}/webhook", call)
    assert status == 400 and "nested" in answer["message"]
    assert not window.problems(), "\n".join(window.problems()[:40])


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/webhooks/rest/webhook"),
        ("PUT", "/webhooks/rest/webhook"),
        ("DELETE", "/webhooks/rest/webhook"),
        ("GET", "/webhooks/telegram/webhook"),
        ("POST", "/webhooks/reports/report/CP-AAAAAAAA"),
    ],
)
def test_wrong_methods_are_405_on_rasa(rasa_stack, method, path):
    status, _ = raw_request(method, rasa_stack.rasa_url + path, b"{}" if method != "GET" else None)
    assert status == 405


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_wrong_methods_are_405_on_the_action_server(rasa_stack, method):
    status, _ = raw_request(
        method, f"{rasa_stack.actions_url}/webhook", b"{}" if method != "GET" else None
    )
    assert status == 405


@pytest.mark.parametrize("command", ["/restart", "/session_start", "/back", "/no_such_command"])
def test_every_command_gets_a_reply(rasa_stack, command):
    sender = f"web-command-{command[1:].replace('_', '')}"
    rasa_stack.send(sender, "hi")
    reply = texts(rasa_stack.send(sender, command))
    assert reply.strip(), f"{command} got no reply"
    if command[1:] in ("restart", "back"):  # Rasa itself says nothing to these
        assert COMMAND_REPLIES[command[1:]] in reply
