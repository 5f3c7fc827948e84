"""Knowledge-base helpers for tests: the small fixture sources, table counts, and a
throw-away project database holding the real knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from careerpath.db import engine as db
from careerpath.kb import models, repository
from careerpath.kb.catalog import Catalog

FIXTURE = Path(__file__).parent / "fixtures" / "kb_minimal"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def table_counts(url: str) -> dict:
    """Rows per knowledge-base table."""
    with db.session_scope(url) as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in models.KB_TABLES
        }


def _forget_cached_connections() -> None:
    repository.clear_catalog_cache()
    db.reset_engines()


@contextmanager
def throwaway_knowledge_base(
    directory: Path, filename: str = "kb.db"
) -> Iterator[tuple[str, Catalog]]:
    """Points DATABASE_URL at a new SQLite file, builds the real KB there, yields (url, catalog)."""
    url = f"sqlite:///{directory / filename}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        _forget_cached_connections()
        try:
            yield url, repository.load_catalog()
        finally:
            _forget_cached_connections()
