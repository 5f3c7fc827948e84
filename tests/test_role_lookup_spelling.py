"""Roles asked about the way students spell them: by ear ("medikal kodar"), in Devanagari
("मेडिकल कोडर"), by the names job ads use ("CSR", "call center agent"), and FAQ questions in
Hindi matched against the Hindi FAQ questions. Our own phrasings, not the realistic corpus's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from careerpath.conversation import answering
from careerpath.conversation.role_lookup import find_roles
from careerpath.conversation.sound_alike import sound_key, sounds_alike
from careerpath.kb.reader import read_sources
from careerpath.kb.validation import SourceError
from careerpath.profiling.devanagari import DEVANAGARI_RUN
from careerpath.wording import language
from tests.kb_support import throwaway_knowledge_base

FIXTURE = Path(__file__).parent / "fixtures" / "kb_minimal"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("role-spelling")) as (_url, kb):
        yield kb


# ---- how a word sounds ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, known",
    [("medikal", "medical"), ("kodar", "coder"), ("telikolar", "telecaller"),
     ("entri", "entry"), ("kustamar", "customer"), ("proses", "process"),
     ("egjikyutiv", "executive"), ("egjam", "exam")],
)  # fmt: skip
def test_spellings_by_ear_sound_like_the_english_word(typed, known):
    assert sounds_alike(sound_key(typed), sound_key(known))


def test_a_letter_left_out_counts_only_when_asked_for_and_a_changed_letter_never():
    assert not sounds_alike(sound_key("sapot"), sound_key("support"))
    assert sounds_alike(sound_key("sapot"), sound_key("support"), near=True)
    assert not sounds_alike(sound_key("annotation"), sound_key("entry"), near=True)


# ---- roles by ear, in Devanagari and by job-ad names ------------------------------------------
@pytest.mark.parametrize(
    "message, role",
    [
        ("medikal kodar ki job", "healthcare_bpo"),
        ("telikolar kaam kaisa hai", "voice_bpo"),
        ("deta entri oparetar", "data_entry_bpo"),
        ("kustamar sapot me salary", "customer_support_bpo"),
        ("teknikal saport job", "technical_support_bpo"),
        ("what is a CSR job", "customer_support_bpo"),
        ("call centre agent ka kaam", "voice_bpo"),
        ("tele caller job details", "voice_bpo"),
        ("data entry clerk work", "data_entry_bpo"),
        ("inbound process kya hai", "voice_bpo"),
        ("chat process kya hota hai", "non_voice_bpo"),
        ("what does a telecaller do", "voice_bpo"),
    ],
)
def test_roles_named_by_ear_or_by_job_ads_are_found(catalog, message, role):
    assert find_roles(message, catalog).role == role


@pytest.mark.parametrize(
    "message",
    ["what skills are needed to work in a bpo", "manager", "date of joining", "my skills"],
)
def test_sound_alike_words_do_not_invent_a_role(catalog, message):
    assert find_roles(message, catalog).roles == []


def hindi_answer(catalog, message):
    with language("hi"):
        return answering.answer_question(message, catalog, display=catalog.localized("hi"))


@pytest.mark.parametrize(
    "message, role",
    [
        ("मेडिकल कोडर कैसे बनते हैं?", "healthcare_bpo"),
        ("टेलीकॉलर का काम क्या होता है", "voice_bpo"),
        ("कस्टमर सपोर्ट बीपीओ क्या है", "customer_support_bpo"),
        ("डेटा एंट्री ऑपरेटर की सैलरी", "data_entry_bpo"),
    ],
)
def test_devanagari_role_questions_are_answered_in_hindi(catalog, message, role):
    found = hindi_answer(catalog, message)
    assert found.kind == answering.ROLE and found.roles == (role,)
    assert catalog.localized("hi").roles[role].name in found.reply.text
    assert DEVANAGARI_RUN.search(found.reply.text)


def test_every_hindi_role_name_asked_in_devanagari_finds_its_role(catalog):
    hindi = catalog.localized("hi")
    for role_id, role in hindi.roles.items():
        name = re.sub(r"\([^)]*\)", " ", role.name).replace("BPO", "बीपीओ").replace("KPO", "केपीओ")
        for message in (f"{name} क्या है?", f"{name} में सैलरी कितनी है"):
            found = hindi_answer(catalog, message)
            assert found.roles[:1] == (role_id,), (message, found.kind, found.roles)


def test_two_letters_of_sound_alone_find_no_job_title(catalog):
    # "chaar" (four) and "checker" share only k-r: the FAQ about the types of BPO answers
    found = hindi_answer(catalog, "बीपीओ के चार प्रकार कौन से हैं")
    assert found.kind == answering.FAQ and found.roles == ()


@pytest.mark.parametrize(
    "message, faq_id",
    [
        ("बीपीओ के चार प्रकार कौन से हैं", "four_types_of_bpo"),
        ("केपीओ के लिए कितनी पढ़ाई चाहिए", "education_required"),
        ("बीपीओ में काम करने के लिए क्या क्या आना चाहिए", "skills_for_bpo"),
    ],
)
def test_devanagari_faq_questions_match_the_hindi_faq_questions(catalog, message, faq_id):
    found = hindi_answer(catalog, message)
    assert (found.kind, found.faq_id) == (answering.FAQ, faq_id)
    assert found.reply.text == catalog.localized("hi").faqs[faq_id].answer


@pytest.mark.parametrize(
    "message",
    ["what skills are needed to work in a bpo", "skills required for working in bpo"],
)
def test_skills_to_work_in_a_bpo_is_the_skills_faq_not_its_advantages(catalog, message):
    found = answering.answer_question(message, catalog)
    assert (found.kind, found.faq_id) == (answering.FAQ, "skills_for_bpo")


# ---- aliases are data with a source -----------------------------------------------------------
def _copy_with_aliases(tmp_path: Path, aliases_by_role: dict) -> Path:
    directory = tmp_path / "sources"
    shutil.copytree(FIXTURE, directory)
    path = directory / "roles.yml"
    document = yaml.safe_load(path.read_text())
    for item in document["roles"]:
        if item["id"] in aliases_by_role:
            item["aliases"] = aliases_by_role[item["id"]]
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return directory


def test_aliases_are_read_with_their_source(tmp_path):
    source = "Job ads, 2025"
    directory = _copy_with_aliases(
        tmp_path, {"customer_support_bpo": {"source": source, "titles": ["CSR"]}}
    )
    role = next(r for r in read_sources(directory).roles if r.id == "customer_support_bpo")
    assert [(a.title, a.source) for a in role.aliases] == [("CSR", source)]


@pytest.mark.parametrize(
    "aliases, message",
    [
        ({"customer_support_bpo": {"source": "job ads", "titles": ["CSR"]}}, "must name the year"),
        ({"customer_support_bpo": {"titles": ["CSR"]}}, "missing 'aliases.source'"),
        (
            {
                "customer_support_bpo": {"source": "ads, 2025", "titles": ["CSR"]},
                "legal_process_outsourcing": {"source": "ads, 2025", "titles": ["csr"]},
            },
            "already an alias of 'customer_support_bpo'",
        ),
    ],
)
def test_aliases_without_a_dated_source_or_claimed_twice_are_refused(tmp_path, aliases, message):
    with pytest.raises(SourceError, match=message):
        read_sources(_copy_with_aliases(tmp_path, aliases))


@pytest.mark.parametrize(
    "message", ["उसकी सैलरी?", "iski salary kitni hai", "unki shift kaisi hoti hai"]
)
def test_hindi_pointer_words_ask_about_the_role_in_view(catalog, message):
    context = answering.Context(
        shown=("healthcare_bpo", "customer_support_bpo"), last=("non_voice_bpo",)
    )
    with language("hi"):
        found = answering.answer_question(
            message, catalog, context, display=catalog.localized("hi")
        )
    assert (found.kind, found.roles) == (answering.ROLE, ("non_voice_bpo",))


@pytest.mark.parametrize(
    "message, faq_id",
    [
        ("how does a kpo project work", "how_kpo_project_works"),
        ("what to check before outsourcing", "choosing_outsourcing_partner"),
        ("why do companies outsource to kpo", "why_companies_choose_kpo"),
    ],
)
def test_a_faq_asked_word_for_word_beats_a_role_it_only_brushes(catalog, message, faq_id):
    found = answering.answer_question(message, catalog)
    assert (found.kind, found.faq_id) == (answering.FAQ, faq_id)


def test_the_pay_of_a_job_title_is_the_roles_pay_not_the_tracks(catalog):
    found = answering.answer_question("telecaller salary kitni hoti hai", catalog)
    assert (found.kind, found.roles, found.aspects[:1]) == (
        answering.ROLE,
        ("voice_bpo",),
        ("salary",),
    )
