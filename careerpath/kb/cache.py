"""The one place a process keeps knowledge-base catalogs: one per database URL.

``repository.load_catalog()`` fills it on first use and ``load.build_database()`` empties
a URL's entry after loading new sources, so no reader keeps an outdated catalog. Nothing
else in the knowledge-base package holds state between calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .catalog import Catalog

_catalogs: dict[str, Catalog] = {}
# Re-entrant: building a missing catalog loads the sources, which forgets the old entry.
_lock = threading.RLock()


def cached(url: str, build: Callable[[], Catalog]) -> Catalog:
    """The cached catalog of ``url``, made by ``build()`` when there is none yet."""
    with _lock:
        catalog = _catalogs.get(url)
        if catalog is None:
            catalog = _catalogs[url] = build()
        return catalog


def forget(url: str | None = None) -> None:
    """Drop the catalog of ``url``, or every catalog when ``url`` is None."""
    with _lock:
        if url is None:
            _catalogs.clear()
        else:
            _catalogs.pop(url, None)
