"""Counselor access to stored reports, as a small Rasa input channel (credentials.yml).

    GET /webhooks/reports/report/<code>        -> JSON (profile, advice, markdown, note ...)
    GET /webhooks/reports/report/<code>.html   -> the HTML report

Codes are read in any case, with or without "CP-" (``cp-7k3q9xma.HTML`` works). The JSON
never names the student's sender id: on the REST channel that id is the only credential
of the conversation, so whoever read it could speak as the student and delete their data.

A browser that opens ``<code>.html`` without a token (an old chat link) is sent on to the
report's page in the counselor workspace (``WORKSPACE_URL``, default http://localhost:8001),
where counselors sign in; the bot's messages link there directly.

Every other request needs a counselor token: header ``Authorization: Bearer <token>`` (or
``?token=<token>`` so a link opens in a browser; prefer the header, URLs end up in logs).
Tokens come from the environment only: ``COUNSELOR_TOKENS="alice:tok1,bob:tok2"``.
No token or an unknown one -> 401; a report created by another counselor -> 403; an
unknown code -> 404, only after authentication so codes cannot be probed; the database
down -> 503 "please try again". Without COUNSELOR_TOKENS every request gets 401.

Who may open which report (the rule, and why):

- A report that names a counselor (``counselor`` column set) opens for that counselor's
  token only.
- A report without a counselor opens for every configured counselor. That is every
  report saved today: guided sessions run in the chat (widget ``?mode=guided``, Telegram
  ``/guided``), where nobody logs in, so there is no counselor identity to record - and a
  student-mode report would have none either. Such a report belongs to the counseling
  team, not to one person; refusing it to everyone would make its link useless, and
  guessing an owner would be worse. It stays protected by (1) the counselor token - a
  student or stranger holding the code gets 401; (2) the code itself, 8 characters of a
  31-letter alphabet from ``secrets`` (about 40 bits), shown only in that chat; and (3)
  an audit line in the log for every report opened (counselor, code).
- Students never read reports here; they get theirs in the chat. A deployment that needs
  per-counselor privacy has to identify the counselor when the report is saved (e.g. a
  counselor login in front of guided mode) and pass ``counselor=`` to ``save_report``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from careerpath.userdata import StorageUnavailable, load_report
from careerpath_rasa import patches

patches.install()  # Rasa may load this module before any other of ours (see patches)

logger = logging.getLogger(__name__)

TOKENS_ENV = "COUNSELOR_TOKENS"
WORKSPACE_URL_ENV = "WORKSPACE_URL"  # the same setting the bot's report link uses
DEFAULT_WORKSPACE_URL = "http://localhost:8001"
HTML_SUFFIX = ".html"  # compared case-insensitively


def parse_tokens(raw: str | None) -> dict[str, str]:
    """``"alice:tok1, bob:tok2"`` -> {"tok1": "alice", "tok2": "bob"}; bad pairs are skipped."""
    tokens: dict[str, str] = {}
    for pair in (raw or "").split(","):
        counselor, _, token = pair.strip().partition(":")
        if counselor.strip() and token.strip():
            tokens[token.strip()] = counselor.strip()
    return tokens


def counselor_for(token: str | None, tokens: dict[str, str]) -> str | None:
    """The counselor owning ``token`` (constant-time comparison against every token)."""
    found = None
    for known, counselor in tokens.items():
        if token and hmac.compare_digest(known.encode(), token.encode()):
            found = counselor
    return found


def _token_of(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.args.get("token")


def _browser_page(request: Request, code: str) -> bool:
    return code.lower().endswith(HTML_SUFFIX) and "text/html" in request.headers.get("Accept", "")


def workspace_report_url(code: str) -> str:
    """The report's page in the counselor workspace (the code is kept to its own letters)."""
    base = (os.environ.get(WORKSPACE_URL_ENV) or DEFAULT_WORKSPACE_URL).strip().rstrip("/")
    bare = "".join(ch for ch in code[: -len(HTML_SUFFIX)] if ch.isalnum() or ch == "-")
    return f"{base}/reports/{bare.upper()}"


def report_json(report) -> dict[str, Any]:
    """What a counselor reads: no ``sender_id`` (see the module docstring)."""
    return {
        "code": report.code,
        "channel": report.channel,
        "counselor": report.counselor,
        "created_at": report.created_at.isoformat() + "Z",
        "profile": report.profile,
        "advice": report.advice,
        "markdown": report.markdown,
        "note": report.note,
    }


class CounselorReportsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "reports"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> CounselorReportsInput:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        reports = Blueprint("counselor_reports", __name__)

        @reports.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @reports.route("/report/<code>", methods=["GET"])
        async def report(request: Request, code: str) -> HTTPResponse:
            return await self.serve(request, code)

        return reports

    async def serve(self, request: Request, code: str) -> HTTPResponse:
        token = _token_of(request)
        counselor = counselor_for(token, parse_tokens(os.environ.get(TOKENS_ENV)))
        if counselor is None and not token and _browser_page(request, code):
            return response.redirect(workspace_report_url(code), status=303)
        if counselor is None:
            return response.json(
                {"error": "a valid counselor token is required"},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        as_html = code.lower().endswith(HTML_SUFFIX)
        code = code[: -len(HTML_SUFFIX)] if as_html else code
        try:
            stored = await asyncio.to_thread(load_report, code)
        except StorageUnavailable:  # logged once by careerpath.userdata
            return response.json(
                {"error": "reports are unavailable right now, please try again"}, status=503
            )
        if stored is None:
            return response.json({"error": "no report with this code"}, status=404)
        if stored.counselor is not None and stored.counselor != counselor:
            logger.warning(
                "Counselor %r was refused report %s of counselor %r",
                counselor,
                stored.code,
                stored.counselor,
            )
            return response.json({"error": "this report belongs to another counselor"}, status=403)
        logger.info(
            "Counselor %r opened report %s%s",
            counselor,
            stored.code,
            "" if stored.counselor else " (a team report: no counselor recorded)",
        )
        if as_html:
            return response.html(stored.html)
        return response.text(json.dumps(report_json(stored)), content_type="application/json")
