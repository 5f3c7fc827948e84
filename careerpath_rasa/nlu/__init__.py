"""Custom Rasa NLU pipeline components (used from config.yml, not by the action server).

The action server imports every module under ``actions/``, so the modules here import
nothing heavy at import time: ``vocabulary`` is plain Python, and ``unknown_words``
builds its Rasa class only when Rasa asks for it.
"""

import functools
from typing import Any, Callable


def lazy_component(module_name: str, component_name: str, build: Callable[[], type]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that builds the Rasa component class on first use.

    Rasa's component loader asks the module for ``component_name``; everyone else (the
    action server importing the package) never triggers the Rasa imports inside ``build``.
    """
    built = functools.lru_cache(maxsize=None)(build)

    def __getattr__(name: str) -> Any:
        if name == component_name:
            return built()
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    return __getattr__
