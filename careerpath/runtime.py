"""What one process holds for a knowledge base: the catalog, and what is built from it.

    runtime = Runtime.load()         # the runtime of DATABASE_URL's knowledge base (or a URL's)
    runtime = Runtime.of(catalog)    # the runtime holding this catalog
    runtime.catalog                  # careerpath.kb.catalog.Catalog, read from the database
    runtime.built("name", build)     # build(catalog), made once per runtime

The profile extractor (``careerpath.profiling.get_extractor``) and the FAQ index
(``careerpath.conversation.faq.faq_index``) are built through their runtime: each once per
knowledge base and process, dropped with it when new sources are loaded (the catalog then
changes, and so does its runtime). They are asked for by their own modules, which know how
to build them; this module imports neither, so reading a catalog never loads spaCy or
scikit-learn. The catalog itself is cached per URL by
``careerpath.kb.repository.load_catalog`` (``kb/cache.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import ClassVar, TypeVar

from careerpath.db.engine import database_url
from careerpath.kb.catalog import Catalog
from careerpath.kb.repository import load_catalog

T = TypeVar("T")
# A server holds one knowledge base (two language views); tests build a few catalogs.
MAX_RUNTIMES = 8


class Runtime:
    """A catalog and what is built from it, each built once, when first asked for."""

    _registry: ClassVar[dict[Hashable, Runtime]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._built: dict[str, object] = {}
        self._lock = threading.RLock()  # a builder may ask for another built thing

    @classmethod
    def of(cls, catalog: Catalog) -> Runtime:
        """The runtime of ``catalog``. Catalogs read from the same sources in the same language
        share one (their contents are equal); a catalog without a fingerprint (built by hand,
        in tests) has its own."""
        key = _key(catalog)
        with cls._registry_lock:
            runtime = cls._registry.get(key)
            if runtime is None or (not catalog.fingerprint and runtime.catalog is not catalog):
                if len(cls._registry) >= MAX_RUNTIMES:
                    cls._registry.pop(next(iter(cls._registry)))  # the oldest
                runtime = cls._registry[key] = cls(catalog)
            return runtime

    @classmethod
    def load(cls, url: str | None = None) -> Runtime:
        """The runtime of the knowledge base at ``url`` (default ``DATABASE_URL``)."""
        return cls.of(load_catalog(url or database_url()))

    @classmethod
    def forget(cls) -> None:
        """Drop every runtime (tests switching databases)."""
        with cls._registry_lock:
            cls._registry.clear()

    def built(self, name: str, build: Callable[[Catalog], T]) -> T:
        """``build(self.catalog)``, made on the first call for ``name`` and kept."""
        with self._lock:
            if name not in self._built:
                self._built[name] = build(self.catalog)
            return self._built[name]  # type: ignore[return-value]


def _key(catalog: Catalog) -> Hashable:
    if catalog.fingerprint:
        return (catalog.fingerprint, catalog.language)
    return ("unsaved", id(catalog))
