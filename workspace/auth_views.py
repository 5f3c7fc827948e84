"""Sign-in and sign-out pages."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from sanic import response
from sanic.request import Request

from careerpath.accounts import sign_in, sign_out

from .security import (
    CSRF_FIELD,
    PRESESSION_COOKIE,
    SESSION_COOKIE,
    clear_cookie,
    client_address,
    current_session,
    presession_token,
    set_cookie,
    signed_in,
    tokens_match,
)


def _safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect to another host."""
    parts = urlsplit(target or "")
    if (
        parts.scheme
        or parts.netloc
        or not (target or "").startswith("/")
        or target.startswith("//")
    ):
        return "/"
    return target


async def _form(request: Request, status: int = 200, error: str = "", username: str = ""):
    token = presession_token(request)
    resp = await request.app.ctx.render(
        request,
        "signin.html",
        http_status=status,
        error=error,
        username=username,
        signin_csrf=token,
        next=_safe_next(request.args.get("next", "/")),
    )
    set_cookie(request, resp, PRESESSION_COOKIE, token)
    return resp


def register(app) -> None:
    @app.get("/signin")
    async def signin_page(request: Request):
        if await current_session(request):
            return response.redirect("/")
        return await _form(request)

    @app.post("/signin")
    async def signin_submit(request: Request):
        form = request.form or {}
        if not tokens_match(form.get(CSRF_FIELD), request.cookies.get(PRESESSION_COOKIE)):
            return await _form(request, status=403, error="The form expired. Please sign in again.")
        username = (form.get("username") or "").strip()
        result = await asyncio.to_thread(
            sign_in, username, form.get("password") or "", client_address(request)
        )
        if result.refused == "limited":
            minutes = max(1, round(result.retry_after_seconds / 60))
            resp = await _form(
                request,
                status=429,
                username=username,
                error=f"Too many sign-in attempts. Try again in about {minutes} minute(s).",
            )
            resp.headers["Retry-After"] = str(result.retry_after_seconds)
            return resp
        if result.refused:
            return await _form(
                request,
                status=401,
                username=username,
                error="That username and password do not match an active account.",
            )
        resp = response.redirect(_safe_next(form.get("next") or "/"), status=303)
        set_cookie(request, resp, SESSION_COOKIE, result.token or "")
        clear_cookie(request, resp, PRESESSION_COOKIE)
        return resp

    @app.post("/signout")
    @signed_in()
    async def signout(request: Request):
        await asyncio.to_thread(sign_out, request.cookies.get(SESSION_COOKIE))
        resp = response.redirect("/signin", status=303)
        clear_cookie(request, resp, SESSION_COOKIE)
        return resp
