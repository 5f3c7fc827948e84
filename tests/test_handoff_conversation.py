"""Asking for a counselor in the chat: reading each answer (careerpath.conversation.handoff)
and the actions of handoff_form, which store the request only after consent, a name and a
valid phone number or e-mail, with a summary of the profile and top roles."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionRecommend
from actions.handoff import (
    ActionAskHandoffConsent,
    ActionAskHandoffContact,
    ActionHandoffStart,
    ActionHandoffSubmit,
    ValidateHandoffForm,
)
from careerpath.conversation import handoff, intake
from careerpath.conversation.handoff import (
    CANCELLED,
    CONSENT_SLOT,
    CONTACT_SLOT,
    DECLINED,
    GAVE_UP,
    NAME_SLOT,
    STATE_SLOT,
    HandoffTurn,
    interpret,
    read_contact,
    read_name,
)
from careerpath.handoff import handoff_queue
from careerpath.profiling import Profile, extract
from careerpath.userdata import forget_sender
from tests.action_support import DOMAIN, make_tracker
from tests.kb_support import throwaway_knowledge_base

BPO_PROFILE = (
    "12th pass, good spoken english and typing, want a job quickly, voice process ok, fresher"
)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    with throwaway_knowledge_base(tmp_path_factory.mktemp("handoff")) as (_url, kb):
        yield kb


async def run(action, tracker) -> tuple[list[dict], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    slots = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
    return dispatcher.messages, slots


def said(messages: list[dict]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def titles(messages: list[dict]) -> list[str]:
    return [button["title"] for message in messages for button in message.get("buttons") or []]


def step_tracker(text: str, step: str, intent: str = "inform", failures: int = 0, **kw):
    return make_tracker(
        text,
        intent=intent,
        slots={"requested_slot": step, STATE_SLOT: {"failures": failures, "ended": None}},
        active_loop="handoff_form",
        **kw,
    )


# ---- reading answers (no Rasa) -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, name",
    [
        ("Priya", "Priya"),
        ("my name is Priya Sharma", "Priya Sharma"),
        ("I'm Ravi K.", "Ravi K"),
        ("mera naam Asha hai", "Asha"),
        ("प्रिया शर्मा", "प्रिया शर्मा"),
        ("98765 43210", None),
        ("asha@example.com", None),
        ("what is KPO?", None),
        ("what is BPO", None),
        ("I want a job in a big company near my home town please", None),
        ("cancel", None),
        ("", None),
        ("x", None),
    ],
)
def test_names(text, name):
    assert read_name(text) == name


@pytest.mark.parametrize(
    "text, contact",
    [
        ("98765 43210", "+919876543210"),
        ("my number is +91-98765-43210", "+919876543210"),
        ("asha.rao@example.com.", "asha.rao@example.com"),
        ("mail me at asha@example.com please", "asha@example.com"),
        ("12345678", None),
        ("asha@example", None),
        ("tomorrow evening", None),
    ],
)
def test_contacts(text, contact):
    assert read_contact(text)[0] == contact


def test_an_unusable_contact_says_what_is_wrong():
    assert "phone number" in read_contact("5555 12345")[1]
    assert "e-mail" in read_contact("asha@")[1]
    assert read_contact("whenever")[1]


def test_consent_yes_no_and_unclear():
    assert interpret(HandoffTurn("", "affirm", CONSENT_SLOT)).slots == {CONSENT_SLOT: "yes"}
    assert interpret(HandoffTurn("haan", "inform", CONSENT_SLOT)).slots == {CONSENT_SLOT: "yes"}
    assert interpret(HandoffTurn("", "deny", CONSENT_SLOT)).ended == DECLINED
    assert interpret(HandoffTurn("no thanks", "deny", CONSENT_SLOT)).ended == DECLINED
    assert interpret(HandoffTurn("हाँ", "inform", CONSENT_SLOT)).slots == {CONSENT_SLOT: "yes"}
    assert interpret(HandoffTurn("नहीं।", "inform", CONSENT_SLOT)).ended == DECLINED
    unclear = interpret(HandoffTurn("what will you share?", "ask_faq", CONSENT_SLOT))
    assert not unclear.slots and not unclear.ended and unclear.failures == 1


@pytest.mark.parametrize("text", ["what", "x", "hmm ok what is this", "ok what will you share"])
def test_a_word_the_classifier_took_for_yes_is_no_consent(text):
    """Consent is never guessed: "what" or "x" classified as affirm shares nothing."""
    result = interpret(HandoffTurn(text, "affirm", CONSENT_SLOT))
    assert not result.slots and result.failures == 1


@pytest.mark.parametrize("text", ["yes you can share it", "ok go ahead", "haan ji share kar do"])
def test_a_yes_in_a_sentence_is_consent(text):
    assert interpret(HandoffTurn(text, "affirm", CONSENT_SLOT)).slots == {CONSENT_SLOT: "yes"}


def test_two_friendly_reasks_then_the_request_ends():
    first = interpret(HandoffTurn("12345", "inform", CONTACT_SLOT, failures=0))
    second = interpret(HandoffTurn("12345", "inform", CONTACT_SLOT, failures=1))
    third = interpret(HandoffTurn("12345", "inform", CONTACT_SLOT, failures=2))
    assert first.messages and second.messages and not first.ended and not second.ended
    assert (first.failures, second.failures) == (1, 2)
    assert third.ended == GAVE_UP and not third.slots


@pytest.mark.parametrize(
    "text, intent", [("", "deny"), ("cancel", "deny"), ("rehne do", "inform"), ("रहने दो", "inform")]
)
def test_a_way_out_at_every_step(text, intent):
    for step in (NAME_SLOT, CONTACT_SLOT):
        assert interpret(HandoffTurn(text, intent, step)).ended == CANCELLED


def test_another_button_mid_way_ends_the_request_instead_of_reading_it_as_an_answer():
    for step in (CONSENT_SLOT, NAME_SLOT, CONTACT_SLOT):
        moved_on = interpret(HandoffTurn("", "ask_career_advice", step))
        assert moved_on.ended == CANCELLED and not moved_on.messages


def test_asking_again_mid_way_is_no_failed_answer():
    again = interpret(HandoffTurn("call me", handoff.INTENT, NAME_SLOT, failures=1))
    assert not again.slots and again.failures == 1 and not again.ended
    number = interpret(HandoffTurn("call me on 98765 43210", handoff.INTENT, CONTACT_SLOT))
    assert number.slots == {CONTACT_SLOT: "+919876543210"}


def test_the_summary_is_the_profile_and_top_roles_only():
    answers = dict.fromkeys(intake.SLOTS)
    answers.update(education="12th pass", skills="Spoken English, Typing")
    summary = handoff.summary_text(answers, ["Customer Support Associate", "Data Entry", "X", "Y"])
    assert summary.splitlines() == [
        "• Education: 12th pass",
        "• Skills: Spoken English, Typing",
        "Top roles suggested: Customer Support Associate, Data Entry, X",
    ]
    assert handoff.summary_text({}, []) == handoff.text("handoff.summary_empty")


# ---- the actions -------------------------------------------------------------------------------
async def test_the_first_question_explains_what_is_shared_with_yes_and_no(catalog):
    messages, _ = await run(ActionAskHandoffConsent(), step_tracker("", CONSENT_SLOT))
    text = said(messages)
    assert "name" in text and "summary" in text and "not shared" in text
    assert "delete my data" in text
    assert titles(messages) == ["Yes, share it", "No, thanks"]


async def test_the_contact_question_offers_cancel_and_after_a_failure_says_so(catalog):
    messages, _ = await run(ActionAskHandoffContact(), step_tracker("", CONTACT_SLOT))
    assert titles(messages) == ["Cancel"] and "cancel" not in said(messages)
    messages, _ = await run(ActionAskHandoffContact(), step_tracker("", CONTACT_SLOT, failures=1))
    assert "cancel" in said(messages)


async def test_validation_fills_a_step_or_reasks_with_the_reason(catalog):
    messages, slots = await run(ValidateHandoffForm(), step_tracker("Priya Sharma", NAME_SLOT))
    assert slots[NAME_SLOT] == "Priya Sharma" and not messages
    assert "requested_slot" not in slots  # Rasa asks the next empty step
    messages, slots = await run(ValidateHandoffForm(), step_tracker("55555", CONTACT_SLOT))
    assert CONTACT_SLOT not in slots and slots[STATE_SLOT]["failures"] == 1
    assert "phone number" in said(messages)
    _, slots = await run(ValidateHandoffForm(), step_tracker("55555", CONTACT_SLOT, failures=2))
    assert slots["requested_slot"] is None and slots[STATE_SLOT]["ended"] == GAVE_UP


async def test_saying_no_to_consent_stores_nothing(catalog):
    sender = "student-no-consent"
    _, slots = await run(
        ValidateHandoffForm(), step_tracker("", CONSENT_SLOT, intent="deny", sender_id=sender)
    )
    assert slots["requested_slot"] is None and slots[STATE_SLOT]["ended"] == DECLINED
    messages, cleared = await run(
        ActionHandoffSubmit(),
        make_tracker("", intent="deny", slots={STATE_SLOT: slots[STATE_SLOT]}, sender_id=sender),
    )
    assert "not shared or saved anything" in said(messages)
    assert all(value is None for value in cleared.values())
    assert not [item for item in handoff_queue() if item.name == sender]


def finished(sender: str, name: str, contact: str, extra: dict | None = None):
    slots = {CONSENT_SLOT: "yes", NAME_SLOT: name, CONTACT_SLOT: contact, **(extra or {})}
    return make_tracker("", slots=slots, sender_id=sender)


async def test_a_complete_request_is_stored_with_the_profile_and_top_roles(catalog):
    sender = "student-with-roles"
    profile = Profile().merged(extract(BPO_PROFILE, catalog))
    answers = {slot: intake.display(slot, profile, catalog) for slot in intake.SLOTS}
    answers["profile"] = profile.to_dict()
    recommended, advice_slots = await run(
        ActionRecommend(), make_tracker("yes", intent="affirm", slots=answers, sender_id=sender)
    )
    card = recommended[0]["custom"]
    assert card["buttons"][-1] == {"title": "Talk to a counselor", "payload": "/talk_to_counselor"}
    shown = [item["name"] for item in card["items"]]

    state = {**answers, **advice_slots}
    messages, cleared = await run(
        ActionHandoffSubmit(), finished(sender, "Priya Sharma", "+919876543210", state)
    )
    assert "Priya Sharma" in said(messages) and "+91 98765 43210" in said(messages)
    assert "What happens next" in said(messages)
    assert {cleared[slot] for slot in (*handoff.STEPS, STATE_SLOT)} == {None}
    stored = [item for item in handoff_queue() if item.name == "Priya Sharma"]
    assert len(stored) == 1 and stored[0].status == "new" and stored[0].channel == "rest"
    assert stored[0].phone == "+919876543210" and stored[0].top_roles == shown
    assert "12th pass" in stored[0].summary and shown[0] in stored[0].summary
    assert "want a job quickly" not in stored[0].summary  # the answers, not the user's words

    # Asking again while the request is open updates it, with the new contact.
    messages, _ = await run(
        ActionHandoffSubmit(), finished(sender, "Priya S.", "priya@example.com", state)
    )
    assert "updated" in said(messages)
    again = [item for item in handoff_queue() if item.name in ("Priya Sharma", "Priya S.")]
    assert len(again) == 1 and again[0].email == "priya@example.com" and again[0].phone is None

    forget_sender("rest", sender)  # "delete my data" takes the request with it
    assert not [item for item in handoff_queue() if item.name == "Priya S."]


async def test_a_request_before_any_answers_says_so_in_the_summary(catalog):
    await run(ActionHandoffSubmit(), finished("student-early", "Ravi", "ravi@example.com"))
    stored = [item for item in handoff_queue() if item.name == "Ravi"]
    assert stored and stored[0].summary == handoff.text("handoff.summary_empty")
    assert stored[0].top_roles == []


async def test_a_database_outage_stores_nothing_and_says_so(catalog, monkeypatch):
    import careerpath.handoff
    from careerpath.userdata import StorageUnavailable

    def database_down(**_request):
        raise StorageUnavailable("request_handoff", "connection refused")

    monkeypatch.setattr(careerpath.handoff, "request_handoff", database_down)
    messages, cleared = await run(
        ActionHandoffSubmit(), finished("student-down", "Asha", "+919876543210")
    )
    assert "could not save" in said(messages) and "nothing was stored" in said(messages)
    assert titles(messages) == ["Talk to a counselor"]  # one tap to try again
    assert cleared[CONTACT_SLOT] is None


async def test_guided_mode_has_no_counselor_button_and_no_form(catalog):
    profile = Profile().merged(extract(BPO_PROFILE, catalog))
    answers = {slot: intake.display(slot, profile, catalog) for slot in intake.SLOTS}
    answers.update(profile=profile.to_dict(), channel_mode="guided")
    messages, _ = await run(ActionRecommend(), make_tracker("yes", intent="affirm", slots=answers))
    assert "Talk to a counselor" not in [b["title"] for b in messages[0]["custom"]["buttons"]]
    messages, events = await run(
        ActionHandoffStart(), make_tracker("talk to a counselor", slots={"channel_mode": "guided"})
    )
    assert "already with you" in said(messages) and not events
    guided = make_tracker("talk to a counselor", slots={"channel_mode": "guided"})
    guided.active_loop = {"name": "handoff_form"}
    _, slots = await run(ValidateHandoffForm(), guided)  # a backstop: the rules keep it out
    assert slots["requested_slot"] is None


async def test_terminal_and_telegram_get_the_same_questions_as_text_with_buttons(catalog):
    for channel in ("cmdline", "telegram"):
        messages, _ = await run(
            ActionAskHandoffConsent(), step_tracker("", CONSENT_SLOT, input_channel=channel)
        )
        assert "Is that okay?" in said(messages) and len(titles(messages)) == 2
