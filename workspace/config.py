"""Settings of the workspace process, from the environment (read once per app)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8001
    # "auto": Secure cookies when the request came over https (directly or per X-Forwarded-Proto
    # from a trusted proxy); "always" / "never" force it.
    secure_cookies: str = "auto"
    # Where the chat widget of a guided session talks to (Rasa's REST channel).
    rasa_url: str = "http://localhost:5005"
    # Rasa's stored conversations, read by the insights page.
    tracker_store_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'trackers.db'}"
    chromium: str = "/usr/bin/chromium"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get
        return cls(
            host=env("WORKSPACE_HOST", cls.host),
            port=int(env("WORKSPACE_PORT", cls.port)),
            secure_cookies=env("WORKSPACE_SECURE_COOKIES", cls.secure_cookies).strip().lower(),
            rasa_url=env("WORKSPACE_RASA_URL", cls.rasa_url).rstrip("/"),
            tracker_store_url=(env("TRACKER_STORE_URL", "").strip() or cls.tracker_store_url),
            chromium=env("CHROMIUM", cls.chromium),
        )
