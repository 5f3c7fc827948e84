"""Cookies, CSRF and the signed-in account of a request.

- Session cookie ``cp_ws_session``: random token, HttpOnly, SameSite=Lax, Path=/, Secure on
  https (``WORKSPACE_SECURE_COOKIES``); the database keeps only its hash.
- CSRF: every form carries ``csrf_token``. Signed in, it must equal the session's token
  (stored with the session); on the sign-in form, which has no session yet, it must equal
  the ``cp_ws_csrf`` cookie set with the form (double submit). A POST without a match gets
  403 and changes nothing.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from functools import wraps
from urllib.parse import quote

from sanic import response
from sanic.request import Request

from careerpath.accounts import SessionInfo, session_for

SESSION_COOKIE = "cp_ws_session"
PRESESSION_COOKIE = "cp_ws_csrf"
CSRF_FIELD = "csrf_token"


class CsrfRefused(Exception):
    pass


def is_https(request: Request, mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never":
        return False
    return request.scheme == "https"


def set_cookie(request: Request, resp, name: str, value: str, max_age: int | None = None) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Lax"
    cookie["path"] = "/"
    if max_age is not None:
        cookie["max-age"] = max_age
    if is_https(request, request.app.ctx.settings.secure_cookies):
        cookie["secure"] = True


def clear_cookie(request: Request, resp, name: str) -> None:
    set_cookie(request, resp, name, "", max_age=0)


def presession_token(request: Request) -> str:
    return request.cookies.get(PRESESSION_COOKIE) or secrets.token_urlsafe(32)


def tokens_match(sent: str | None, expected: str | None) -> bool:
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


def client_address(request: Request) -> str:
    # remote_addr honours Sanic's proxy settings (SANIC_PROXIES_COUNT / SANIC_REAL_IP_HEADER).
    return request.remote_addr or request.ip or "unknown"


async def current_session(request: Request) -> SessionInfo | None:
    if not hasattr(request.ctx, "session"):
        token = request.cookies.get(SESSION_COOKIE)
        request.ctx.session = await asyncio.to_thread(session_for, token) if token else None
    return request.ctx.session


def signed_in(admin: bool = False):
    """Decorator: the page needs a signed-in account (an admin with ``admin=True``); POSTs
    need the session's CSRF token. Handlers get ``request.ctx.session``."""

    def decorate(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            session = await current_session(request)
            if session is None:
                if request.method != "GET":
                    return response.text("Please sign in again.", status=401)
                return response.redirect(f"/signin?next={quote(request.path)}")
            if admin and not session.account.is_admin:
                return await request.app.ctx.render(
                    request,
                    "error.html",
                    http_status=403,
                    title="Admins only",
                    message="This page is for the academy's admins.",
                )
            if request.method == "POST":
                sent = request.form.get(CSRF_FIELD) if request.form else None
                if not tokens_match(sent, session.csrf_token):
                    raise CsrfRefused()
            return await handler(request, *args, **kwargs)

        return wrapper

    return decorate
