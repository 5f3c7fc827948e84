"""The web widget's report hand-off (the "report saved" link opens the counselor workspace,
where the counselor signs in and the report reads on a phone), the real REST channel handling
a resent key once, and the library pieces the widget relies on. Screenshots: tests/output/widget/.
"""

from __future__ import annotations

import json
import time
from collections import Counter

import pytest

from harness.stack import free_port
from tests.widget_reliability_support import (
    SCREENSHOTS,
    KeyedFakeRasa,
    new_page,
    pdf_pages,
    real_report,
    reliable_reply,
    reloaded,
    run_apart,
    send_text,
    sender_of,
    shoot,
)
from tests.widget_support import (
    bot_texts,
    open_demo_page,
    user_texts,
    wait_idle,
)

expect = pytest.importorskip("playwright.sync_api").expect  # skipped without Playwright


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_report_link_opens_the_workspace_where_the_counselor_signs_in(
    browser, static_site, tmp_path, size
):
    from careerpath.accounts import create_account
    from careerpath.conversation import guided
    from careerpath.userdata import new_report_code, save_report
    from tests.workspace_support import ADMIN_PASSWORD, running_workspace

    code = new_report_code()
    with running_workspace(tmp_path) as workspace:
        create_account("root", ADMIN_PASSWORD, admin=True, url=workspace.database_url)
        html = real_report("Asha Rao", code)
        save_report(
            channel="rest",
            sender="web-handoff",
            counselor=None,
            profile={},
            advice={},
            markdown=f"# {code}",
            html=html,
            note=None,
            code=code,
            url=workspace.database_url,
        )
        saved = guided.report_saved(code, guided.report_link(code, workspace.url), "Finance")

        def reply(message: str) -> list:
            if message == "finish":
                return [{"text": saved.text, "buttons": saved.buttons}]
            return reliable_reply(message)

        server = KeyedFakeRasa(allowed_origin=static_site, reply=reply).start()
        page = new_page(browser, size)
        try:
            open_demo_page(page, static_site, server.url, query="?mode=guided")
            page.get_by_role("button", name="Skip").click()
            wait_idle(page)
            send_text(page, "finish")
            wait_idle(page)
            link = page.locator(".cp-bubble-bot a").last
            expect(link).to_have_attribute("href", f"{workspace.url}/reports/{code}")
            assert "token" not in bot_texts(page)[-1]
            shoot(page, "report-saved-link")
            with page.context.expect_page() as opened:
                link.click()
            report = opened.value
            report.wait_for_load_state()
            assert "/signin" in report.url, "the counselor signs in first"
            report.get_by_label("Username").fill("root")
            report.get_by_label("Password").fill(ADMIN_PASSWORD)
            report.get_by_role("button", name="Sign in").click()
            report.wait_for_url(f"{workspace.url}/reports/{code}")
            assert "token" not in report.url
            expect(report.locator("header.top")).to_contain_text(code)
            expect(report.locator("header.top")).to_contain_text("Asha Rao")
            assert code in report.title() and "Asha Rao" in report.title()
            width = report.evaluate("() => document.documentElement.scrollWidth")
            assert width <= report.viewport_size["width"], f"the report is {width} px wide"
            if size == "phone":
                expect(report.locator(".fit-list")).to_be_visible()  # the chart as readable bars
                expect(report.locator("figure.fit img")).to_be_hidden()
            report.screenshot(
                path=str(SCREENSHOTS / f"report-signed-in-{size}.png"), full_page=size == "phone"
            )
            if size == "desktop":
                # Printed by the browser and as the workspace's PDF: every page is marked.
                (SCREENSHOTS / "report-printed.pdf").write_bytes(report.pdf())
                download = report.context.request.get(f"{workspace.url}/reports/{code}.pdf")
                assert download.ok, download.status
                (SCREENSHOTS / "report-workspace.pdf").write_bytes(download.body())
                for name in ("report-printed.pdf", "report-workspace.pdf"):
                    pages = pdf_pages(SCREENSHOTS / name)
                    assert len(pages) >= 3, name
                    for number, text in enumerate(pages, start=1):
                        assert f"{code} · Asha Rao" in text, f"{name} page {number}"
                        assert f"Page {number} of {len(pages)}" in text, f"{name} page {number}"
        finally:
            server.stop()
            page.context.close()


# ------------------------------------------------------------------ the real REST channel


@pytest.mark.e2e
def test_the_rest_channel_handles_a_resent_key_once(rasa_stack):
    import requests

    sender = f"web-idem-{int(time.time() * 1000)}"
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"

    def post(text: str, key: str, attempt: int) -> list:
        metadata = {"message_id": key, "attempt": attempt}
        body = {"sender": sender, "message": text, "metadata": metadata}
        response = requests.post(url, json=body, timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    post("/greet", "k-greet-0001", 1)
    first = post("/ask_career_advice", "k-advice-0001", 1)
    again = post("/ask_career_advice", "k-advice-0001", 2)  # a reload re-sent it
    assert again == first and first, "the copy gets the first replies"
    events = rasa_stack.tracker(sender)["events"]
    users = [event for event in events if event.get("event") == "user"]
    assert Counter(event.get("text") for event in users)["/ask_career_advice"] == 1
    assert any(event.get("message_id") == "k-advice-0001" for event in users)
    # A new key with the same text is a new message.
    post("/ask_career_advice", "k-advice-0002", 1)
    users = [e for e in rasa_stack.tracker(sender)["events"] if e.get("event") == "user"]
    assert Counter(event.get("text") for event in users)["/ask_career_advice"] == 2
    assert json.dumps(first)  # replies are plain JSON


# ------------------------------------------------------------------ library level (no browser)


def test_skill_buttons_come_from_the_education_field(tmp_path):
    from careerpath.conversation.questions import MAX_CHOICE_BUTTONS, choice_buttons
    from careerpath.kb.repository import load_catalog

    catalog = load_catalog(f"sqlite:///{tmp_path / 'kb.db'}")
    commerce = choice_buttons("skills", catalog, "commerce")
    titles = [button["title"] for button in commerce]
    assert {"Tally", "MS Excel", "Accounting basics"} <= set(titles), titles
    assert all(button.get("multiple") for button in commerce[:-1])
    assert commerce[-1]["payload"] == "no skills yet" and "multiple" not in commerce[-1]
    law = [button["title"] for button in choice_buttons("skills", catalog, "law")]
    assert "Legal research" in law and "Tally" not in law
    unknown = choice_buttons("skills", catalog, None)
    assert len(unknown) == MAX_CHOICE_BUTTONS + 1, "without a field: the common skills"


def test_a_copy_gets_the_replies_stored_after_its_key():
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from careerpath_rasa.channels.idempotency import is_resend, message_key, replies_to

    store = InMemoryTrackerStore(Domain.empty())
    tracker = DialogueStateTracker("web-x", [])
    buttons = [{"title": "Graduate", "payload": "I am a graduate"}]
    for event in (
        UserUttered("hi", message_id="key-first-0001"),
        BotUttered("Hello!", {"buttons": buttons}),
        UserUttered("I did B.Com", message_id="key-second-0002"),
        BotUttered("Which skills?"),
        BotUttered(None, {"custom": {"type": "recommendations", "items": []}}),
    ):
        tracker.update(event)
    run_apart(store.save(tracker))
    assert run_apart(replies_to(store, "web-x", "key-first-0001")) == [
        {"recipient_id": "web-x", "text": "Hello!", "buttons": buttons}
    ]
    assert run_apart(replies_to(store, "web-x", "key-second-0002")) == [
        {"recipient_id": "web-x", "text": "Which skills?"},
        {"recipient_id": "web-x", "custom": {"type": "recommendations", "items": []}},
    ]
    assert run_apart(replies_to(store, "web-x", "key-unknown-0003")) is None
    assert run_apart(replies_to(store, "web-nobody", "key-first-0001")) is None
    assert message_key({"message_id": "m0123456789abcdef01234567"}) == "m0123456789abcdef01234567"
    for bad in ({"message_id": "<script>"}, {"message_id": 7}, {"message_id": "x" * 65}, None):
        assert message_key(bad) is None
    assert is_resend({"attempt": 2}) and not is_resend({"attempt": 1})
    assert not is_resend({"attempt": True}) and not is_resend({"attempt": "2"})


def test_the_report_names_the_student_given_when_the_session_started():
    from rasa_sdk import Tracker

    from actions.guided import named_student

    def user(text, intent, metadata=None):
        return {
            "event": "user",
            "text": text,
            "parse_data": {"intent": {"name": intent}},
            "metadata": metadata or {},
        }

    def tracker(events):
        return Tracker("web-g", {}, {}, events, False, None, {}, "action_listen")

    started = user("/guided_mode", "guided_mode", {"student_name": "  Asha   Rao "})
    assert named_student(tracker([started, user("B.Com", "inform")])) == "Asha Rao"
    assert named_student(tracker([user("/guided_mode", "guided_mode")])) is None
    # The latest session counts: the next student without a name is not the last one's.
    assert named_student(tracker([started, user("/guided_mode", "guided_mode")])) is None
    assert named_student(tracker([user("hi", "greet")])) is None


@pytest.mark.e2e
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_an_answer_lost_on_the_way_and_a_reload_against_the_real_bot(browser, rasa_stack, size):
    """The real REST channel handles the message; its answer is cut on the way back (the
    browser sees a reset connection) and the page is reloaded: the widget sends the message
    again with its key, and the bot answers it from the stored turn instead of handling it
    twice."""
    page = new_page(browser, size)
    cut: list[str] = []

    def lose_the_first_answer(route):
        body = json.loads(route.request.post_data or "{}")
        if body.get("message") == "I did B.Com" and not cut:
            route.fetch()  # the bot handles it...
            cut.append(body["metadata"]["message_id"])
            route.abort("connectionreset")  # ...but the answer never arrives
        else:
            route.continue_()

    page.route("**/webhooks/rest/webhook", lose_the_first_answer)
    try:
        open_demo_page(page, rasa_stack.web_url, rasa_stack.rasa_url)
        page.locator(".cp-launcher").click()
        wait_idle(page)
        sender = sender_of(page)
        start = page.locator(".cp-quick-btn:not([disabled])").first
        start.click()
        wait_idle(page)
        send_text(page, "I did B.Com")
        expect(page.locator(".cp-row-user.cp-pending")).to_have_count(1, timeout=15_000)
        reloaded(page)
        wait_idle(page, 90_000)
        expect(page.locator(".cp-pending")).to_have_count(0)
        assert cut, "the first answer was cut"
        users = [e for e in rasa_stack.tracker(sender)["events"] if e.get("event") == "user"]
        assert [e.get("text") for e in users].count("I did B.Com") == 1, "handled once"
        assert user_texts(page).count("I did B.Com") == 1
        assert bot_texts(page)[-1], "the answer to it is shown after the reload"
        shoot(page, "e2e-answer-lost-and-reload")
    finally:
        page.context.close()


def test_an_old_report_link_opened_in_a_browser_goes_on_to_the_workspace(monkeypatch):
    from types import SimpleNamespace

    from careerpath_rasa.channels.reports import CounselorReportsInput

    def request(accept: str, token: str | None = None):
        headers = {"Accept": accept}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return SimpleNamespace(headers=headers, args=SimpleNamespace(get={}.get))

    monkeypatch.setenv("WORKSPACE_URL", "https://desk.academy.example/")
    monkeypatch.setenv("COUNSELOR_TOKENS", "alice:tok-1")
    channel = CounselorReportsInput()
    browser_accept = "text/html,application/xhtml+xml,*/*;q=0.8"
    moved = run_apart(channel.serve(request(browser_accept), "cp-abcd2345.HTML"))
    assert moved.status == 303
    assert moved.headers["Location"] == "https://desk.academy.example/reports/CP-ABCD2345"
    # Scripts (no HTML wanted) and wrong tokens still get 401, as before.
    assert run_apart(channel.serve(request("*/*"), "CP-ABCD2345.html")).status == 401
    assert (
        run_apart(channel.serve(request(browser_accept, "nope"), "CP-ABCD2345.html")).status == 401
    )
    assert run_apart(channel.serve(request(browser_accept), "CP-ABCD2345")).status == 401


def test_next_student_on_the_workspace_guided_page_goes_back_to_my_students(browser, tmp_path):
    from careerpath.accounts import create_account
    from tests.workspace_support import PASSWORD, running_workspace

    port = free_port()
    rasa = KeyedFakeRasa(allowed_origin=f"http://127.0.0.1:{port}").start()
    env = {"WORKSPACE_PORT": str(port), "WORKSPACE_RASA_URL": rasa.url}
    try:
        with running_workspace(tmp_path, env) as workspace:
            create_account("alice", PASSWORD, url=workspace.database_url)
            page = new_page(browser, "phone")
            page.goto(workspace.url + "/signin")
            page.get_by_label("Username").fill("alice")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_label("Student's name").fill("Neha Verma")
            page.get_by_role("button", name="Start session").click()
            page.wait_for_function("() => window.CareerPathChat && !window.CareerPathChat.busy()")
            expect(page.locator(".cp-name-form")).to_have_count(0)  # named in the workspace
            started = [body for body in rasa.requests if body["message"] == "/guided_mode"]
            assert started and started[0]["metadata"].get("guided_ticket")
            send_text(page, "finish")
            wait_idle(page)
            page.get_by_role("button", name="New guided session").click()
            page.wait_for_url(workspace.url + "/students")
            expect(page.get_by_label("Student's name")).to_be_visible()
            page.context.close()
    finally:
        rasa.stop()
