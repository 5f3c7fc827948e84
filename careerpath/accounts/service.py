"""Accounts, sign-in (with rate limits) and browser sessions of the counselor workspace.

Rate limits, counted over the last ``WINDOW`` from the attempts table (shared by every
workspace process): ``MAX_FAILURES_PER_ACCOUNT`` failed sign-ins lock that username, and
``MAX_FAILURES_PER_ADDRESS`` failed sign-ins lock that client address, until the window
has moved past them. While locked, even the right password is refused, so guessing gains
nothing; the message says when to try again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import delete, func, select

from careerpath.userdata.models import utc_now

from . import passwords
from .models import Account, SignInAttempt, WebSession
from .store import unit

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
SESSION_LIFETIME = timedelta(hours=12)
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ValueError):
    """A refused account operation; the message is safe to show."""


@dataclass(frozen=True)
class AccountInfo:
    id: int
    username: str
    display_name: str
    is_admin: bool
    active: bool
    created_at: datetime
    last_sign_in_at: datetime | None

    @classmethod
    def of(cls, row: Account) -> AccountInfo:
        return cls(
            row.id,
            row.username,
            row.display_name,
            bool(row.is_admin),
            bool(row.active),
            row.created_at,
            row.last_sign_in_at,
        )


@dataclass(frozen=True)
class SignIn:
    """The outcome of :func:`sign_in`: a session token, or why not."""

    account: AccountInfo | None = None
    token: str | None = None
    csrf_token: str | None = None
    refused: str | None = None  # "wrong" | "limited"
    retry_after_seconds: int = 0


@dataclass(frozen=True)
class SessionInfo:
    account: AccountInfo
    csrf_token: str


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---- accounts ------------------------------------------------------------------------------
def create_account(
    username: str,
    password: str,
    *,
    admin: bool = False,
    display_name: str | None = None,
    url: str | None = None,
) -> AccountInfo:
    username = normalise_username(username)
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            "a username has 2-64 characters: lowercase letters, digits, '.', '_' or '-'"
        )
    try:
        password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as weak:
        raise AccountError(f"password too weak: {weak}") from weak
    with unit("create_account", url) as session:
        if session.execute(select(Account.id).where(Account.username == username)).first():
            raise AccountError(f"the username {username!r} is taken")
        row = Account(
            username=username,
            display_name=(display_name or username).strip()[:120],
            is_admin=admin,
            password_hash=password_hash,
            active=True,
            created_at=utc_now(),
        )
        session.add(row)
        session.flush()
        return AccountInfo.of(row)


def list_accounts(url: str | None = None) -> list[AccountInfo]:
    with unit("list_accounts", url) as session:
        rows = session.execute(select(Account).order_by(Account.username)).scalars().all()
        return [AccountInfo.of(row) for row in rows]


def count_accounts(admins_only: bool = False, url: str | None = None) -> int:
    with unit("count_accounts", url) as session:
        query = select(func.count()).select_from(Account)
        if admins_only:
            query = query.where(Account.is_admin.is_(True))
        return session.execute(query).scalar_one()


def set_active(username: str, active: bool, url: str | None = None) -> AccountInfo:
    """Disable (or enable again) an account; disabling also ends its sessions."""
    username = normalise_username(username)
    with unit("set_active", url) as session:
        row = session.execute(
            select(Account).where(Account.username == username)
        ).scalar_one_or_none()
        if row is None:
            raise AccountError(f"no account {username!r}")
        if not active and row.is_admin and row.active and _active_admins(session) == 1:
            raise AccountError("this is the last active admin; add another admin first")
        row.active = active
        if not active:
            session.execute(delete(WebSession).where(WebSession.account_id == row.id))
        return AccountInfo.of(row)


def set_password(username: str, password: str, url: str | None = None) -> None:
    try:
        password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as weak:
        raise AccountError(f"password too weak: {weak}") from weak
    with unit("set_password", url) as session:
        row = session.execute(
            select(Account).where(Account.username == normalise_username(username))
        ).scalar_one_or_none()
        if row is None:
            raise AccountError(f"no account {username!r}")
        row.password_hash = password_hash
        session.execute(delete(WebSession).where(WebSession.account_id == row.id))


def _active_admins(session) -> int:
    return session.execute(
        select(func.count())
        .select_from(Account)
        .where(Account.is_admin.is_(True), Account.active.is_(True))
    ).scalar_one()


# ---- signing in ------------------------------------------------------------------------------
def _failures(session, column, value: str, since: datetime) -> list[datetime]:
    return list(
        session.execute(
            select(SignInAttempt.attempted_at)
            .where(
                column == value,
                SignInAttempt.succeeded.is_(False),
                SignInAttempt.attempted_at >= since,
            )
            .order_by(SignInAttempt.attempted_at)
        ).scalars()
    )


def _retry_after(failures: list[datetime], limit: int, now: datetime) -> int:
    """Seconds until fewer than ``limit`` failures remain in the window (0: not limited)."""
    if len(failures) < limit:
        return 0
    unlock = failures[len(failures) - limit] + WINDOW
    return max(1, int((unlock - now).total_seconds()) + 1)


def sign_in(username: str, password: str, address: str, url: str | None = None) -> SignIn:
    username = normalise_username(username)[:64]
    address = (address or "unknown")[:64]
    now = utc_now()
    with unit("sign_in.check", url) as session:
        since = now - WINDOW
        wait = max(
            _retry_after(
                _failures(session, SignInAttempt.username, username, since),
                MAX_FAILURES_PER_ACCOUNT,
                now,
            ),
            _retry_after(
                _failures(session, SignInAttempt.address, address, since),
                MAX_FAILURES_PER_ADDRESS,
                now,
            ),
        )
        if wait:
            return SignIn(refused="limited", retry_after_seconds=wait)
        row = session.execute(
            select(Account).where(Account.username == username)
        ).scalar_one_or_none()
        stored_hash = row.password_hash if row is not None else None
    # Hash outside the transaction (tens of milliseconds); an unknown name costs the same time.
    matches = passwords.verify_password(password or "", stored_hash or _dummy_hash())
    succeeded = bool(matches and row is not None and row.active)
    with unit("sign_in.record", url) as session:
        session.add(
            SignInAttempt(username=username, address=address, succeeded=succeeded, attempted_at=now)
        )
        if not succeeded:
            return SignIn(refused="wrong")
        account = session.get(Account, row.id)
        account.last_sign_in_at = now
        if passwords.needs_rehash(account.password_hash):
            account.password_hash = passwords.hash_password(password)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        session.add(
            WebSession(
                id=_hash_token(token),
                account_id=account.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
        # Old rows are pruned here, on a path that runs a few times a day, not per request.
        session.execute(delete(WebSession).where(WebSession.expires_at < now))
        session.execute(delete(SignInAttempt).where(SignInAttempt.attempted_at < now - 2 * WINDOW))
        return SignIn(account=AccountInfo.of(account), token=token, csrf_token=csrf)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return passwords.hash_password("not-a-real-password-only-for-timing")


def session_for(token: str | None, url: str | None = None) -> SessionInfo | None:
    """The signed-in account of a session cookie, or None (unknown, expired or disabled)."""
    if not token or len(token) > 128:
        return None
    with unit("session_for", url) as session:
        row = session.get(WebSession, _hash_token(token))
        if row is None or row.expires_at < utc_now():
            return None
        account = session.get(Account, row.account_id)
        if account is None or not account.active:
            return None
        return SessionInfo(AccountInfo.of(account), row.csrf_token)


def sign_out(token: str | None, url: str | None = None) -> None:
    if not token:
        return
    with unit("sign_out", url) as session:
        session.execute(delete(WebSession).where(WebSession.id == _hash_token(token)))
