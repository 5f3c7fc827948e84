"""Hand-off requests: validation, the queue's moves, "delete my data", and the queue page."""

from __future__ import annotations

import pytest

from careerpath.accounts import create_account
from careerpath.counseling import Viewer, find_student, save_note
from careerpath.db.engine import reset_engines
from careerpath.handoff import (
    InvalidHandoff,
    handoff_queue,
    move_handoff,
    normalise_email,
    normalise_phone,
    request_handoff,
)
from careerpath.userdata import count_rows, forget_sender
from tests.workspace_support import PASSWORD, Browserless, guided_student, running_workspace


@pytest.fixture()
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_STORE_URL", raising=False)
    reset_engines()
    yield url
    reset_engines()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("98765 43210", "+919876543210"),
        ("+91-98765-43210", "+919876543210"),
        ("09876543210", "+919876543210"),
        ("(987) 654-3210", "+919876543210"),
        ("+44 20 7946 0958", "+442079460958"),
        ("12345", None),
        ("5876543210", None),
        ("+91 12345 67890", None),
        ("call me", None),
        ("", None),
    ],
)
def test_phone_numbers(text, expected):
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text, ok",
    [
        ("asha.rao@example.com", True),
        ("a@b.co", True),
        ("asha@", False),
        ("asha@example", False),
        ("<script>@x.com", False),
        ("a b@example.com", False),
    ],
)
def test_email_addresses(text, ok):
    assert (normalise_email(text) is not None) == ok


def test_a_request_needs_a_name_and_a_valid_contact(db):
    with pytest.raises(InvalidHandoff, match="name"):
        request_handoff(channel="rest", sender="web-1", name=" ", contact="9876543210", summary="")
    with pytest.raises(InvalidHandoff, match="phone number"):
        request_handoff(channel="rest", sender="web-1", name="Asha", contact="12345", summary="")
    with pytest.raises(InvalidHandoff, match="e-mail"):
        request_handoff(channel="rest", sender="web-1", name="Asha", contact="asha@", summary="")
    assert handoff_queue() == []
    made = request_handoff(
        channel="telegram",
        sender="tg:42",
        name="Asha  Rao",
        contact="98765 43210",
        summary="B.Com, Tally; wants day shifts",
        top_roles=["Accounts Associate"],
    )
    assert (made.name, made.phone, made.email, made.status) == (
        "Asha Rao",
        "+919876543210",
        None,
        "new",
    )
    again = request_handoff(
        channel="telegram",
        sender="tg:42",
        name="Asha Rao",
        contact="asha@example.com",
        summary="B.Com, Tally",
        top_roles=["Accounts Associate"],
    )
    assert again.id == made.id and (again.phone, again.email) == (None, "asha@example.com")
    assert len(handoff_queue()) == 1  # asking twice is one request


def test_claim_contact_close_and_who_may_move_a_request(db):
    item = request_handoff(
        channel="rest", sender="web-2", name="Ravi", contact="ravi@example.com", summary="12th pass"
    )
    assert move_handoff(item.id, "claimed", "alice").claimed_by == "alice"
    with pytest.raises(PermissionError):
        move_handoff(item.id, "contacted", "bob")
    with pytest.raises(InvalidHandoff):
        move_handoff(item.id, "claimed", "alice")  # already claimed
    assert move_handoff(item.id, "contacted", "alice").status == "contacted"
    assert move_handoff(item.id, "closed", "root", is_admin=True).status == "closed"
    with pytest.raises(InvalidHandoff):
        move_handoff(item.id, "new", "alice")  # closed is final
    with pytest.raises(LookupError):
        move_handoff(999, "claimed", "alice")


def test_delete_my_data_removes_requests_notes_and_sessions(db):
    student = guided_student(db, "alice", "Asha", "web-forget-1")
    request_handoff(
        channel="rest", sender="web-forget-1", name="Asha", contact="9876543210", summary=""
    )
    request_handoff(
        channel="rest", sender="web-other", name="Other", contact="9876543211", summary=""
    )
    viewer = Viewer("alice")
    save_note(viewer, find_student(viewer, student["key"]), "Wants to study further")
    deleted = forget_sender("rest", "web-forget-1")
    assert (deleted.reports, deleted.handoffs, deleted.notes) == (1, 1, 2)  # note + guided session
    assert find_student(viewer, student["key"]) is None
    assert [item.name for item in handoff_queue()] == ["Other"]
    assert sum(count_rows("rest", "web-forget-1").values()) == 0


def test_the_queue_page_claims_and_closes(tmp_path):
    with running_workspace(tmp_path) as workspace:
        url = workspace.database_url
        create_account("alice", PASSWORD, url=url)
        create_account("bob", PASSWORD, url=url)
        code = guided_student(url, "carol-not-here", "Asha", "web-q-1")["code"]
        item = request_handoff(
            channel="rest",
            sender="web-q-1",
            name="Asha <b>Rao</b>",
            contact="9876543210",
            summary="B.Com; Tally",
            top_roles=["Accounts Associate"],
            report_code=code,
            url=url,
        )
        alice, bob = Browserless(workspace.url), Browserless(workspace.url)
        alice.sign_in("alice", PASSWORD)
        bob.sign_in("bob", PASSWORD)
        page = alice.get("/handoffs").text
        assert (
            "Asha &lt;b&gt;Rao&lt;/b&gt;" in page
            and "+919876543210" in page
            and "Accounts Associate" in page
        )
        assert f"/reports/{code}" not in page  # the report opens once claimed
        assert alice.get(f"/reports/{code}").status_code == 404
        assert (
            alice.post(f"/handoffs/{item.id}", {"action": "claim"}, with_csrf=False).status_code
            == 403
        )
        assert alice.post(f"/handoffs/{item.id}", {"action": "claim"}).status_code == 303
        assert f"/reports/{code}" in alice.get("/handoffs").text
        assert alice.get(f"/reports/{code}").status_code == 200
        assert bob.post(f"/handoffs/{item.id}", {"action": "contacted"}).status_code == 409
        assert bob.get(f"/reports/{code}").status_code == 404
        assert alice.post(f"/handoffs/{item.id}", {"action": "contacted"}).status_code == 303
        assert alice.post(f"/handoffs/{item.id}", {"action": "close"}).status_code == 303
        assert alice.post(f"/handoffs/{item.id}", {"action": "bogus"}).status_code == 400
        assert "closed" in alice.get("/handoffs?status=closed").text
        assert "No requests with this status" in alice.get("/handoffs?status=new").text
