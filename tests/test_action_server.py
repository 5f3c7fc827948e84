"""The action server's front door (actions/server.py): what reaches rasa-sdk and what does not."""
from __future__ import annotations

import json
import zlib

import pytest

from actions import server

VALID = {"next_action": "action_recommend", "sender_id": "web:1", "tracker": {"sender_id": "web:1", "events": []},
         "domain": {"slots": {}}, "version": "3.6.21"}


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


@pytest.mark.parametrize("body, reason", [
    (b"", "not valid JSON"), (b'{"next_action": ', "not valid JSON"), (b"\xff\xfe", "not valid JSON"),
    (b"[1, 2]", "JSON object"), (b'"text"', "JSON object"), (b"null", "JSON object"),
    (encoded({"tracker": {}}), "next_action"), (encoded({**VALID, "next_action": ""}), "next_action"),
    (encoded({**VALID, "next_action": ["x"]}), "next_action"), (encoded({**VALID, "tracker": "nope"}), "tracker"),
    (encoded({k: v for k, v in VALID.items() if k != "tracker"}), "tracker"),
    (encoded({**VALID, "domain": []}), "domain"), (encoded({**VALID, "version": 3}), "version"),
])
def test_malformed_calls_get_a_400_with_the_reason(monkeypatch, body, reason):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    status, answer = verdict(body)
    assert status == 400 and answer["error"] == "invalid_action_call" and reason in answer["message"]


def test_a_corrupt_compressed_body_gets_a_400(monkeypatch):
    monkeypatch.delenv(server.TOKEN_VARIABLE, raising=False)
    status, answer = verdict(b"not deflate at all", encoding="deflate")
    assert status == 400 and "deflate" in answer["message"]


def test_other_routes_are_left_to_rasa_sdk(monkeypatch):
    monkeypatch.setenv(server.TOKEN_VARIABLE, "secret")
    assert verdict(b"", path="/health", method="GET") is None
    assert verdict(b"", path="/actions", method="GET") is None
    assert verdict(b"", path="/webhook", method="GET") is None  # rasa-sdk answers 405 itself


def test_with_a_token_configured_only_calls_carrying_it_get_through(monkeypatch):
    monkeypatch.setenv(server.TOKEN_VARIABLE, "s3cret-token")
    assert verdict(encoded(VALID), token="s3cret-token") is None
    for wrong in (None, "", "s3cret", "s3cret-token ", "S3CRET-TOKEN"):
        status, answer = verdict(encoded(VALID), token=wrong)
        assert status == 401 and answer["error"] == "unauthorised"
    assert verdict(b"[1]", token="nope")[0] == 401  # the token is checked before the body

