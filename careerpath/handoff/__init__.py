"""Hand-off requests: a student asks to talk to a counselor (Rasa-free).

request_handoff(channel=, sender=, name=, contact=, summary=, top_roles=(), report_code=None)
    -> Handoff; raises InvalidHandoff (name missing, phone/e-mail not valid) with a message
    the bot can show, StorageUnavailable when the database is down.
handoff_queue(status="") / get_handoff(id) / move_handoff(id, status, counselor, is_admin)
normalise_phone(text) / normalise_email(text)
"""

from .models import STATUSES
from .requests import (
    Handoff,
    InvalidHandoff,
    count_open,
    get_handoff,
    handoff_queue,
    move_handoff,
    normalise_email,
    normalise_phone,
    request_handoff,
    requests_per_day,
)

__all__ = [
    "STATUSES",
    "Handoff",
    "InvalidHandoff",
    "count_open",
    "get_handoff",
    "handoff_queue",
    "move_handoff",
    "normalise_email",
    "normalise_phone",
    "request_handoff",
    "requests_per_day",
]
