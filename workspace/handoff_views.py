"""The hand-off queue: students who asked to talk to a counselor."""

from __future__ import annotations

import asyncio

from sanic import response
from sanic.exceptions import NotFound
from sanic.request import Request

from careerpath.handoff import STATUSES, InvalidHandoff, handoff_queue, move_handoff

from .security import signed_in

ACTIONS = {"claim": "claimed", "contacted": "contacted", "close": "closed", "release": "new"}


def register(app) -> None:
    @app.get("/handoffs")
    @signed_in()
    async def queue(request: Request):
        status = request.args.get("status") or ""
        status = status if status in STATUSES else ""
        items = await asyncio.to_thread(handoff_queue, status)
        return await app.ctx.render(
            request, "handoffs.html", items=items, status=status, statuses=STATUSES
        )

    @app.post("/handoffs/<request_id:int>")
    @signed_in()
    async def move(request: Request, request_id: int):
        target = ACTIONS.get(request.form.get("action") or "")
        if target is None:
            return response.text("Unknown action.", status=400)
        account = request.ctx.session.account
        try:
            await asyncio.to_thread(
                move_handoff, request_id, target, account.username, account.is_admin
            )
        except LookupError:
            raise NotFound("no such request") from None
        except (InvalidHandoff, PermissionError) as refused:
            return await app.ctx.render(
                request,
                "error.html",
                http_status=409,
                title="Not changed",
                message=f"This request was not changed: {refused}.",
            )
        return response.redirect("/handoffs", status=303)
