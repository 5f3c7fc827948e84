"""The knowledge base builds on PostgreSQL exactly as on SQLite.

PostgreSQL enforces what SQLite lets slide (VARCHAR lengths, FK order inside one
transaction, boolean types), so the same sources are loaded into a fresh, randomly
named database on the local server and compared row count by row count.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from careerpath.db.engine import get_engine
from careerpath.kb.load import build_database
from careerpath.kb.repository import load_catalog
from careerpath.kb.schema import SOURCES_DIR
from careerpath.tables import load_all_models
from harness.services import temporary_postgres_database
from tests.kb_support import FIXTURE, table_counts

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("sources", [FIXTURE, SOURCES_DIR], ids=["fixture", "real"])
def test_postgres_load_matches_sqlite(tmp_path, sources):
    sqlite_url = f"sqlite:///{tmp_path / 'kb.db'}"
    build_database(sqlite_url, sources)

    with temporary_postgres_database() as postgres_url:
        first = build_database(postgres_url, sources)
        second = build_database(postgres_url, sources)

        assert first.loaded and not second.loaded
        assert table_counts(postgres_url) == table_counts(sqlite_url)
        assert load_catalog(postgres_url) == load_catalog(sqlite_url)
        with get_engine(postgres_url).connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, load_all_models()) == []


def test_concurrent_builds_of_a_fresh_database_load_once():
    # Each build upgrades the schema and loads; the locks make the later ones wait and then
    # find the schema at head and the sources loaded.
    with temporary_postgres_database() as postgres_url:
        with ThreadPoolExecutor(max_workers=3) as pool:
            reports = list(pool.map(lambda _: build_database(postgres_url, FIXTURE), range(3)))
        assert sorted(report.loaded for report in reports) == [False, False, True]
