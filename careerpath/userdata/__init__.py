"""User data of CareerPath: student profiles, recommendation history, counselor reports.

Rasa-free library (the action server, the report endpoint and CLIs call it). The tables
live in the project database (``DATABASE_URL``, default ``var/careerpath.db``), created by
alembic migration ``0002_user_data`` next to the knowledge base's; every row is keyed by
**channel + sender id** (``actions.returning.channel_of(tracker)`` +
``tracker.sender_id``). Telegram senders are namespaced, ``("telegram", "tg:<chat id>")``;
REST/web senders are the client's own random id, ``("rest", "web-...")`` (see
careerpath/senders.py: Rasa keys conversations by sender id alone).

API (every function takes an optional ``url=`` to override ``DATABASE_URL``)::

    save_profile(channel, sender, profile: dict, answers: dict | None = None) -> None
        Upsert. ``profile`` = Profile.to_dict(); ``answers`` = the intake slots' texts.
    load_profile(channel, sender) -> StoredProfile | None
        .profile, .answers, .updated_at, .last_recommendations [{"role_type", "name"}]
    record_recommendations(channel, sender, profile: dict, recommendations: [{"role_type", "name"}])
        Appends to the history and stores ``profile`` as the current one.
    recommendation_history(channel, sender) -> [[{"role_type", "name"}, ...], ...]   oldest first

    save_report(*, channel, sender, counselor: str | None, profile: dict, advice: dict,
                markdown: str, html: str, note: str | None = None, code: str | None = None) -> str
        Stores a report (guided mode) and returns its reference code, e.g. "CP-7K3Q9XMA";
        pass ``code=new_report_code()`` when the report's text shows it. ``counselor`` is the
        counselor id from COUNSELOR_TOKENS
        ("alice:tok1,bob:tok2" -> "alice"); only that counselor's token can open the report
        (None: any configured counselor). ``advice`` = Advice.to_dict(). Served at
        GET /webhooks/reports/report/<code> (JSON) and /report/<code>.html by
        careerpath_rasa.channels.reports (header "Authorization: Bearer <token>" or ?token=).
        Limits (report_store.py): a report over ``MAX_REPORT_BYTES`` (1 MB), a sender's 11th
        report within 24 hours or the 121st report of everyone within an hour raises
        ``ReportRefused`` (a ``StorageUnavailable``: callers hand the report over unsaved).
    load_report(code) -> StoredReport | None      (code case-insensitive, "CP-" optional)

    forget_sender(channel, sender, tracker_store_url=None) -> Deleted
        Deletes profiles, history and reports of the sender; with ``tracker_store_url``
        (default env TRACKER_STORE_URL) also Rasa's stored events of the sender.
        Deleted(.profiles, .recommendations, .reports, .tracker_events (None = not reachable)).

Errors: ``StorageUnavailable`` when the database cannot be reached or is locked; the
fault is logged once (operation, user key, database URL without password) before it is
raised, so callers reply "please try again" and do not log again. Nothing is half-written:
each call is one transaction.
"""

from .forgetting import Deleted, count_rows, delete_tracker_events, forget_sender
from .report_store import (
    ReportRefused,
    StoredReport,
    load_report,
    new_report_code,
    normalise_code,
    save_report,
)
from .repository import (
    StorageUnavailable,
    StoredProfile,
    load_profile,
    recommendation_history,
    record_recommendations,
    save_profile,
)

__all__ = [
    "Deleted",
    "ReportRefused",
    "StorageUnavailable",
    "StoredProfile",
    "StoredReport",
    "count_rows",
    "delete_tracker_events",
    "forget_sender",
    "load_profile",
    "load_report",
    "new_report_code",
    "normalise_code",
    "recommendation_history",
    "record_recommendations",
    "save_profile",
    "save_report",
]
