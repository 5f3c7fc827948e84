"""What one process holds for the knowledge base: the catalog, and what is built from it.

    runtime = Runtime.load()        # the process's runtime for DATABASE_URL (or a given URL)
    runtime.catalog                 # careerpath.kb.catalog.Catalog, read from the database
    runtime.extractor               # careerpath.profiling.ProfileExtractor, built on first use
    runtime.faq_index               # careerpath.conversation.faq.FaqIndex, built on first use

``Runtime.load(url)`` returns the same object for a URL as long as the knowledge base there
is unchanged; after ``build_database()`` loads new sources it returns a new one. The
catalog itself is cached by ``careerpath.kb.repository.load_catalog`` (``kb/cache.py``),
whose name keeps working for code that needs only the catalog. A test or a tool that
wants no process state builds ``Runtime(catalog, ...)`` itself and may pass factories.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from careerpath.db.engine import database_url
from careerpath.kb.catalog import Catalog
from careerpath.kb.repository import load_catalog

if TYPE_CHECKING:  # for the annotations only; see build_extractor for why not at run time
    from careerpath.conversation.faq import FaqIndex
    from careerpath.profiling import ProfileExtractor

Factory = Callable[[Catalog], Any]


def build_extractor(catalog: Catalog) -> ProfileExtractor:
    """A profile extractor over ``catalog``'s vocabulary (loads spaCy: seconds)."""
    # Imported here: profiling imports the knowledge base, and a process that never reads
    # a message (a CLI, the report builder) should not pay for spaCy.
    from careerpath.profiling import ProfileExtractor

    return ProfileExtractor(catalog)


def build_faq_index(catalog: Catalog) -> FaqIndex:
    """The TF-IDF index over ``catalog``'s FAQ questions (imports scikit-learn)."""
    # Imported here for the same reason as the extractor: only chats need it.
    from careerpath.conversation.faq import FaqIndex

    return FaqIndex(list(catalog.faqs.values()))


class Runtime:
    """The catalog plus the extractor and the FAQ index made from it, each made once."""

    _by_url: ClassVar[dict[str, Runtime]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        catalog: Catalog,
        extractor_factory: Factory = build_extractor,
        faq_index_factory: Factory = build_faq_index,
    ) -> None:
        self.catalog = catalog
        self._factories = {"extractor": extractor_factory, "faq_index": faq_index_factory}
        self._built: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, url: str | None = None) -> Runtime:
        """The process's runtime for the knowledge base at ``url`` (default ``DATABASE_URL``)."""
        url = url or database_url()
        catalog = load_catalog(url)
        with cls._registry_lock:
            runtime = cls._by_url.get(url)
            if runtime is None or runtime.catalog is not catalog:
                runtime = cls._by_url[url] = cls(catalog)
            return runtime

    @classmethod
    def forget(cls, url: str | None = None) -> None:
        """Drop the runtime of ``url``, or all of them (tests switching databases)."""
        with cls._registry_lock:
            if url is None:
                cls._by_url.clear()
            else:
                cls._by_url.pop(url, None)

    def _get(self, name: str) -> Any:
        with self._lock:
            if name not in self._built:
                self._built[name] = self._factories[name](self.catalog)
            return self._built[name]

    @property
    def extractor(self) -> ProfileExtractor:
        return self._get("extractor")

    @property
    def faq_index(self) -> FaqIndex:
        return self._get("faq_index")

    def warm_up(self) -> None:
        """Build the extractor and the FAQ index now, so no user waits for them mid-chat."""
        for name in self._factories:
            self._get(name)
