"""Admin pages: counselor accounts and the training catalogue upload."""
from __future__ import annotations


def register(app) -> None:
    pass
