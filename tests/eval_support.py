"""Hand-made bot turns for the evaluation tests: text messages and a recommendations card."""

from __future__ import annotations


def text(*lines, **extra):
    return [dict({"text": line}, **extra) for line in lines]


def card(*role_ids):
    return {"custom": {"type": "recommendations", "items": [{"role_type": r} for r in role_ids]}}
