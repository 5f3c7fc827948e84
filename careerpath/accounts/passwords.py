"""Password hashing with scrypt (memory-hard, in the standard library).

Stored form: ``scrypt$<log2 n>$<r>$<p>$<salt, base64>$<key, base64>``. The parameters
travel with each hash, so raising them later only affects new hashes, and
:func:`needs_rehash` tells the sign-in code when to upgrade an old one.

Parameters (n=2**15, r=8, p=1, 32-byte key, 16-byte random salt) follow the current
OWASP guidance for scrypt: about 32 MiB of memory and 50-100 ms per hash on one core.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

LOG2_N = 15
BLOCK_SIZE = 8  # r
PARALLELISM = 1  # p
KEY_BYTES = 32
SALT_BYTES = 16
SCHEME = "scrypt"
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 256  # scrypt reads it all; a megabyte "password" is a denial of service


class WeakPassword(ValueError):
    """The password breaks the length rules (the message says which)."""


def _derive(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    n = 2**log2_n
    # hashlib refuses to use more than 32 MiB by default; scrypt needs 128 * n * r bytes.
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p, dklen=KEY_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"use at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise WeakPassword(f"use at most {MAX_PASSWORD_CHARS} characters")


def hash_password(password: str) -> str:
    check_strength(password)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, LOG2_N, BLOCK_SIZE, PARALLELISM)
    return "$".join((SCHEME, str(LOG2_N), str(BLOCK_SIZE), str(PARALLELISM), _b64(salt), _b64(key)))


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; compares in constant time."""
    try:
        scheme, log2_n, r, p, salt, key = stored.split("$")
        if scheme != SCHEME or len(password) > MAX_PASSWORD_CHARS:
            return False
        expected = base64.b64decode(key)
        actual = _derive(password, base64.b64decode(salt), int(log2_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith(f"{SCHEME}${LOG2_N}${BLOCK_SIZE}${PARALLELISM}$")


def random_password() -> str:
    """A password for a demo or reset account: 16 URL-safe characters (96 bits)."""
    return secrets.token_urlsafe(12)
