"""careerpath.runtime.Runtime: one per database and process, building what it holds lazily."""

from __future__ import annotations

import shutil

import pytest

from careerpath.kb.load import build_database
from careerpath.kb.reader import fingerprint_sources
from careerpath.kb.repository import load_catalog
from careerpath.runtime import Runtime
from tests.kb_support import FIXTURE, sqlite_url


@pytest.fixture
def fixture_url(tmp_path) -> str:
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, FIXTURE)
    return url


def test_runtime_is_one_per_database_until_the_sources_change(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURE, sources)
    url = sqlite_url(tmp_path / "kb.db")
    build_database(url, sources)
    first = Runtime.load(url)
    assert Runtime.load(url) is first and first.catalog is load_catalog(url)

    faq = sources / "faq.yml"
    faq.write_text(faq.read_text().replace("explain bpo", "explain bpo to me"))
    build_database(url, sources)

    assert Runtime.load(url) is not first
    assert Runtime.load(url).catalog.fingerprint == fingerprint_sources(sources)


def test_runtime_builds_the_extractor_and_faq_index_once_and_only_when_asked(fixture_url):
    built = []

    def factory(name):
        return lambda catalog: built.append(name) or (name, catalog.fingerprint)

    runtime = Runtime(
        load_catalog(fixture_url),
        extractor_factory=factory("extractor"),
        faq_index_factory=factory("faq_index"),
    )
    assert built == []
    assert runtime.faq_index == ("faq_index", fingerprint_sources(FIXTURE))
    assert runtime.faq_index is runtime.faq_index and built == ["faq_index"]
    runtime.warm_up()
    assert built == ["faq_index", "extractor"]


def test_runtime_default_faq_index_answers_from_the_catalog(fixture_url):
    match = Runtime(load_catalog(fixture_url)).faq_index.search("what is bpo", limit=1)[0]
    assert match.faq.id == "what_is_bpo"
