"""A throw-away project database holding the real knowledge base, for library tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careerpath.db import engine as db
from careerpath.kb import repository
from careerpath.kb.catalog import Catalog


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
