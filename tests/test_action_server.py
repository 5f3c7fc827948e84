"""The action server's front door (actions/server.py): what reaches rasa-sdk and what does not."""

from __future__ import annotations

import json
import zlib

import pytest

from actions import server

VALID = {
    "next_action": "action_recommend",
    "sender_id": "web:1",
    "tracker": {"sender_id": "web:1", "events": []},
    "domain": {"slots": {}},
    "version": "3.6.21",
}


def encoded(value) -> bytes:
    return json.dumps(value).encode()


def verdict(body: bytes, path="/webhook", method="POST", encoding=None, token=None):
    return server.check_webhook_request(path, method, body, encoding, token)


def test_rasa_s_action_calls_go_through(monkeypatch):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    assert verdict(encoded(VALID)) is None
    assert verdict(encoded({**VALID, "domain": None, "version": None})) is None
    assert verdict(zlib.compress(encoded(VALID)), encoding="deflate") is None
    assert verdict(encoded(VALID), path="/webhook/") is None


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "not valid JSON"),
        (b'{"next_action": ', "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'"text"', "JSON object"),
        (b"null", "JSON object"),
        (encoded({"tracker": {}}), "next_action"),
        (encoded({**VALID, "next_action": ""}), "next_action"),
        (encoded({**VALID, "next_action": ["x"]}), "next_action"),
        (encoded({**VALID, "tracker": "nope"}), "tracker"),
        (encoded({k: v for k, v in VALID.items() if k != "tracker"}), "tracker"),
        (encoded({**VALID, "domain": []}), "domain"),
        (encoded({**VALID, "version": 3}), "version"),
    ],
)
def test_malformed_calls_get_a_400_with_the_reason(monkeypatch, body, reason):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    status, answer = verdict(body)
    assert (
        status == 400 and answer["error"] == "invalid_action_call" and reason in answer["message"]
    )


def test_a_corrupt_compressed_body_gets_a_400(monkeypatch):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    status, answer = verdict(b"not deflate at all", encoding="deflate")
    assert status == 400 and "deflate" in answer["message"]


def test_other_routes_are_left_to_rasa_sdk(monkeypatch):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    assert verdict(b"", path="/health", method="GET") is None
    assert verdict(b"", path="/actions", method="GET") is None
    assert verdict(b"", path="/webhook", method="GET") is None  # Sanic answers 405 itself


def test_the_token_guards_actions_too_but_not_health(monkeypatch):
    monkeypatch.setenv(server.TOKEN_VARIABLE, "secret")
    assert verdict(b"", path="/health", method="GET") is None
    assert verdict(b"", path="/actions", method="GET")[0] == 401
    assert verdict(b"", path="/actions/", method="GET", token="wrong")[0] == 401
    assert verdict(b"", path="/actions", method="GET", token="secret") is None
    assert verdict(b"", path="/webhook", method="GET", token="secret") is None  # then 405


def test_deeply_nested_json_is_a_400_not_a_recursion_error(monkeypatch):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    nested = b'{"next_action": "x", "tracker": ' + b"[" * 1500 + b"]" * 1500 + b"}"
    status, answer = verdict(nested)
    assert status == 400 and "nested" in answer["message"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_not_declared_json_is_a_415(monkeypatch, content_type):
    """A page on another origin can post text/plain without a CORS preflight."""
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    status, _ = server.check_webhook_request(
        "/webhook", "POST", encoded(VALID), None, None, content_type
    )
    assert status == 415
    assert (
        server.check_webhook_request(
            "/webhook", "POST", encoded(VALID), None, None, "application/json; charset=utf-8"
        )
        is None
    )


@pytest.mark.e2e
def test_the_real_server_answers_wrong_methods_405_and_unknown_paths_404(tmp_path):
    """rasa-sdk's catch-all exception handler used to turn both into 500."""
    from harness.stack import RasaStack, http_json

    stack = RasaStack(workdir=tmp_path, extra_env={server.TOKEN_VARIABLE: "secret"})
    try:
        stack.start_actions()
        base = stack.actions_url
        assert http_json("GET", f"{base}/webhook?token=secret")[0] == 405
        assert http_json("GET", f"{base}/nowhere")[0] == 404
        assert http_json("GET", f"{base}/actions")[0] == 401
        status, listed = http_json("GET", f"{base}/actions?token=secret")
        assert status == 200 and {"name": "action_session_start"} in listed
        assert (
            http_json(
                "POST",
                f"{base}/webhook?token=secret",
                VALID,
                headers={"Content-Type": "text/plain"},
            )[0]
            == 415
        )
        assert http_json("GET", f"{base}/health")[0] == 200
    finally:
        stack.stop()
