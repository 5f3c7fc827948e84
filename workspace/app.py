"""The workspace's Sanic app: templates, security headers, error pages, and the routes
of the view modules (auth, students, hand-offs, insights, admin)."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import MethodNotSupported, NotFound
from sanic.request import Request

from careerpath.userdata import StorageUnavailable

from . import admin_views, auth_views, handoff_views, insight_views, student_views
from .config import PROJECT_ROOT, Settings
from .security import CSRF_FIELD, CsrfRefused, current_session

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
_app_numbers = itertools.count(1)

# Pages load their own CSS and scripts only; the report page keeps its inline style; the
# guided page's widget talks to the Rasa server (added per app in _security_headers).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = lambda value: f"{value:%d %b %Y}" if value else ""
    env.filters["when"] = lambda value: f"{value:%d %b %Y, %H:%M} UTC" if value else ""
    return env


def create_app(settings: Settings | None = None) -> Sanic:
    settings = settings or Settings.from_env()
    app = Sanic(f"careerpath_workspace_{next(_app_numbers)}")
    app.config.REQUEST_MAX_SIZE = 2 * 1024 * 1024  # a training.yml upload is ~100 kB
    app.config.ACCESS_LOG = False
    app.ctx.settings = settings
    app.ctx.templates = _templates()

    async def render(request: Request, template: str, http_status: int = 200, **context):
        session = await current_session(request)
        page = app.ctx.templates.get_template(template).render(
            account=session.account if session else None,
            csrf=session.csrf_token if session else None,
            csrf_field=CSRF_FIELD,
            path=request.path,
            **context,
        )
        return response.html(page, status=http_status)

    app.ctx.render = render
    app.static("/static", str(HERE / "static"), name="workspace_static")
    app.static("/chat/widget.js", str(PROJECT_ROOT / "web" / "widget.js"), name="chat_widget")
    for views in (auth_views, student_views, handoff_views, insight_views, admin_views):
        views.register(app)

    @app.middleware("response")
    async def _security_headers(request: Request, resp) -> None:
        policy = CONTENT_SECURITY_POLICY
        if request.path.startswith("/guided/"):
            policy += f"; connect-src 'self' {settings.rasa_url}"
        resp.headers.setdefault("Content-Security-Policy", policy)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            resp.headers.setdefault("Cache-Control", "no-store")

    @app.exception(CsrfRefused)
    async def _csrf(request: Request, _error):
        return await render(
            request,
            "error.html",
            http_status=403,
            title="Form expired",
            message="This form could not be checked (it may be older than your "
            "session). Go back, reload the page and try again.",
        )

    @app.exception(StorageUnavailable)
    async def _storage(request: Request, _error):
        page = app.ctx.templates.get_template("error.html").render(
            account=None,
            title="Please try again",
            path=request.path,
            message="The database cannot be reached right now. Please try again in a moment.",
        )
        return response.html(page, status=503)

    @app.exception(NotFound)
    async def _not_found(request: Request, _error):
        return await render(
            request,
            "error.html",
            http_status=404,
            title="Not found",
            message="There is nothing here, or it is not yours to see.",
        )

    @app.exception(MethodNotSupported)
    async def _method(request: Request, _error):
        return response.text("Method not allowed.", status=405)

    return app
