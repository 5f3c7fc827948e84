"""Puts the knowledge base into the project database.

``load_sources()`` replaces the knowledge-base tables with a validated bundle;
``build_database()`` reads the sources, brings the schema to head and loads them unless
the database already holds these very files (same fingerprint).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from careerpath.db.engine import database_url, session_scope
from careerpath.db.migrate import take_write_lock, upgrade_schema

from . import cache, models
from .fingerprint import stored_fingerprint
from .reader import read_sources
from .rows import table_rows
from .schema import SOURCES_DIR, SourceBundle

# Key of the lock that serialises loaders of one database ("KB").
LOAD_LOCK = 0x4B42


@dataclass
class LoadReport:
    fingerprint: str
    loaded: bool  # False: the database already held these sources
    roles_per_track: dict[str, int]
    skills: int
    courses: int
    faqs: int
    seconds: float = 0.0

    @classmethod
    def of(cls, bundle: SourceBundle, loaded: bool, seconds: float = 0.0) -> LoadReport:
        return cls(
            fingerprint=bundle.fingerprint,
            loaded=loaded,
            roles_per_track=bundle.roles_per_track(),
            skills=len(bundle.skills),
            courses=len(bundle.courses),
            faqs=len(bundle.faqs),
            seconds=seconds,
        )

    def summary(self) -> str:
        roles = " + ".join(f"{count} {track}" for track, count in self.roles_per_track.items())
        counts = f"{roles} roles, {self.skills} skills, {self.courses} courses, {self.faqs} FAQs"
        if not self.loaded:
            return f"knowledge base up to date ({counts})"
        return f"knowledge base loaded: {counts}, took {self.seconds:.2f}s"


def _kb_tables_in_dependency_order():
    kb_names = {table.name for table in models.KB_TABLES}
    return [table for table in models.Base.metadata.sorted_tables if table.name in kb_names]


def load_sources(session: Session, bundle: SourceBundle) -> LoadReport:
    """Replace the knowledge-base tables' content with ``bundle``.

    Runs inside the caller's transaction (``session_scope`` commits), so readers see
    either the old or the new knowledge base, never a mix. Only KB tables are touched.
    """
    started = time.perf_counter()
    tables = _kb_tables_in_dependency_order()
    for table in reversed(tables):
        session.execute(delete(table))
    rows = table_rows(bundle)
    for table in tables:
        if rows[table.name]:
            session.execute(insert(table), rows[table.name])
    session.flush()
    return LoadReport.of(bundle, loaded=True, seconds=time.perf_counter() - started)


def build_database(url: str | None = None, directory: Path | None = None) -> LoadReport:
    """Bring the schema to head, then load the sources unless the DB already holds them."""
    started = time.perf_counter()
    url = url or database_url()
    bundle = read_sources(directory or SOURCES_DIR)  # a broken source never touches the database
    upgrade_schema(url)
    with session_scope(url) as session:
        if stored_fingerprint(session) == bundle.fingerprint:
            return LoadReport.of(bundle, loaded=False, seconds=time.perf_counter() - started)
    with session_scope(url) as session:
        take_write_lock(session, LOAD_LOCK)
        if stored_fingerprint(session) == bundle.fingerprint:  # another process just loaded it
            return LoadReport.of(bundle, loaded=False, seconds=time.perf_counter() - started)
        load_sources(session, bundle)
    cache.forget(url)
    return LoadReport.of(bundle, loaded=True, seconds=time.perf_counter() - started)
