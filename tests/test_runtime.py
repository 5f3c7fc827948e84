"""careerpath.runtime.Runtime: one per knowledge base and process, holding what is built from it."""

from __future__ import annotations

import shutil

import pytest

from careerpath.conversation.faq import faq_index
from careerpath.kb.load import build_database
from careerpath.kb.reader import fingerprint_sources
from careerpath.kb.repository import load_catalog
from careerpath.profiling import get_extractor
from careerpath.runtime import Runtime
from tests.kb_support import FIXTURE, sqlite_url


@pytest.fixture
def fixture_url(tmp_path) -> str:
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, FIXTURE)
    return url


def test_runtime_is_one_per_knowledge_base_until_the_sources_change(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURE, sources)
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, sources)
    first = Runtime.load(url)
    assert Runtime.load(url) is first and first.catalog is load_catalog(url)
    assert Runtime.of(load_catalog(url)) is first
    extractor, index = get_extractor(first.catalog), faq_index(first.catalog)

    faq = sources / "faq.yml"
    faq.write_text(faq.read_text().replace("explain bpo", "explain bpo to me"))
    build_database(url, sources)

    second = Runtime.load(url)
    assert second is not first
    assert second.catalog.fingerprint == fingerprint_sources(sources)
    # what was built from the old sources is not used for the new ones
    assert get_extractor(second.catalog) is not extractor
    assert faq_index(second.catalog) is not index


def test_built_things_are_made_once_and_only_when_asked(fixture_url):
    runtime = Runtime.load(fixture_url)
    built = []

    def build(catalog):
        built.append(catalog.fingerprint)
        return object()

    assert built == []
    first = runtime.built("thing", build)
    assert runtime.built("thing", build) is first
    assert built == [fingerprint_sources(FIXTURE)]


def test_the_extractor_and_the_faq_index_are_the_runtime_s(fixture_url):
    catalog = load_catalog(fixture_url)
    assert get_extractor(catalog) is get_extractor(catalog)
    assert faq_index(catalog) is faq_index(catalog)
    match = faq_index(catalog).search("what is bpo", limit=1)[0]
    assert match.faq.id == "what_is_bpo"


def test_each_language_view_has_its_own_faq_index(fixture_url):
    catalog = load_catalog(fixture_url)
    for language in catalog.languages:
        view = catalog.localized(language)
        assert Runtime.of(view).catalog.language == language
    assert len({id(faq_index(catalog.localized(lang))) for lang in catalog.languages}) == len(
        catalog.languages
    )
