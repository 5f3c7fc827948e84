"""Hostile input (tests/fuzz_corpus.py, >= 1,000 messages) through every path user text takes.

Fast part (no servers): the profile extractor with every ``expect``, the intake, the FAQ
retrieval, the role lookup, the advisor and its renderers with profiles built from hostile
text, and the Rasa SDK actions themselves with a real ``Tracker``. Nothing may raise, and
every text the bot would send must be a string.

End-to-end part (marker e2e): a sample of the corpus through the REST channel of the shared
stack - every request 200, every message answered, and no traceback or error in either
server's log while it ran. Escaping: the counselor report's HTML shows profile text
literally (the web widget's escaping is covered by tests/test_web_widget.py).
"""

from __future__ import annotations

import html
import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from careerpath.advisor import recommend
from careerpath.advisor.render import render_advice, render_learning_plan, render_recommendation
from careerpath.conversation import faq, intake, questions, replies, roles
from careerpath.conversation.reply import message_for
from careerpath.profiling import Extraction, Profile, get_extractor
from careerpath_rasa.patches.resilience import TROUBLE_REPLY
from tests.action_support import DOMAIN, make_tracker
from tests.fuzz_corpus import GENERATORS, MINIMUM_SIZE, FuzzMessage, corpus, sample
from tests.kb_support import throwaway_knowledge_base

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = corpus()
EXPECTS = (None, "education", "skills", "goals", "preferences", "experience")
INTENTS = ("inform", "deny", "skip", "go_back", "correct_profile", "nlu_fallback", "ask_faq")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("fuzz")) as (_url, kb):
        yield kb


@pytest.fixture(scope="module")
def extractions(catalog) -> dict[str, Extraction]:
    """Every corpus message read once without context (shared by the downstream tests)."""
    extractor = get_extractor(catalog)
    return {message.text: extractor.extract_strict(message.text) for message in CORPUS}


def where(message: FuzzMessage) -> str:
    return f"[{message.category}] {message.text[:80]!r}"


# ---- the corpus itself -----------------------------------------------------------------------
def test_corpus_is_large_deterministic_and_covers_every_category():
    assert len(CORPUS) >= MINIMUM_SIZE
    assert corpus() == CORPUS, "same seed, same messages"
    counts = Counter(message.category for message in CORPUS)
    assert set(counts) == set(GENERATORS)
    assert all(counts[category] >= 3 for category in GENERATORS), counts
    texts = [message.text for message in CORPUS]
    assert "" in texts and any(len(text) >= 10_000 for text in texts)
    assert any(re.search("[\u0900-\u097f]", text) for text in texts), "Devanagari"
    assert any("\u200b" in text for text in texts) and any("\u202e" in text for text in texts)
    assert any(text.startswith("/restart") for text in texts)
    for text in texts:
        json.dumps(text).encode("utf-8")  # every message is sendable as JSON over HTTP


def test_sample_spreads_over_every_category():
    chosen = sample(300)
    assert len(chosen) == 300
    assert {message.category for message in chosen} == set(GENERATORS)
    assert sample(300) == chosen


# ---- extraction -----------------------------------------------------------------------------
@pytest.mark.parametrize("expect", EXPECTS, ids=lambda expect: expect or "no-context")
def test_extractor_reads_every_hostile_message_without_error(catalog, expect):
    extractor = get_extractor(catalog)
    known = {
        "skills": set(catalog.skills),
        "goals": set(catalog.goals),
        "preferences": set(catalog.preferences),
    }
    for message in CORPUS:
        try:
            extraction = extractor.extract_strict(message.text, expect)
        except Exception as error:  # pragma: no cover - the failure message is the point
            pytest.fail(f"extract({where(message)}, expect={expect!r}) raised {error!r}")
        assert isinstance(extraction, Extraction)
        for name, ids in known.items():
            unknown = set(getattr(extraction, name)) - ids
            assert not unknown, f"{where(message)}: invented {name} {unknown}"
        for value in (extraction.education_level, extraction.degree, extraction.field):
            assert value is None or isinstance(value, str)
        assert all(isinstance(phrase, str) for phrase in extraction.unrecognised)
        assert all(isinstance(note, str) for note in getattr(extraction, "notes", []))


def test_extraction_is_bounded_for_huge_messages(catalog):
    extractor = get_extractor(catalog)
    extraction = extractor.extract_strict("I know Excel and Tally. " * 2_000)
    assert "ms_excel" in extraction.skills or extraction.skills, (
        "the start of a long message is read"
    )
    assert all(len(phrase) <= 2_000 for phrase in extraction.unrecognised)


# ---- intake --------------------------------------------------------------------------------
def test_intake_interprets_every_hostile_message(catalog, extractions):
    for index, message in enumerate(CORPUS):
        requested = intake.SLOTS[index % len(intake.SLOTS)]
        turn = intake.Turn(
            text=message.text,
            intent=INTENTS[index % len(INTENTS)],
            requested_slot=requested,
            answers=dict.fromkeys(intake.SLOTS),
            profile=Profile(),
            failures={"slot": requested, "count": index % 3, "unrecognised": []},
        )
        try:
            result = intake.interpret(turn, extractions[message.text], catalog)
            question = questions.question(requested, catalog, result.failures)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"intake for {where(message)} raised {error!r}")
        assert all(isinstance(text, str) for text in result.messages), where(message)
        assert all(value is None or isinstance(value, str) for value in result.slots.values())
        json.dumps(result.profile)  # stored in a Rasa slot
        assert isinstance(question.text, str) and question.text


# ---- FAQ retrieval and role lookup ------------------------------------------------------------
def test_faq_retrieval_survives_every_hostile_message(catalog):
    for message in CORPUS:
        try:
            match = faq.find_answer(message.text, catalog)
            menu = replies.faq_menu(catalog, message.text, unsure=True)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"FAQ retrieval for {where(message)} raised {error!r}")
        assert match is None or isinstance(match.faq.answer, str)
        assert isinstance(menu.text, str)
        assert all(
            isinstance(b["title"], str) and isinstance(b["payload"], str) for b in menu.buttons
        )


def test_role_lookup_survives_every_hostile_message(catalog):
    shown = list(catalog.roles)[:3]
    for message in CORPUS:
        entities = [
            {"entity": "role_type", "value": message.text},
            {"entity": "track", "value": message.text},
        ]
        try:
            role = roles.find_role(message.text, entities, catalog, shown)
            tracks = roles.mentioned_tracks(message.text, entities)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"role lookup for {where(message)} raised {error!r}")
        assert role is None or role in catalog.roles, where(message)
        assert set(tracks) <= {"BPO", "KPO"}


# ---- advisor with profiles built from hostile text --------------------------------------------
def test_advisor_renders_profiles_accumulated_from_hostile_messages(catalog, extractions):
    profile = Profile()
    for index, message in enumerate(CORPUS):
        profile = profile.merged(extractions[message.text])
        if index % 50:
            continue
        _assert_renders(profile, catalog, where(message))
        profile = Profile()


HOSTILE_VALUES = [
    "<script>window.__pwned=1</script>",
    "'; DROP TABLE student_profile; --",
    "",
    "\x00\u202e",
    "😀" * 50,
    "मैंने बी.कॉम",
    "x" * 5_000,
    "{{7*7}}",
    "../../etc/passwd",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_advisor_renders_profiles_with_hostile_stored_values(catalog, value):
    """A profile slot or stored profile can hold anything (old versions, API clients)."""
    data = {
        "education_level": value,
        "degree": value,
        "field": value,
        "pursuing": value,
        "skills": [value, "ms_excel", 7, None],
        "no_skills": value,
        "goals": [value],
        "preferences": [value, {"x": 1}],
        "experience_years": value,
        "fresher": value,
    }
    profile = Profile.from_dict(data)
    _assert_renders(profile, catalog, repr(value[:40]))
    for weird in (
        None,
        [],
        "text",
        42,
        {"skills": "not a list"},
        {"experience_years": float("nan")},
    ):
        _assert_renders(Profile.from_dict(weird), catalog, repr(weird))


def _assert_renders(profile: Profile, catalog, label: str) -> None:
    try:
        description = profile.describe(catalog)
        advice = recommend(profile, catalog)
        texts = [description, render_advice(advice), render_learning_plan(advice)]
        texts += [render_recommendation(rec) for rec in advice.recommendations[:3]]
        texts += [
            message_for(reply, "cmdline")["text"] for reply in replies.recommendations(advice)
        ]
        json.dumps(advice.to_dict())
    except Exception as error:  # pragma: no cover
        pytest.fail(f"advisor with profile from {label} raised {error!r}")
    assert all(isinstance(text, str) and text for text in texts), label


# ---- the Rasa SDK actions themselves ------------------------------------------------------------
def _actions(index: int):
    """The actions that read the latest text. The ones that also recompute the advice (and
    store it) are slower, so they read every 7th message - still every category."""
    from actions.advice import ActionRoleDetails, ActionSubmitProfile, ActionWhyNotTrack
    from actions.forms import ValidateProfileForm
    from actions.knowledge import ActionAnswerFaq

    reading = [ValidateProfileForm(), ActionAnswerFaq()]
    if index % 7 == 0:
        reading += [ActionRoleDetails(), ActionWhyNotTrack(), ActionSubmitProfile()]
    return reading


async def test_custom_actions_answer_every_hostile_message(catalog):
    """Every action that reads the user's words, with corpus messages as the latest one."""
    advice_state = {
        "profile": {"skills": ["ms_excel"]},
        "shown": 3,
        "shown_roles": list(catalog.roles)[:3],
    }
    for index, message in enumerate(CORPUS):
        requested = intake.SLOTS[index % len(intake.SLOTS)]
        tracker = make_tracker(
            message.text,
            INTENTS[index % len(INTENTS)],
            slots={
                "requested_slot": requested,
                "advice_state": advice_state,
                "profile": {"skills": ["ms_excel"]},
                "failed_attempts": {"slot": requested, "count": 2},
            },
            entities=[{"entity": "role_type", "value": message.text[:200]}],
            active_loop="profile_form" if index % 2 else None,
            sender_id="fuzz",
            confidence=0.5,
        )
        for action in _actions(index):
            dispatcher = CollectingDispatcher()
            try:
                events = await action.run(dispatcher, tracker, DOMAIN)
            except Exception as error:  # pragma: no cover
                pytest.fail(f"{action.name()} with {where(message)} raised {error!r}")
            json.dumps(events)
            for sent in dispatcher.messages:
                assert sent.get("text") is None or isinstance(sent["text"], str), action.name()


# ---- end to end: the REST channel ------------------------------------------------------------
PROBLEM_LINE = re.compile(r"Traceback|ERROR|Exception")
E2E_SAMPLE_SIZE = 300
E2E_SENDERS = 30
E2E_PARALLEL_SENDERS = 4  # conversations are independent; each one is sent in order
E2E_SAFETY_BOUND_SECONDS = 900  # only stops a hung server from hanging the suite


class LogWindow:
    """The lines the servers log from now on (offsets taken at construction)."""

    def __init__(self, stack, names=("rasa", "actions")) -> None:
        self.paths = {name: stack.log_path(name) for name in names}
        self.offsets = {
            name: path.stat().st_size if path.exists() else 0 for name, path in self.paths.items()
        }

    def new_lines(self, name: str) -> list[str]:
        path = self.paths[name]
        if not path.exists():
            return []
        with path.open("rb") as log:
            log.seek(self.offsets[name])
            return log.read().decode("utf-8", errors="replace").splitlines()

    def problems(self) -> list[str]:
        return [
            f"{name}: {line}"
            for name in self.paths
            for line in self.new_lines(name)
            if PROBLEM_LINE.search(line)
        ]


def _converse(stack, sender: str, messages: list[FuzzMessage], deadline: float) -> list[str]:
    from harness.stack import http_json

    failures = []
    for message in messages:
        if time.monotonic() > deadline:
            return failures + [f"{sender}: stopped, the safety bound ran out"]
        status, body = http_json(
            "POST", stack.rest_url, {"sender": sender, "message": message.text}, timeout=120
        )
        if status != 200:
            failures.append(f"{sender} {where(message)}: HTTP {status} {str(body)[:200]}")
        elif not isinstance(body, list) or not any(m.get("text") or m.get("custom") for m in body):
            failures.append(f"{sender} {where(message)}: no reply ({str(body)[:200]})")
        elif any(m.get("text") == TROUBLE_REPLY for m in body):
            failures.append(f"{sender} {where(message)}: answered with the failure apology")
    return failures


@pytest.mark.e2e
def test_rest_channel_answers_every_hostile_message_without_server_errors(rasa_stack):
    messages = sample(E2E_SAMPLE_SIZE)
    run_id = f"fuzz-{int(time.time())}"
    conversations = {
        f"{run_id}-{index}": messages[index::E2E_SENDERS] for index in range(E2E_SENDERS)
    }
    window = LogWindow(rasa_stack)
    deadline = time.monotonic() + E2E_SAFETY_BOUND_SECONDS
    with ThreadPoolExecutor(E2E_PARALLEL_SENDERS) as pool:
        results = pool.map(
            lambda item: _converse(rasa_stack, item[0], item[1], deadline), conversations.items()
        )
        failures = [failure for result in results for failure in result]
    assert not failures, f"{len(failures)} of {len(messages)} messages failed:\n" + "\n".join(
        failures[:40]
    )
    problems = window.problems()
    assert not problems, "the servers logged errors during the fuzz run:\n" + "\n".join(
        problems[:80]
    )


# ---- escaping: web widget and counselor report ----------------------------------------------------
IMG_INJECTION = "<img src=x onerror=window.__pwned=1>"
SCRIPT_INJECTION = "<script>window.__pwned=1</script>"
MARKUP = f"{IMG_INJECTION}{SCRIPT_INJECTION}"
WIDGET = "#careerpath-chat"


def _hostile_card_reply(message: str) -> list:
    """What a bot would send if every string in a recommendation card came from hostile input."""
    item = {
        "role_type": MARKUP,
        "name": MARKUP,
        "track": MARKUP,
        "score": 0.5,
        "fit": MARKUP,
        "matched_skills": [MARKUP],
        "missing_skills": [MARKUP],
        "education_fit": {"status": MARKUP, "note": MARKUP},
        "entry_roles": [MARKUP],
        "growth_path": [MARKUP, MARKUP],
        "training": [
            {
                "skill": MARKUP,
                "courses": [
                    {
                        "title": MARKUP,
                        "kind": MARKUP,
                        "duration_weeks": MARKUP,
                        "mode": MARKUP,
                        "provider": MARKUP,
                        "certification": True,
                        "source": MARKUP,
                    }
                ],
            }
        ],
        "work_style": {MARKUP: MARKUP},
        "work": MARKUP,
        "why": MARKUP,
    }
    card = {
        "type": "recommendations",
        "start": 0,
        "items": [item],
        "prerequisites": [MARKUP],
        "summary": {"preferred_track": MARKUP, "text": MARKUP, "reasons": [MARKUP]},
        "heading": MARKUP,
        "notes": [MARKUP],
        "buttons": [{"title": MARKUP, "payload": MARKUP}],
    }
    return [
        {"text": f"You said: {message}", "buttons": [{"title": MARKUP, "payload": MARKUP}]},
        {"custom": card},
    ]


def _assert_nothing_ran(page) -> None:
    assert page.evaluate("() => window.__pwned") is None, "injected markup ran"
    assert page.locator(f"{WIDGET} img, {WIDGET} script, {WIDGET} iframe").count() == 0


def test_widget_shows_hostile_cards_and_buttons_as_text():
    """tests/test_web_widget.py covers hostile message text; this covers card fields and buttons."""
    widget_tests = pytest.importorskip("tests.test_web_widget")
    if not (PROJECT_ROOT / "web" / "widget.js").exists():
        pytest.skip("no web widget")
    from playwright.sync_api import sync_playwright

    site = widget_tests.start_static_server(widget_tests.WEB_DIR)
    static_url = f"http://127.0.0.1:{site.server_address[1]}"
    bot = widget_tests.FakeRasa(allowed_origin=static_url, reply=_hostile_card_reply).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(widget_tests.CHROMIUM), args=widget_tests.CHROMIUM_ARGS
            )
            try:
                page = browser.new_page()
                widget_tests.open_demo_page(page, static_url, bot.url)
                page.locator(".cp-launcher").click()
                widget_tests.wait_idle(page)
                widget_tests.type_message(page, SCRIPT_INJECTION)
                _assert_nothing_ran(page)
                shown = page.locator(f"{WIDGET} .cp-log").inner_text()
                assert shown.count(MARKUP) >= 5, (
                    f"card fields and buttons show the markup literally:\n{shown}"
                )
                assert f"You said: {SCRIPT_INJECTION}" in widget_tests.bot_texts(page)[-1]
                page.reload()  # restored from localStorage
                page.wait_for_function("() => window.CareerPathChat !== undefined")
                _assert_nothing_ran(page)
            finally:
                browser.close()
    finally:
        bot.stop()
        site.shutdown()


@pytest.mark.e2e
def test_widget_with_the_real_bot_shows_injected_markup_literally(rasa_stack):
    widget_tests = pytest.importorskip("tests.test_web_widget")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(widget_tests.CHROMIUM), args=widget_tests.CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            widget_tests.open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
            page.locator(".cp-launcher").click()
            widget_tests.wait_idle(page)
            # Inside the intake the bot quotes what it could not understand back to the user.
            for text in (
                "I want career advice",
                IMG_INJECTION,
                SCRIPT_INJECTION,
                f"I know {IMG_INJECTION}",
            ):
                widget_tests.type_message(page, text)
                assert widget_tests.user_texts(page)[-1] == text
                _assert_nothing_ran(page)
            assert all(text for text in widget_tests.bot_texts(page)), "every turn was answered"
        finally:
            browser.close()


def _report_builder():
    try:
        from careerpath.reports import build_report
    except ImportError as error:
        pytest.xfail(
            f"the counselor report renderer careerpath.reports.build_report is absent ({error})"
        )
    return build_report


def _hostile_report(catalog):
    build_report = _report_builder()
    profile = Profile.from_dict(
        {
            "education_level": "graduate",
            "degree": MARKUP,
            "field": MARKUP,
            "skills": ["ms_excel", MARKUP],
            "goals": [MARKUP],
            "preferences": [MARKUP],
        }
    )
    return build_report(profile, recommend(profile, catalog), catalog, note=MARKUP)


def test_counselor_report_escapes_profile_text_and_note(catalog):
    report = _hostile_report(catalog)
    page = report.html
    assert IMG_INJECTION not in page and SCRIPT_INJECTION not in page, "raw markup in the report"
    assert (
        html.escape(SCRIPT_INJECTION, quote=False) in page or html.escape(SCRIPT_INJECTION) in page
    ), "the note is shown, escaped"


def test_counselor_report_page_runs_no_injected_markup(catalog):
    report = _hostile_report(catalog)
    widget_tests = pytest.importorskip("tests.test_web_widget")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(widget_tests.CHROMIUM), args=widget_tests.CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_content(report.html)
            assert page.evaluate("() => window.__pwned") is None
            assert page.locator("script").count() == 0 or SCRIPT_INJECTION not in page.content()
            assert SCRIPT_INJECTION in page.locator("body").inner_text(), "the note shows literally"
        finally:
            browser.close()
