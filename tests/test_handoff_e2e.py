"""Asking for a counselor with the real bot: through Rasa's REST channel (the widget's) and in
the widget itself in Chromium, then the request in the workspace's queue; saying no to
consent stores nothing."""

from __future__ import annotations

import random
import string
import uuid

import pytest

from careerpath.accounts import create_account
from careerpath.handoff import handoff_queue
from harness.stack import texts
from tests.workspace_support import PASSWORD, Browserless, running_workspace

pytestmark = pytest.mark.e2e


def letters(count: int = 6) -> str:
    """A made-up surname: a name is letters, so no uuid digits."""
    return "".join(random.choices(string.ascii_lowercase, k=count)).capitalize()


def titles(messages: list[dict]) -> list[str]:
    return [button["title"] for message in messages for button in message.get("buttons") or []]


def workspace_env(stack) -> dict[str, str]:
    return {
        "DATABASE_URL": stack.database_url,
        "TRACKER_STORE_URL": f"sqlite:///{stack.tracker_db_path}",
        "WORKSPACE_RASA_URL": stack.rasa_url,
    }


def test_a_request_over_rest_reaches_the_workspace_queue(rasa_stack, tmp_path):
    name = f"Kavya {letters()}"
    sender = f"web-{uuid.uuid4().hex}"
    replies = rasa_stack.send(sender, "mujhe counselor se baat karni hai")
    assert "Is that okay?" in texts(replies), texts(replies)
    assert titles(replies) == ["Yes, share it", "No, thanks"]
    replies = rasa_stack.send(sender, "/affirm")
    assert "What name" in texts(replies), texts(replies)
    replies = rasa_stack.send(sender, f"my name is {name}")
    assert "reach you" in texts(replies), texts(replies)
    replies = rasa_stack.send(sender, "12345")
    assert "phone number does not look right" in texts(replies), texts(replies)
    assert "cancel" in texts(replies)  # the re-ask says how to stop
    replies = rasa_stack.send(sender, "98765 43210")
    said = texts(replies)
    assert name in said and "+91 98765 43210" in said and "What happens next" in said, said

    stored = [item for item in handoff_queue(url=rasa_stack.database_url) if item.name == name]
    assert len(stored) == 1 and stored[0].channel == "rest" and stored[0].status == "new"

    with running_workspace(tmp_path, workspace_env(rasa_stack)) as workspace:
        counselor = f"neha{uuid.uuid4().hex[:6]}"
        create_account(counselor, PASSWORD, url=rasa_stack.database_url)
        neha = Browserless(workspace.url)
        assert neha.sign_in(counselor, PASSWORD).status_code == 303
        queue = neha.get("/handoffs?status=new").text
        assert name in queue and "+919876543210" in queue and "the website chat" in queue


def test_no_consent_stores_nothing_and_asking_inside_the_intake_pauses_it(rasa_stack):
    sender = f"web-{uuid.uuid4().hex}"
    queued_before = len(handoff_queue(url=rasa_stack.database_url))
    rasa_stack.send(sender, "/ask_career_advice")
    replies = rasa_stack.send(sender, "/talk_to_counselor")
    assert "Is that okay?" in texts(replies), texts(replies)
    replies = rasa_stack.send(sender, "/deny")
    assert "not shared or saved anything" in texts(replies), texts(replies)
    assert not (rasa_stack.tracker(sender).get("active_loop") or {}).get("name")
    assert len(handoff_queue(url=rasa_stack.database_url)) == queued_before
    replies = rasa_stack.send(sender, "/ask_career_advice")  # the paused intake goes on
    assert "qualification" in texts(replies), texts(replies)


@pytest.mark.parametrize(
    "message, button, consent",
    [
        ("did BA in history, dont know what i want to do", "Talk to a counselor", "Is that okay?"),
        ("मुझे नहीं पता मुझे क्या करना है", "Counselor से बात करें", None),
    ],
)
def test_not_knowing_what_you_want_offers_a_counselor_beside_the_interests(
    rasa_stack, message, button, consent
):
    sender = f"web-{uuid.uuid4().hex}"
    replies = rasa_stack.send(sender, message)
    assert button in titles(replies), replies
    assert rasa_stack.tracker(sender)["slots"]["requested_slot"] == "interests"
    replies = rasa_stack.send(sender, "/talk_to_counselor")  # the button
    assert (rasa_stack.tracker(sender).get("active_loop") or {}).get("name") == "handoff_form"
    if consent:
        assert consent in texts(replies), texts(replies)


def test_widget_request_in_chromium_then_the_queue_shows_it(rasa_stack, tmp_path):
    playwright_sync = pytest.importorskip("playwright.sync_api")
    from tests.widget_support import (
        CHROMIUM,
        CHROMIUM_ARGS,
        bot_texts,
        open_demo_page,
        screenshot,
        type_message,
        wait_idle,
    )

    name = f"Meera {letters()}"
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 412, "height": 860}).new_page()
            open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
            page.locator(".cp-launcher").click()
            wait_idle(page)
            type_message(page, "talk to a counselor")
            page.get_by_role("button", name="Yes, share it").last.click()
            wait_idle(page)
            type_message(page, name)
            type_message(page, "+91 98765 43210")
            assert name in bot_texts(page)[-1] and "+91 98765 43210" in bot_texts(page)[-1]
            screenshot(page, "handoff-request-phone")

            with running_workspace(tmp_path, workspace_env(rasa_stack)) as workspace:
                counselor = f"ravi{uuid.uuid4().hex[:6]}"
                create_account(counselor, PASSWORD, url=rasa_stack.database_url)
                desk = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
                desk.goto(workspace.url + "/signin")
                desk.get_by_label("Username").fill(counselor)
                desk.get_by_label("Password").fill(PASSWORD)
                desk.get_by_role("button", name="Sign in").click()
                desk.goto(workspace.url + "/handoffs?status=new")
                row = desk.locator("tr", has_text=name)
                assert row.count() == 1 and "+919876543210" in row.inner_text()
                screenshot(desk, "handoff-request-in-queue")
        finally:
            browser.close()


def test_a_request_over_telegram_by_buttons_then_delete_my_data_removes_it(
    rasa_stack, fake_telegram_api
):
    from tests.telegram_user import TelegramUser, find_button, shown

    name = f"Imran {letters()}"
    email = f"{name.split()[1].lower()}@example.com"
    user = TelegramUser(rasa_stack, fake_telegram_api)
    asked = user.say("call me")
    yes = find_button(asked, "yes, share")
    assert yes is not None and find_button(asked, "no, thanks"), [shown(m) for m in asked]
    replies = user.press(yes)
    assert "What name" in " ".join(shown(m) for m in replies)
    assert find_button(replies, "cancel") is not None
    user.say(name)
    done = " ".join(shown(m) for m in user.say(f"mail me at {email}"))
    assert name in done and email in done, done
    stored = [item for item in handoff_queue(url=rasa_stack.database_url) if item.name == name]
    assert len(stored) == 1 and stored[0].channel == "telegram" and stored[0].email == email

    confirm = user.say("/forget")
    user.press(find_button(confirm, "yes"))
    assert not [i for i in handoff_queue(url=rasa_stack.database_url) if i.name == name]
