"""One unit of work on the project database for the workspace tables.

Brings the schema to head once per process when the workspace tables are missing (a
database made before they existed), like ``careerpath.userdata`` does for its tables, and
turns "the database is not there" errors into ``StorageUnavailable``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from careerpath.db.engine import database_url, get_engine, session_scope
from careerpath.userdata import StorageUnavailable
from careerpath.userdata.repository import _UNAVAILABLE_ERRORS

WORKSPACE_TABLE = "handoff_request"  # created last by the workspace migration


def upgrade_to_head(url: str) -> None:
    from careerpath.db.migrate import upgrade_schema

    upgrade_schema(url)


@cache
def _schema_ready(url: str) -> bool:
    if not inspect(get_engine(url)).has_table(WORKSPACE_TABLE):
        upgrade_to_head(url)
    return True


@contextmanager
def unit(operation: str, url: str | None = None) -> Iterator[Session]:
    """A session that commits on success; database outages raise ``StorageUnavailable``."""
    url = url or database_url()
    try:
        _schema_ready(url)
        with session_scope(url) as session:
            yield session
    except _UNAVAILABLE_ERRORS as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StorageUnavailable(operation, detail) from error
