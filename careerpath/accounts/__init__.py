"""Counselor and admin accounts of the workspace: scrypt passwords, rate-limited sign-in,
sessions kept in the project database (Rasa-free; ``workspace`` and its CLI call it).

    create_account(username, password, admin=False) -> AccountInfo
    list_accounts() / count_accounts() / set_active(username, active) / set_password(...)
    sign_in(username, password, address) -> SignIn
        (.token, .csrf_token | .refused, .retry_after_seconds)
    session_for(token) -> SessionInfo | None ; sign_out(token)
"""

from .passwords import hash_password, needs_rehash, random_password, verify_password
from .service import (
    AccountError,
    AccountInfo,
    SessionInfo,
    SignIn,
    count_accounts,
    create_account,
    list_accounts,
    normalise_username,
    session_for,
    set_active,
    set_password,
    sign_in,
    sign_out,
)

__all__ = [
    "AccountError",
    "AccountInfo",
    "SessionInfo",
    "SignIn",
    "count_accounts",
    "create_account",
    "hash_password",
    "list_accounts",
    "needs_rehash",
    "normalise_username",
    "random_password",
    "session_for",
    "set_active",
    "set_password",
    "sign_in",
    "sign_out",
    "verify_password",
]
