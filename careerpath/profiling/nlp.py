"""The shared spaCy pipeline (blank English + lookup lemmatizer), loaded without TensorFlow.

Why the import is guarded
-------------------------
thinc 8.1 (spaCy's machine-learning layer) runs ``import tensorflow`` in ``thinc/compat.py``
whenever TensorFlow is installed, only to offer optional TensorFlow wrappers. Rasa installs
TensorFlow, so a plain ``import spacy`` costs about 3 seconds and 400 MB, although the
extractor uses nothing but spaCy's tokenizer, lookup lemmatizer and PhraseMatcher.

``import_spacy`` therefore imports spaCy with ``sys.modules["tensorflow"] = None`` for the
duration of that first import. Python documents this entry as "importing this name raises
ModuleNotFoundError", and thinc catches ImportError and records ``has_tensorflow = False``.
The entry is removed again right after, so a later ``import tensorflow`` works normally.
When TensorFlow is already loaded (the Rasa server imports it itself, maybe before us),
nothing is hidden and thinc sees it as usual. Only thinc's optional TensorFlow wrappers
notice the difference, and nothing in CareerPath uses them.

For the same reason spaCy's command-line package is deferred: ``spacy/__init__`` runs
``from .cli.info import info`` only to offer ``spacy.info()``, and ``spacy.cli`` imports
every CLI command with typer, jinja2, requests and pkg_resources (about 0.4 s). During the
first import a stand-in ``spacy.cli.info`` provides an ``info`` that imports the real one
when called; the stand-ins leave ``sys.modules`` right after, so ``import spacy.cli`` (or
``python -m spacy``) later in the process loads the real package.

Two more imports of that first import are left out or put off: ``h5py`` (thinc imports it
only for its TensorFlow wrappers) is hidden like TensorFlow, and ``langcodes`` (spaCy matches
language tags with it, and builds its tables on import: 0.1 s) is a stand-in that imports
the real module the first time spaCy uses it.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import ClassVar

TENSORFLOW = "tensorflow"
H5PY = "h5py"
LANGCODES = "langcodes"
SPACY_CLI = "spacy.cli"
SPACY_CLI_INFO = "spacy.cli.info"

_NLP = None
_LEMMAS: dict[str, str] | None = None  # spacy-lookups-data's English lemma table
_ENGLISH_WORDS: frozenset[str] | None = None
LEMMA_PIPE = "careerpath_lookup_lemmas"
_NLP_LOCK = threading.Lock()
_IMPORT_LOCK = threading.Lock()


def import_spacy():
    """``import spacy`` without letting thinc load TensorFlow (see the module docstring)."""
    with _IMPORT_LOCK:
        if "spacy" in sys.modules or TENSORFLOW in sys.modules:
            import spacy

            return spacy
        stand_ins = _cli_stand_ins()
        hidden = {
            TENSORFLOW: None,
            H5PY: None,  # thinc's TensorFlow wrappers' file format, imported only for them
            LANGCODES: _ImportedOnUse(LANGCODES),
            **stand_ins,
        }
        for name, module in hidden.items():
            sys.modules.setdefault(name, module)
        try:
            import spacy
        finally:
            for name, module in hidden.items():
                if name in sys.modules and sys.modules[name] is module:
                    del sys.modules[name]
            spacy_module = sys.modules.get("spacy")
            if getattr(spacy_module, "cli", None) is stand_ins[SPACY_CLI]:
                delattr(spacy_module, "cli")
        return spacy


class _ImportedOnUse(types.ModuleType):
    """A stand-in whose first attribute use imports the real module (then used directly)."""

    def __getattr__(self, attribute: str):
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


def _cli_stand_ins():
    """``spacy.cli`` and ``spacy.cli.info`` stand-ins whose ``info`` imports the real one."""
    package = types.ModuleType(SPACY_CLI)
    package.__path__ = []  # a package, so "from .cli.info import info" finds the submodule
    info_module = types.ModuleType(SPACY_CLI_INFO)

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info_module.info = info  # type: ignore[attr-defined]
    package.info = info_module  # type: ignore[attr-defined]
    return {SPACY_CLI: package, SPACY_CLI_INFO: info_module}


def get_nlp():
    """spaCy blank English + lookup lemmas, built on first use and shared by the process."""
    global _NLP, _LEMMAS, _ENGLISH_WORDS
    with _NLP_LOCK:
        if _NLP is None:
            import_spacy()
            import spacy_lookups_data
            import srsly
            from spacy.language import Language

            _LEMMAS = srsly.read_gzip_json(f"{spacy_lookups_data.en['lemma_lookup']}.gz")
            _ENGLISH_WORDS = frozenset(value.lower() for value in _LEMMAS.values())
            if not Language.has_factory(LEMMA_PIPE):
                Language.component(LEMMA_PIPE, func=_set_lemmas)
            nlp = _english_without_exceptions()
            nlp.add_pipe(LEMMA_PIPE, name="lemmatizer")
            _NLP = nlp
    return _NLP


def _set_lemmas(doc):
    """What spaCy's lookup lemmatizer does for English (each token's text looked up in
    spacy-lookups-data's ``en_lemma_lookup``, else the text itself), without building its
    lookup tables: they took 0.12 s of every process start, the plain dict 0.02 s."""
    lemmas = _LEMMAS or {}
    for token in doc:
        token.lemma_ = lemmas.get(token.text, token.text)
    return doc


def _english_without_exceptions():
    """Blank English without spaCy's 1,347 tokenizer exceptions (contractions, "a.m.",
    emoticons). Building them took 0.15 s of every process start, and they change nothing
    here: ``unify_spelling`` expands contractions and drops emoticons before spaCy sees a
    text, and phrases are matched on the same tokens in messages and in the vocabulary."""
    from spacy.lang.en import English

    class EnglishWithoutExceptions(English):
        class Defaults(English.Defaults):
            tokenizer_exceptions: ClassVar[dict] = {}

    return EnglishWithoutExceptions()


def is_english_word(word: str) -> bool:
    """Known to the lemma tables: a real English word, so not a typo to correct."""
    get_nlp()
    return word in (_ENGLISH_WORDS or ()) or word in (_LEMMAS or {})


def stop_words() -> frozenset[str]:
    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
