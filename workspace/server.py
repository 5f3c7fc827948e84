"""Runs the workspace app (one process; start more behind nginx for more capacity)."""

from __future__ import annotations

import logging

from .app import create_app
from .config import Settings


def serve(host: str | None = None, port: int | None = None) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings.from_env()
    app = create_app(settings)
    app.run(
        host=host or settings.host,
        port=port or settings.port,
        workers=1,
        access_log=False,
        motd=False,
    )
