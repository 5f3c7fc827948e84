"""Forgetting a user: every row about a sender, their Rasa tracker events included, and
counting what is left."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, inspect, select

from careerpath.db.engine import get_engine

from .models import CounselorReport, RecommendationRecord, StudentProfile
from .repository import (
    StorageUnavailable,
    _guarded,
    _key,
    _unit,
)

TRACKER_EVENTS_TABLE = "events"  # Rasa's SQLTrackerStore table


@dataclass(frozen=True)
class Deleted:
    """What ``forget_sender`` removed, for the user-facing confirmation."""

    profiles: int = 0
    recommendations: int = 0
    reports: int = 0
    tracker_events: int | None = None  # None: the tracker store was not reachable from here
    handoffs: int = 0  # requests to talk to a counselor
    notes: int = 0  # counselors' notes and guided sessions about the student

    @property
    def total(self) -> int:
        return (
            self.profiles
            + self.recommendations
            + self.reports
            + (self.tracker_events or 0)
            + self.handoffs
            + self.notes
        )


# ---- forgetting -------------------------------------------------------------------------
def forget_sender(
    channel: str, sender: str, url: str | None = None, tracker_store_url: str | None = None
) -> Deleted:
    """Delete everything stored about ``channel`` + ``sender``.

    Project data (profiles, recommendation history, reports) goes in one transaction.
    With ``tracker_store_url`` (default: env ``TRACKER_STORE_URL``) Rasa's stored
    conversation events of ``sender`` are deleted too and counted; the Rasa server's
    tracker store (careerpath_rasa.tracker_store) also drops them when it saves the turn.
    """
    tracker_store_url = tracker_store_url or os.environ.get("TRACKER_STORE_URL", "").strip() or None

    def work() -> Deleted:
        with _unit(url) as session:
            counts = {}
            for name, model in (
                ("profiles", StudentProfile),
                ("recommendations", RecommendationRecord),
                ("reports", CounselorReport),
            ):
                counts[name] = session.execute(
                    delete(model).where(model.channel == channel, model.sender_id == sender)
                ).rowcount
            # The workspace's rows about the student (its packages import this one, so only
            # their table modules, late): hand-off requests, notes, guided sessions.
            from careerpath.counseling.models import GuidedSession, StudentNote
            from careerpath.handoff.models import HandoffRequest

            workspace = (("handoffs", (HandoffRequest,)), ("notes", (StudentNote, GuidedSession)))
            for name, models in workspace:
                counts[name] = sum(
                    session.execute(
                        delete(model).where(model.channel == channel, model.sender_id == sender)
                    ).rowcount
                    for model in models
                )
        return Deleted(**counts)

    deleted = _guarded("forget_sender", _key(channel, sender), url, work)
    if tracker_store_url:
        try:
            events = _guarded(
                "forget_sender.tracker_events",
                _key(channel, sender),
                tracker_store_url,
                lambda: delete_tracker_events(tracker_store_url, sender),
            )
        except (
            StorageUnavailable
        ):  # the project data is gone; Rasa's tracker store drops the events
            events = None
        deleted = replace(deleted, tracker_events=events)
    return deleted


def delete_tracker_events(tracker_store_url: str, sender: str) -> int:
    """Delete Rasa's stored events of ``sender``; 0 when the table does not exist yet."""
    from sqlalchemy import column, table

    engine = get_engine(tracker_store_url)
    if not inspect(engine).has_table(TRACKER_EVENTS_TABLE):
        return 0
    events = table(TRACKER_EVENTS_TABLE, column("sender_id"))
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id == sender)).rowcount


def count_rows(channel: str, sender: str, url: str | None = None) -> dict[str, int]:
    """How many rows each user table holds for ``channel`` + ``sender`` (tests, support)."""

    def work() -> dict[str, int]:
        with _unit(url) as session:
            return {
                model.__tablename__: session.execute(
                    select(func.count())
                    .select_from(model)
                    .where(model.channel == channel, model.sender_id == sender)
                ).scalar_one()
                for model in (StudentProfile, RecommendationRecord, CounselorReport)
            }

    return _guarded("count_rows", _key(channel, sender), url, work)
