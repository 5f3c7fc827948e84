"""The counselor's guided mode: the real actions with a real rasa_sdk Tracker and
CollectingDispatcher, the real knowledge base (temporary SQLite) and real spaCy.

``GuidedSession`` plays Rasa's part: it keeps the slots, applies the events every action
returns, and asks the step the form would request next.
"""

from __future__ import annotations

import pytest

from actions.forms import (
    ValidateProfileForm,
)
from actions.guided import (
    ActionGuidedReport,
)
from careerpath.conversation import guided, intake, questions
from careerpath.db.migrate import upgrade_schema
from careerpath.profiling import extract
from tests.action_support import DOMAIN, make_tracker
from tests.guided_support import (
    CODE,
    GuidedSession,
    buttons,
    click,
    finished_intake,
    texts,
)
from tests.kb_support import throwaway_knowledge_base


@pytest.fixture(scope="module", autouse=True)
def catalog(tmp_path_factory):
    """The knowledge base and the reports live in one throw-away database, like in production."""
    with (
        pytest.MonkeyPatch.context() as patch,
        throwaway_knowledge_base(tmp_path_factory.mktemp("guided"), "project.db") as (url, kb),
    ):
        patch.delenv(guided.PUBLIC_URL_ENV, raising=False)
        upgrade_schema(url)
        yield kb


# ---- the steps -------------------------------------------------------------------------------
@pytest.mark.parametrize("slot", intake.SLOTS)
def test_every_intake_step_shows_progress_choices_back_and_skip(slot, catalog):
    reply = guided.question(slot, catalog)
    number = intake.SLOTS.index(slot) + 1
    assert reply.text.startswith(f"Step {number} of 8")
    payloads = [b["payload"] for b in reply.buttons]
    assert payloads[-1] == "/skip"
    assert ("/go_back" in payloads) == (number > 1)
    choices = [b for b in reply.buttons if not b["payload"].startswith("/")]
    assert len(choices) >= 4


@pytest.mark.parametrize("slot", intake.SLOTS)
def test_every_choice_button_answers_its_step(slot, catalog):
    """A click sends the button's text; our extractor must read it as an answer to the step."""
    for choice in questions.choice_buttons(slot, catalog):
        turn = intake.Turn(
            text=choice["payload"],
            intent="inform",
            requested_slot=slot,
            answers=dict.fromkeys(intake.SLOTS),
            profile=intake.Profile(),
        )
        result = intake.interpret(turn, extract(choice["payload"], catalog, expect=slot), catalog)
        assert result.slots.get(slot), (slot, choice)


def test_report_steps_come_after_the_five_answers_in_order():
    from actions.guided import required_slots

    five = list(DOMAIN["forms"]["profile_form"]["required_slots"])
    student = make_tracker(slots={"channel_mode": "student"})
    assert required_slots(five, student) == five
    counselor = make_tracker(slots={"channel_mode": "guided"})
    assert required_slots(five, counselor) == [*five, guided.ROLE_SLOT, guided.NOTE_SLOT]


@pytest.mark.parametrize(
    "text, intent, kind",
    [
        ("Parents want a day job; meet again in June.", "inform", "note"),
        ("", "skip", "skip"),
        ("skip", "skip", "skip"),
        ("", "go_back", "back"),
        ("go back to his studies before applying to any job, he is 17", "go_back", "note"),
    ],
)
def test_note_commands_are_short_everything_else_is_the_note(text, intent, kind):
    assert guided.read_note(text, intent).kind == kind


# ---- a whole session through the actions -----------------------------------------------------
async def test_guided_session_ends_in_a_saved_report(catalog):
    from careerpath.userdata import load_report

    session = GuidedSession()
    intro = await session.start()
    assert "Guided mode" in texts(intro) and session.slots["channel_mode"] == "guided"
    assert session.slots["requested_slot"] == "education"
    for number, slot in enumerate(intake.SLOTS, start=1):
        asked = await session.ask()
        assert texts(asked).startswith(f"Step {number} of 8")
        choice = {
            "education": "Graduate",
            "skills": "Attention to detail",
            "goals": "A stable job",
            "interests": "Working with numbers",
            "preferences": "Non-voice",
            "experience": "Fresher",
        }[slot]
        await click(session, asked, choice)
        assert session.slots[slot], slot
    assert session.slots["requested_slot"] == guided.ROLE_SLOT

    asked = await session.ask()
    assert len(asked) == 1 and asked[0]["custom"]["type"] == "recommendations", (
        "one message: the card"
    )
    assert texts(asked).startswith("Step 7 of 8"), "the step's question comes with the card"
    second = next(b for b in buttons(asked) if b["title"].startswith("2. "))
    messages, _ = await click(session, asked, "2. ")
    chosen = session.slots[guided.ROLE_SLOT]
    assert catalog.roles[chosen].name == second["payload"]
    assert session.slots["requested_slot"] == guided.NOTE_SLOT

    asked = await session.ask()
    assert texts(asked).startswith("Step 8 of 8")
    await session.answer("Parents prefer <b>day</b> shifts & Pune.", "inform")
    assert session.slots["requested_slot"] is None  # the form is done: the rule runs the report

    messages, _ = await session.run(ActionGuidedReport())
    code = CODE.search(texts(messages)).group(0)
    # The link opens the report in the counselor workspace, where the counselor signs in.
    assert f"http://localhost:8001/reports/{code}" in texts(messages)
    assert "token" not in texts(messages)
    stored = load_report(code)
    assert (
        f"Reference: {code}" in stored.markdown and code in stored.html
    )  # the page names its own code
    assert (
        stored.sender_id == "counselor-desk-1"
        and stored.note == "Parents prefer <b>day</b> shifts & Pune."
    )
    assert "Parents prefer &lt;b&gt;day&lt;/b&gt; shifts &amp; Pune." in stored.html
    assert f"Growth path: {catalog.roles[chosen].name}" in stored.markdown
    assert stored.profile["education_level"] == "graduate"
    assert [rec["role_type"] for rec in stored.advice["recommendations"]][1] == chosen
    assert session.slots[guided.ROLE_SLOT] is None and session.slots[guided.NOTE_SLOT] is None
    assert session.slots["advice_state"]["shown"] == 3  # follow-ups work after the report


async def test_typing_several_answers_at_once_jumps_to_the_role_step():
    session = GuidedSession()
    await finished_intake(session)
    asked = await session.ask()
    assert "Step 7 of 8" in texts(asked)


async def test_back_from_the_role_step_reopens_experience_and_back_from_the_note_reopens_the_role():
    session = GuidedSession()
    await finished_intake(session)
    await session.ask()
    messages, _ = await session.answer("/go_back", "go_back")
    assert "experience" in texts(messages)
    assert session.slots["experience"] is None and session.slots["requested_slot"] == "experience"
    assert session.slots["profile"]["fresher"] is None
    asked = await session.ask()
    assert texts(asked).startswith("Step 6 of 8")
    await session.answer("2 years in a call centre")
    assert session.slots["requested_slot"] == guided.ROLE_SLOT

    await session.answer("/skip", "skip")  # skip = the top match
    assert session.slots[guided.ROLE_SLOT] and session.slots["requested_slot"] == guided.NOTE_SLOT
    messages, _ = await session.answer("/go_back", "go_back")
    assert (
        session.slots[guided.ROLE_SLOT] is None
        and session.slots["requested_slot"] == guided.ROLE_SLOT
    )


async def test_role_by_number_skip_note_and_unclear_role(catalog):
    session = GuidedSession()
    await finished_intake(session)
    asked = await session.ask()
    messages, _ = await session.answer("blorf", "inform")
    assert (
        "pick one of the roles" in texts(messages)
        and session.slots["requested_slot"] == guided.ROLE_SLOT
    )
    await session.answer("3", "inform")
    third = next(b["payload"] for b in buttons(asked) if b["title"].startswith("3. "))
    assert catalog.roles[session.slots[guided.ROLE_SLOT]].name == third
    await session.answer("/skip", "skip")
    assert (
        session.slots[guided.NOTE_SLOT] == guided.SKIPPED
        and session.slots["requested_slot"] is None
    )


async def test_facts_typed_at_the_role_step_are_kept_and_the_roles_offered_again(catalog):
    """ "1 yr accounts assistant in a CA office" after the experience step was left: the
    counselor's late answer is taken in, and the role step comes back for the new profile."""
    session = GuidedSession()
    await finished_intake(session)
    messages, _ = await session.answer("1 yr accounts assistant in a CA office", "inform")
    assert "1 year" in texts(messages) and "pick one of the roles" not in texts(messages)
    assert session.slots["profile"]["experience_years"] == 1
    assert session.slots["requested_slot"] == guided.ROLE_SLOT
    assert session.slots[guided.ROLE_SLOT] is None


async def test_the_role_step_is_not_asked_a_third_time(catalog):
    """Two unclear answers at the role step already: the top match is taken, and said so."""
    session = GuidedSession()
    await finished_intake(session)
    tracker = session.tracker("blorf", "inform")
    asked_twice = [
        {"event": "user", "text": "x"},
        {"event": "slot", "name": "requested_slot", "value": guided.ROLE_SLOT},
        {"event": "user", "text": "y"},
        {"event": "slot", "name": "requested_slot", "value": guided.ROLE_SLOT},
    ]
    tracker.events[:0] = asked_twice
    messages, _ = await session.run(ValidateProfileForm(), tracker, form_runs=True)
    top = session.slots[guided.ROLE_SLOT]
    assert top in catalog.roles and "top match" in texts(messages)
    assert catalog.roles[top].name in texts(messages)
    assert session.slots["requested_slot"] == guided.NOTE_SLOT


def _role_cards(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type")]


async def test_the_role_card_is_not_sent_again_while_it_is_in_view():
    """Asked again after an unclear answer: the question and the buttons, not the whole card
    a second time; after new facts changed the profile, the new card."""
    from actions.guided import ActionAskReportRole

    session = GuidedSession()
    await finished_intake(session)
    first, _ = await session.run(ActionAskReportRole(), session.tracker("", None))
    assert _role_cards(first)
    asked_before = [
        {"event": "user", "text": "x", "input_channel": "rest"},
        {"event": "slot", "name": "requested_slot", "value": guided.ROLE_SLOT},
        {"event": "user", "text": "blorf", "input_channel": "rest"},
    ]
    tracker = session.tracker("blorf", "inform")
    tracker.events[:] = asked_before
    again, _ = await session.run(ActionAskReportRole(), tracker)
    assert not _role_cards(again) and buttons(again)
    tracker = session.tracker("1 yr in a CA office", "inform")
    tracker.events[:] = [*asked_before, {"event": "slot", "name": "profile", "value": {}}]
    changed, _ = await session.run(ActionAskReportRole(), tracker)
    assert _role_cards(changed)


async def test_a_question_at_the_role_step_is_left_to_the_interruption_rules():
    session = GuidedSession()
    await finished_intake(session)
    _, events = await session.answer("what is KPO?", "ask_faq")
    assert events == []  # the form rejects; data/rules/intake.yml answers, then the form returns
    assert session.slots["requested_slot"] == guided.ROLE_SLOT
    _, events = await session.run(
        ValidateProfileForm(), session.tracker("", None, spoke=False), form_runs=True
    )
    assert {"event": "slot", "name": "requested_slot", "value": guided.ROLE_SLOT} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_student_mode_questions_are_unchanged(catalog):
    session = GuidedSession(mode="student")
    session.slots["requested_slot"] = "education"
    asked = await session.ask()
    assert texts(asked) == questions.question("education", catalog).text
    assert "Step" not in texts(asked)


async def test_student_mode_form_ends_after_five_answers():
    session = GuidedSession(mode="student")
    session.slots["requested_slot"] = "education"
    await session.answer(
        "B.Com graduate, I know Excel and Tally, want a stable job, I like working with "
        "numbers, non voice, fresher"
    )
    assert session.slots["requested_slot"] is None


async def test_database_down_still_hands_over_the_report(monkeypatch):
    import careerpath.userdata
    from careerpath.userdata import StorageUnavailable

    def down(**_):
        raise StorageUnavailable("save_report", "database is locked")

    monkeypatch.setattr(careerpath.userdata, "save_report", down)
    session = GuidedSession()
    await finished_intake(session)
    await session.answer("/skip", "skip")
    await session.answer("Talk again after exams", "inform")
    messages, _ = await session.run(ActionGuidedReport())
    assert "couldn't save" in texts(messages) and not CODE.search(texts(messages))
    assert "# CareerPath counselor report" in texts(messages) and "Talk again after exams" in texts(
        messages
    )


async def test_all_steps_skipped_goes_straight_to_the_note_and_still_reports():
    """Nothing to rank (every answer skipped): no role to choose; the report says what to
    tell us."""
    from careerpath.userdata import load_report

    session = GuidedSession()
    await session.start()
    for slot in intake.SLOTS:
        assert session.slots["requested_slot"] == slot
        await session.answer("/skip", "skip")
    assert session.slots[guided.ROLE_SLOT] == guided.SKIPPED
    assert session.slots["requested_slot"] == guided.NOTE_SLOT
    asked = await session.ask()
    assert texts(asked).startswith("Step 8 of 8")
    await session.answer("/skip", "skip")
    messages, _ = await session.run(ActionGuidedReport())
    stored = load_report(CODE.search(texts(messages)).group(0))
    assert "No role type fits yet" in stored.markdown and stored.note is None
