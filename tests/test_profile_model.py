"""The profile beyond single phrasings: fuzzy matching that never guesses between two
candidates, the Profile type (merging, replacing, describing, JSON round trips), and the
library and action server loading no TensorFlow; real knowledge base and real spaCy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from careerpath.db.engine import PROJECT_ROOT
from careerpath.kb.catalog import Catalog, DegreeInfo, LevelInfo, NamedVocabulary, SkillInfo
from careerpath.profiling import Profile, ProfileExtractor
from careerpath.profiling.extractor import get_extractor
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    """The real catalog, built from the YAML sources into a throw-away SQLite database."""
    with throwaway_knowledge_base(tmp_path_factory.mktemp("profiling")) as (_url, kb):
        yield kb


@pytest.fixture(scope="module")
def extractor(catalog):
    return get_extractor(catalog)


# ---- fuzzy matching never guesses between two candidates -------------------------------------
def _tiny_catalog(**synonyms) -> Catalog:
    skills = {
        skill: SkillInfo(skill, skill.title(), "computer", "", tuple(words), False, False)
        for skill, words in synonyms.items()
    }
    levels = {"graduate": LevelInfo("graduate", "Graduate", 4, ("graduate",))}
    degrees = {"bcom": DegreeInfo("bcom", "B.Com", "graduate", "commerce", ("bcom", "b.com"))}
    fields = {"commerce": NamedVocabulary("commerce", "Commerce", ("commerce",))}
    return Catalog(
        tracks={},
        roles={},
        skills=skills,
        courses={},
        levels=levels,
        degrees=degrees,
        fields=fields,
        goals={},
        preferences={},
        faqs={},
        comparison=(),
    )


def test_ambiguous_typo_is_reported_not_guessed():
    tiny = ProfileExtractor(_tiny_catalog(marker=["marker"], market_research=["market"]))
    result = tiny.extract_strict("I know markez")
    assert result.skills == [] and result.unrecognised == ["markez"]
    assert tiny.extract_strict("I know markket").skills == [
        "market_research"
    ]  # one clear candidate


# ---- Profile ------------------------------------------------------------------------------------
def test_profile_merges_messages_and_round_trips_as_json(extractor, catalog):
    profile = Profile()
    for message in (
        "I did my B.Com from Delhi University",
        "I know excel and tally",
        "mujhe jaldi job chahiye",
        "no night shift please",
        "fresher",
    ):
        profile = profile.merged(extractor.extract_strict(message))
    assert (profile.degree, profile.education_level, profile.field) == (
        "bcom",
        "graduate",
        "commerce",
    )
    assert profile.skills == ["ms_excel", "tally"] and profile.goals == ["quick_job"]
    assert (
        profile.preferences == ["day_shift"] and profile.experience_years == 0.0 and profile.fresher
    )
    restored = Profile.from_dict(json.loads(json.dumps(profile.to_dict())))
    assert restored == profile
    sentence = profile.describe(catalog)
    assert sentence.startswith("B.Com graduate (commerce)")
    assert "skills: MS Excel, Tally" in sentence and "wants: a job quickly" in sentence


def test_a_diploma_or_trade_certificate_is_held_not_graduated(extractor, catalog):
    for text, expected in (
        ("ITI fitter", "ITI certificate (Industrial Training Institute) holder"),
        ("D.Pharm", "D.Pharm holder"),
        ("BBA", "BBA graduate"),
        ("MBA", "MBA graduate"),
    ):
        assert (
            Profile().merged(extractor.extract_strict(text)).describe(catalog).startswith(expected)
        ), text


def test_merge_replace_overwrites_lists_and_add_keeps_them(extractor):
    profile = Profile().merged(extractor.extract_strict("I know excel and tally"))
    added = profile.merged(extractor.extract_strict("python"))
    assert added.skills == ["ms_excel", "tally", "python"]
    replaced = profile.merged(extractor.extract_strict("python"), replace={"skills"})
    assert replaced.skills == ["python"]
    assert profile.skills == ["ms_excel", "tally"]  # merged() returns a new profile


def test_later_education_corrects_earlier_and_no_skills_clears(extractor):
    profile = Profile().merged(extractor.extract_strict("BCom"))
    profile = profile.merged(extractor.extract_strict("sorry, actually 12th pass"))
    assert (profile.education_level, profile.degree, profile.field) == ("twelfth", None, None)
    profile = profile.merged(extractor.extract_strict("no skills"))
    assert profile.no_skills and profile.skills == []
    profile = profile.merged(extractor.extract_strict("I know typing"))
    assert profile.skills == ["typing"] and not profile.no_skills


def test_preferences_that_exclude_each_other_are_replaced(extractor):
    profile = Profile().merged(extractor.extract_strict("I'm ok with night shifts"))
    profile = profile.merged(extractor.extract_strict("no night shift please"))
    assert profile.preferences == ["day_shift"]


def test_from_dict_survives_garbage():
    assert Profile.from_dict(None) == Profile()
    assert (
        Profile.from_dict(
            {"skills": "excel", "experience_years": "many", "pursuing": "yes", "x": 1}
        )
        == Profile()
    )
    assert Profile.from_dict({"skills": ["excel", 3, "excel"], "experience_years": "2"}).skills == [
        "excel"
    ]
    assert Profile.from_dict({"experience_years": float("nan")}).experience_years is None


def test_describe_an_empty_and_a_pursuing_profile(catalog):
    assert Profile().describe(catalog) == "Nothing known yet."
    pursuing = Profile(
        education_level="graduate", degree="btech", field="computer_science", pursuing=True
    )
    assert pursuing.describe(catalog).startswith("Pursuing B.Tech")


# ---- no TensorFlow in the library or the action server -----------------------------------
# thinc (spaCy's ML layer) imports TensorFlow whenever it is installed; careerpath.profiling.nlp
# keeps it out (about 400 MB and 3 s). These run in fresh interpreters: the test process may
# already hold TensorFlow or spaCy.
_LOADS_SPACY = (
    "from careerpath.profiling import extract; "
    "assert extract('I did B.Com and know Tally', expect='skills').skills "
    "== ['tally']; "
)
_NO_TENSORFLOW = "assert 'tensorflow' not in sys.modules, 'TensorFlow was imported'; "


def _run_python(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'kb.db'}", TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_library_never_imports_tensorflow(tmp_path):
    code = (
        "import sys; import careerpath.profiling, careerpath.advisor, careerpath.conversation; "
        + _NO_TENSORFLOW
        + _LOADS_SPACY
        + _NO_TENSORFLOW
    )
    result = _run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_action_server_never_imports_tensorflow(tmp_path):
    code = (
        "import sys, importlib, pkgutil; import actions, actions.server; "
        "[importlib.import_module('actions.' + m.name) "
        " for m in pkgutil.iter_modules(actions.__path__)]; "
        + _NO_TENSORFLOW
        + _LOADS_SPACY
        + _NO_TENSORFLOW
    )
    result = _run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr


def test_spacy_works_beside_tensorflow_in_either_order(tmp_path):
    """The Rasa server imports TensorFlow itself and may load the extractor too."""
    tensorflow_first = (
        "import sys, tensorflow; "
        + _LOADS_SPACY
        + "import thinc.compat; assert thinc.compat.has_tensorflow"
    )
    spacy_first = (
        _LOADS_SPACY + "import sys, tensorflow; "
        "assert tensorflow.constant(2).numpy() == 2; "
        + _LOADS_SPACY
        + "import spacy.cli; assert callable(spacy.cli.download)"
    )
    for code in (tensorflow_first, spacy_first):
        result = _run_python(code, tmp_path)
        assert result.returncode == 0, result.stderr
