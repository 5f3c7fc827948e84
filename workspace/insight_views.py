"""Academy insights (admins): the funnel, drop-off, recommended roles, unanswered questions."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from sanic.request import Request

from careerpath.handoff import requests_per_day
from careerpath.insights import compute_insights

from .security import signed_in

PERIODS = (7, 30, 90)


def _insights(tracker_url: str, days: int):
    today = datetime.now(timezone.utc).date()
    since = datetime.combine(today - timedelta(days=days - 1), datetime.min.time())
    return compute_insights(tracker_url, requests_per_day(since), days=days, today=today)


def register(app) -> None:
    @app.get("/insights")
    @signed_in(admin=True)
    async def insights(request: Request):
        try:
            days = int(request.args.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in PERIODS else 30
        data = await asyncio.to_thread(_insights, app.ctx.settings.tracker_store_url, days)
        return await app.ctx.render(request, "insights.html", data=data, days=days, periods=PERIODS)
