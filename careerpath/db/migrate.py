"""Schema upgrades and the write lock of the project database.

Both concern the whole database (knowledge base and user data share one alembic history),
so they live here rather than with either package.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from careerpath.db.engine import get_engine

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"
UPGRADE_LOCK = 0x4D47  # the PostgreSQL advisory lock key schema upgrades take ("MG")


def upgrade_schema(url: str) -> None:
    """``alembic upgrade head`` on ``url``, in-process."""
    # alembic is imported here, not at the top, so reading the database costs no alembic import
    from alembic import command
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.attributes["configure_logging"] = False  # keep the host process's logging
    with get_engine(url).begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two processes upgrading a fresh database at once would both create the tables;
            # the second waits here and then finds the schema at head.
            connection.execute(select(func.pg_advisory_xact_lock(UPGRADE_LOCK)))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def take_write_lock(session: Session, key: int) -> None:
    """Hold the database's lock named ``key`` until ``session``'s transaction ends.

    Serialises writers across processes, so a second writer sees what the first committed.
    PostgreSQL has advisory locks for this; SQLite has one write lock per database, which
    the first write of a transaction takes (a no-op update of alembic's version table,
    present once :func:`upgrade_schema` has run). SQLite ignores ``key``.
    """
    if session.bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(key)))
    else:
        session.execute(text("UPDATE alembic_version SET version_num = version_num"))
