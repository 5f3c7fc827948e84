"""careerpath.userdata on real SQLite files: profiles, history, reports, forgetting, faults."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy import text

from careerpath.db.engine import get_engine
from careerpath.db.migrate import upgrade_schema
from careerpath.kb.load import build_database
from careerpath.userdata import (
    ReportRefused,
    StorageUnavailable,
    count_rows,
    forget_sender,
    load_profile,
    load_report,
    recommendation_history,
    record_recommendations,
    save_profile,
    save_report,
)

PROFILE = {
    "education_level": "graduate",
    "degree": "bcom",
    "field": "commerce",
    "skills": ["ms_excel", "tally"],
}
ANSWERS = {"education": "B.Com (graduate)", "skills": "MS Excel, Tally"}
SHOWN = [
    {"role_type": "finance_accounting_bpo", "name": "Finance & Accounting BPO"},
    {"role_type": "customer_support_bpo", "name": "Customer Support BPO"},
]


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'project.db'}"
    upgrade_schema(url)
    return url


def report(url, counselor="alice", sender="s1", channel="rest"):
    return save_report(
        channel=channel,
        sender=sender,
        counselor=counselor,
        profile=PROFILE,
        advice={"recommendations": SHOWN},
        markdown="# Report",
        html="<h1>Report</h1>",
        note="talked about night shifts",
        url=url,
    )


def test_profile_round_trip_and_upsert(url):
    assert load_profile("rest", "s1", url=url) is None
    save_profile("rest", "s1", PROFILE, ANSWERS, url=url)
    save_profile("rest", "s1", dict(PROFILE, skills=["sql"]), ANSWERS, url=url)
    stored = load_profile("rest", "s1", url=url)
    assert stored.profile["skills"] == ["sql"] and stored.answers == ANSWERS
    assert count_rows("rest", "s1", url=url)["student_profile"] == 1


def test_channel_and_sender_together_are_the_key(url):
    save_profile("telegram", "tg:42", PROFILE, url=url)  # Telegram chat 42 (careerpath/senders.py)
    assert load_profile("rest", "tg:42", url=url) is None
    assert load_profile("telegram", "tg:43", url=url) is None
    assert load_profile("telegram", "42", url=url) is None  # the bare chat id is another key
    assert load_profile("telegram", "tg:42", url=url).profile == PROFILE


def test_recommendations_are_a_history_and_update_the_profile(url):
    record_recommendations("rest", "s1", PROFILE, SHOWN, url=url)
    record_recommendations("rest", "s1", dict(PROFILE, skills=["sql"]), SHOWN[::-1], url=url)
    assert recommendation_history("rest", "s1", url=url) == [SHOWN, SHOWN[::-1]]
    stored = load_profile("rest", "s1", url=url)
    assert stored.last_recommendations == SHOWN[::-1]
    assert stored.profile["skills"] == ["sql"]


def test_reports_get_unique_codes_and_round_trip(url):
    codes = {report(url, sender=f"s{number % 5}") for number in range(20)}  # under the limits
    assert len(codes) == 20 and all(code.startswith("CP-") and len(code) == 11 for code in codes)
    code = sorted(codes)[0]
    stored = load_report(code.lower().replace("cp-", ""), url=url)
    assert stored.code == code and stored.counselor == "alice" and stored.html == "<h1>Report</h1>"
    assert (
        stored.advice == {"recommendations": SHOWN} and stored.note == "talked about night shifts"
    )
    assert load_report("CP-AAAAAAAA", url=url) is None
    assert load_report("../../etc/passwd", url=url) is None


def test_forget_deletes_only_that_sender_and_says_what(url):
    save_profile("rest", "s1", PROFILE, url=url)
    record_recommendations("rest", "s1", PROFILE, SHOWN, url=url)
    record_recommendations("rest", "s1", PROFILE, SHOWN, url=url)
    report(url)
    save_profile("rest", "s2", PROFILE, url=url)
    save_profile("telegram", "s1", PROFILE, url=url)

    deleted = forget_sender("rest", "s1", url=url)

    assert (deleted.profiles, deleted.recommendations, deleted.reports) == (1, 2, 1)
    assert deleted.tracker_events is None
    assert count_rows("rest", "s1", url=url) == {
        "student_profile": 0,
        "recommendation_record": 0,
        "counselor_report": 0,
    }
    assert load_profile("rest", "s2", url=url) is not None
    assert load_profile("telegram", "s1", url=url) is not None


def test_forget_deletes_the_senders_tracker_events(url, tmp_path):
    trackers = tmp_path / "trackers.db"
    with sqlite3.connect(trackers) as connection:  # the shape of Rasa's SQLTrackerStore table
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
            "type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', '{}')",
            [("s1",)] * 7 + [("s2",)] * 3,
        )
    deleted = forget_sender("rest", "s1", url=url, tracker_store_url=f"sqlite:///{trackers}")
    assert deleted.tracker_events == 7
    with sqlite3.connect(trackers) as connection:
        rows = dict(
            connection.execute(
                "SELECT sender_id, count(*) FROM events GROUP BY sender_id"
            ).fetchall()
        )
    assert rows == {"s2": 3}


def test_forget_of_a_telegram_user_deletes_only_that_chats_data_and_events(url, tmp_path):
    trackers = tmp_path / "trackers.db"
    with sqlite3.connect(trackers) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
            "type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', '{}')",
            [("tg:42",)] * 5 + [("tg:420",)] * 2 + [("42",)] * 3 + [("web-42",)],
        )
    save_profile("telegram", "tg:42", PROFILE, url=url)
    record_recommendations("telegram", "tg:42", PROFILE, SHOWN, url=url)
    report(url, counselor=None, sender="tg:42", channel="telegram")
    save_profile("telegram", "tg:420", PROFILE, url=url)
    save_profile("rest", "web-42", PROFILE, url=url)

    deleted = forget_sender("telegram", "tg:42", url=url, tracker_store_url=f"sqlite:///{trackers}")

    assert (deleted.profiles, deleted.recommendations, deleted.reports, deleted.tracker_events) == (
        1,
        1,
        1,
        5,
    )
    assert count_rows("telegram", "tg:42", url=url) == {
        "student_profile": 0,
        "recommendation_record": 0,
        "counselor_report": 0,
    }
    assert load_profile("telegram", "tg:420", url=url) is not None
    assert load_profile("rest", "web-42", url=url) is not None
    with sqlite3.connect(trackers) as connection:
        rows = dict(
            connection.execute(
                "SELECT sender_id, count(*) FROM events GROUP BY sender_id"
            ).fetchall()
        )
    assert rows == {"tg:420": 2, "42": 3, "web-42": 1}


def test_an_older_database_is_migrated_on_first_use(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with get_engine(url).begin() as connection:  # a database from before migration 0002
        connection.execute(text("CREATE TABLE unrelated (id INTEGER PRIMARY KEY)"))
    save_profile("rest", "s1", PROFILE, url=url)
    assert load_profile("rest", "s1", url=url).profile == PROFILE


def test_user_data_survives_a_knowledge_base_reload(tmp_path):
    from tests.test_knowledge_base import FIXTURE

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build_database(url, FIXTURE)
    save_profile("rest", "s1", PROFILE, url=url)
    record_recommendations("rest", "s1", PROFILE, SHOWN, url=url)
    code = report(url)
    with get_engine(url).begin() as connection:  # force a full reload
        connection.execute(text("DELETE FROM kb_meta"))
    assert build_database(url, FIXTURE).loaded
    assert load_profile("rest", "s1", url=url).last_recommendations == SHOWN
    assert load_report(code, url=url) is not None


def test_unreachable_database_raises_storage_unavailable_and_logs_once(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'missing-dir' / 'nowhere.db'}"
    with (
        caplog.at_level(logging.ERROR, logger="careerpath.userdata"),
        pytest.raises(StorageUnavailable) as raised,
    ):
        save_profile("rest", "s1", PROFILE, url=url)
    assert raised.value.operation == "save_profile"
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "save_profile" in errors[0].getMessage() and "'s1'" in errors[0].getMessage()


def test_postgres_password_is_not_logged(caplog):
    url = "postgresql+psycopg2://careerpath:s3cret-pw@127.0.0.1:1/none?connect_timeout=1"
    with (
        caplog.at_level(logging.ERROR, logger="careerpath.userdata"),
        pytest.raises(StorageUnavailable),
    ):
        load_profile("rest", "s1", url=url)
    assert "s3cret-pw" not in caplog.text and "careerpath:***@" in caplog.text


def test_a_locked_database_fails_cleanly_and_keeps_what_was_stored(url):
    save_profile("rest", "s1", PROFILE, url=url)
    path = url.removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        with pytest.raises(StorageUnavailable):
            save_profile("rest", "s1", dict(PROFILE, skills=["sql"]), url=url)
    finally:
        blocker.rollback()
        blocker.close()
    assert load_profile("rest", "s1", url=url).profile == PROFILE


def test_reports_are_limited_per_sender_and_per_hour(url, monkeypatch, caplog):
    """Guided mode needs no sign-in and REST sender ids are free: storage must stay bounded."""
    monkeypatch.setenv("REPORTS_PER_SENDER_PER_DAY", "3")
    monkeypatch.setenv("REPORTS_PER_HOUR", "5")
    for _ in range(3):
        report(url, sender="busy")
    with pytest.raises(ReportRefused, match="3 reports a day"):
        report(url, sender="busy")
    assert isinstance(ReportRefused("x", "y"), StorageUnavailable), "callers hand it over unsaved"
    report(url, sender="other-1")
    report(url, sender="other-2")
    with pytest.raises(ReportRefused, match="5 reports an hour"):
        report(url, sender="other-3")
    assert count_rows("rest", "busy", url=url)["counselor_report"] == 3
    assert count_rows("rest", "other-3", url=url)["counselor_report"] == 0
    assert any("refused" in record.getMessage() for record in caplog.records)


def test_an_oversized_report_is_refused_before_touching_the_database(url, monkeypatch):
    monkeypatch.setenv("MAX_REPORT_BYTES", "1000")
    with pytest.raises(ReportRefused, match="limit is 1000"):
        save_report(
            channel="rest",
            sender="s1",
            counselor=None,
            profile=PROFILE,
            advice={},
            markdown="# Report",
            html="<p>" + "x" * 2000 + "</p>",
            url=url,
        )
    assert count_rows("rest", "s1", url=url)["counselor_report"] == 0
