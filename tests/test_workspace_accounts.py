"""Workspace accounts: password hashing, sessions, sign-in rate limits, the CLI."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from careerpath.accounts import (
    AccountError,
    create_account,
    list_accounts,
    passwords,
    service,
    session_for,
    set_active,
    sign_in,
    sign_out,
)
from careerpath.db.engine import reset_engines
from harness.stack import PROJECT_ROOT

PASSWORD = "correct horse battery"


@pytest.fixture()
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    reset_engines()
    yield url
    reset_engines()


def test_scrypt_hash_is_salted_parametrised_and_verifies():
    first, second = passwords.hash_password(PASSWORD), passwords.hash_password(PASSWORD)
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$15$8$1$")
    assert passwords.verify_password(PASSWORD, first)
    assert not passwords.verify_password(PASSWORD + "!", first)
    assert not passwords.verify_password(PASSWORD, "scrypt$garbage")
    assert not passwords.needs_rehash(first)
    assert passwords.needs_rehash("scrypt$14$8$1$AAAA$AAAA")


def test_weak_and_huge_passwords_are_refused(db):
    with pytest.raises(AccountError, match="at least 10"):
        create_account("alice", "short")
    with pytest.raises(AccountError, match="at most"):
        create_account("alice", "x" * 10_000)
    with pytest.raises(AccountError, match="username"):
        create_account("Bad Name!", PASSWORD)


def test_sign_in_creates_a_session_that_sign_out_ends(db):
    create_account("Alice", PASSWORD, display_name="Alice Rao")
    assert sign_in("alice", "wrong password", "10.0.0.1").refused == "wrong"
    assert sign_in("nobody", PASSWORD, "10.0.0.1").refused == "wrong"
    result = sign_in(" ALICE ", PASSWORD, "10.0.0.1")
    assert result.token and result.csrf_token and result.account.username == "alice"
    session = session_for(result.token)
    assert session.account.display_name == "Alice Rao" and session.csrf_token == result.csrf_token
    assert session_for(result.token + "x") is None
    sign_out(result.token)
    assert session_for(result.token) is None


def test_the_database_keeps_only_a_hash_of_the_session_token(db):
    from sqlalchemy import select

    from careerpath.accounts.models import WebSession
    from careerpath.db.engine import session_scope

    create_account("alice", PASSWORD)
    token = sign_in("alice", PASSWORD, "10.0.0.1").token
    with session_scope(db) as session:
        ids = session.execute(select(WebSession.id)).scalars().all()
    assert token not in ids and len(ids) == 1 and len(ids[0]) == 64


def test_expired_sessions_and_disabled_accounts_are_signed_out(db, monkeypatch):
    create_account("alice", PASSWORD)
    create_account("root", PASSWORD, admin=True)
    token = sign_in("alice", PASSWORD, "10.0.0.1").token
    set_active("alice", False)
    assert session_for(token) is None
    assert sign_in("alice", PASSWORD, "10.0.0.1").refused == "wrong"
    set_active("alice", True)
    token = sign_in("alice", PASSWORD, "10.0.0.1").token
    later = service.utc_now() + service.SESSION_LIFETIME + timedelta(minutes=1)
    monkeypatch.setattr(service, "utc_now", lambda: later)
    assert session_for(token) is None


def test_the_last_admin_cannot_be_disabled(db):
    create_account("root", PASSWORD, admin=True)
    with pytest.raises(AccountError, match="last active admin"):
        set_active("root", False)


def test_failed_sign_ins_lock_the_account_even_for_the_right_password(db, monkeypatch):
    create_account("alice", PASSWORD)
    for attempt in range(service.MAX_FAILURES_PER_ACCOUNT):
        assert sign_in("alice", f"guess {attempt}", f"10.0.0.{attempt}").refused == "wrong"
    locked = sign_in("alice", PASSWORD, "10.9.9.9")
    assert locked.refused == "limited" and 0 < locked.retry_after_seconds <= 15 * 60 + 1
    # Once the window has passed, the right password works again.
    later = service.utc_now() + service.WINDOW + timedelta(seconds=5)
    monkeypatch.setattr(service, "utc_now", lambda: later)
    assert sign_in("alice", PASSWORD, "10.9.9.9").token


def test_failed_sign_ins_from_one_address_lock_that_address(db, monkeypatch):
    monkeypatch.setattr(service, "MAX_FAILURES_PER_ADDRESS", 4)
    create_account("alice", PASSWORD)
    for attempt in range(4):
        assert sign_in(f"user{attempt}", "nope nope nope", "203.0.113.7").refused == "wrong"
    assert sign_in("alice", PASSWORD, "203.0.113.7").refused == "limited"
    assert sign_in("alice", PASSWORD, "198.51.100.1").token  # another address is not affected


def test_cli_adds_lists_and_disables_counselors(db):
    def cli(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "workspace", *args],
            input=stdin,
            text=True,
            capture_output=True,
            cwd=PROJECT_ROOT,
            timeout=120,
        )

    added = cli("counselors", "add", "Meera", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert cli("counselors", "add", "weak", "--password-stdin", stdin="abc\n").returncode == 2
    demo = cli("demo-admin")
    assert "user: admin" in demo.stdout
    password = demo.stdout.split("password: ")[1].split()[0]
    assert "exists" in cli("demo-admin").stdout  # printed once only
    assert cli("counselors", "disable", "meera").returncode == 0
    listing = cli("counselors", "list").stdout
    assert "meera" in listing and "disabled" in listing and "admin" in listing
    reset_engines()
    assert sign_in("admin", password, "127.0.0.1").token
    assert {account.username for account in list_accounts()} == {"admin", "meera"}
