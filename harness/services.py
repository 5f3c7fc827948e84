"""Local PostgreSQL and Redis for tests: start them when they are installed but down.

    from harness.services import ensure_postgres, ensure_redis, temporary_postgres_database

Each ``ensure_*`` returns a URL, or calls ``pytest.skip`` with the reason when the
server is not installed at all. A server that is installed but will not start fails
the test instead: that is a broken machine, not a missing optional service.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
START_TIMEOUT_SECONDS = 20


def _listening(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def _wait_for(ready: Callable[[], bool], timeout: float = START_TIMEOUT_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.25)
    return ready()


def _run_start_command(command: list[str], what: str) -> str:
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as problem:
        return f"{what} start command failed: {problem}"
    return (finished.stdout + finished.stderr).strip()


# --- PostgreSQL -----------------------------------------------------------------------


def postgres_url(database: str = "postgres") -> str:
    return f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


def _postgres_accepts_connections() -> bool:
    import psycopg2

    try:
        psycopg2.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=2
        ).close()
        return True
    except psycopg2.OperationalError:  # down, or "the database system is starting up"
        return False


def ensure_postgres() -> str:
    """URL of the local PostgreSQL server's ``postgres`` database, starting it if needed."""
    if _listening(PG_HOST, PG_PORT) and _wait_for(_postgres_accepts_connections, timeout=5):
        return postgres_url()
    versions = (
        sorted(p.name for p in Path("/etc/postgresql").glob("*"))
        if Path("/etc/postgresql").is_dir()
        else []
    )
    if not shutil.which("pg_ctlcluster") or not versions:
        pytest.skip(
            "PostgreSQL is not installed (no pg_ctlcluster cluster) and nothing listens on "
            f"{PG_HOST}:{PG_PORT}"
        )
    output = _run_start_command(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], "PostgreSQL"
    )
    if not _wait_for(_postgres_accepts_connections):
        pytest.fail(
            f"PostgreSQL {versions[-1]} is installed but did not start within "
            f"{START_TIMEOUT_SECONDS}s: {output or 'no output'}"
        )
    return postgres_url()


@contextlib.contextmanager
def temporary_postgres_database() -> Iterator[str]:
    """A fresh, randomly named database on the local server; dropped afterwards."""
    import psycopg2

    ensure_postgres()
    name = f"careerpath_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    admin.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield postgres_url(name)
    finally:
        from careerpath.db.engine import get_engine

        # Close this process's pooled connections to the database before dropping it.
        get_engine(postgres_url(name)).dispose()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --- Redis ----------------------------------------------------------------------------


def redis_url(db: int = 0) -> str:
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"


def _redis_answers_ping() -> bool:
    import redis

    try:
        return bool(redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def ensure_redis() -> str:
    """URL of the local Redis server, starting it if needed."""
    if _listening(REDIS_HOST, REDIS_PORT) and _wait_for(_redis_answers_ping, timeout=5):
        return redis_url()
    if not shutil.which("redis-server"):
        pytest.skip(
            "Redis is not installed (no redis-server) and nothing listens on "
            f"{REDIS_HOST}:{REDIS_PORT}"
        )
    output = _run_start_command(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "-::1",
            "--port",
            str(REDIS_PORT),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "/var/lib/redis",
            "--logfile",
            "/var/log/redis/ci.log",
        ],
        "Redis",
    )
    if not _wait_for(_redis_answers_ping):
        pytest.fail(
            f"Redis is installed but did not start within {START_TIMEOUT_SECONDS}s: "
            f"{output or 'no output'}"
        )
    return redis_url()
