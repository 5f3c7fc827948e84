"""Academy insights (admins): the funnel, drop-off, recommended roles, unanswered questions."""
from __future__ import annotations


def register(app) -> None:
    pass
