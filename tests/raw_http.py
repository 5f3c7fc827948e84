"""Plain HTTP for tests that send what a well-behaved client would not: any method, any body,
any headers; the reply's status and its JSON (or text when it is not JSON)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


def raw_request(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def as_json(payload: Any) -> bytes:
    return json.dumps(payload).encode()
