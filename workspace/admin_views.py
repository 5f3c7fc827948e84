"""Admin pages: counselor accounts and the training catalogue upload."""

from __future__ import annotations

import asyncio

from sanic import response
from sanic.request import Request

from careerpath.accounts import AccountError, create_account, list_accounts, set_active

from .security import signed_in
from .training import TRAINING_FILE, check_training


def register(app) -> None:
    async def counselors_page(
        request: Request, http_status: int = 200, error: str = "", notice: str = "", form=None
    ):
        accounts = await asyncio.to_thread(list_accounts)
        return await app.ctx.render(
            request,
            "admin_counselors.html",
            http_status=http_status,
            accounts=accounts,
            error=error,
            notice=notice,
            form=form or {},
        )

    @app.get("/admin/counselors")
    @signed_in(admin=True)
    async def counselors(request: Request):
        return await counselors_page(request, notice=request.args.get("notice", "")[:200])

    @app.post("/admin/counselors")
    @signed_in(admin=True)
    async def add_counselor(request: Request):
        form = request.form
        try:
            account = await asyncio.to_thread(
                create_account,
                form.get("username") or "",
                form.get("password") or "",
                admin=form.get("admin") == "yes",
                display_name=form.get("display_name") or None,
            )
        except AccountError as refused:
            return await counselors_page(
                request,
                http_status=400,
                error=str(refused),
                form={
                    "username": form.get("username") or "",
                    "display_name": form.get("display_name") or "",
                },
            )
        return response.redirect(f"/admin/counselors?notice=Added+{account.username}", status=303)

    @app.post("/admin/counselors/<username>")
    @signed_in(admin=True)
    async def change_counselor(request: Request, username: str):
        action = request.form.get("action")
        if action not in ("disable", "enable"):
            return response.text("Unknown action.", status=400)
        if action == "disable" and username == request.ctx.session.account.username:
            return await counselors_page(
                request, http_status=400, error="You cannot disable your own account."
            )
        try:
            account = await asyncio.to_thread(set_active, username, action == "enable")
        except AccountError as refused:
            return await counselors_page(request, http_status=400, error=str(refused))
        state = "enabled" if account.active else "disabled"
        return response.redirect(f"/admin/counselors?notice={account.username}+{state}", status=303)

    @app.get("/admin/training")
    @signed_in(admin=True)
    async def training(request: Request):
        return await app.ctx.render(request, "admin_training.html", check=None)

    @app.post("/admin/training")
    @signed_in(admin=True)
    async def upload_training(request: Request):
        upload = request.files.get("training") if request.files else None
        if upload is None or not upload.body:
            return await app.ctx.render(
                request,
                "admin_training.html",
                http_status=400,
                check=None,
                error=f"Choose a {TRAINING_FILE} file to upload.",
            )
        hindi = request.files.get("training_hi")
        check = await asyncio.to_thread(
            check_training,
            upload.body,
            request.form.get("install") == "yes",
            None,
            hindi.body if hindi is not None else None,
        )
        return await app.ctx.render(
            request, "admin_training.html", http_status=422 if check.error else 200, check=check
        )
