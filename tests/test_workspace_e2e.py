"""The workspace with the real bot: a guided session started in the workspace, run through
Rasa's REST channel with the workspace's ticket, ends in a report that belongs to the
signed-in counselor, names the student, shows in My students, opens for that counselor only,
and counts on the insights page (computed from Rasa's stored events)."""

from __future__ import annotations

import re
import uuid

import pytest

from careerpath.accounts import create_account
from careerpath.userdata import load_report
from harness.stack import texts
from tests.workspace_support import ADMIN_PASSWORD, PASSWORD, Browserless, running_workspace

pytestmark = pytest.mark.e2e
CODE = re.compile(r"\bCP-[A-Z2-9]{8}\b")


def button(messages, title_start: str) -> str:
    """A button's payload, from plain messages or from a card payload's own buttons."""
    buttons = [
        b
        for m in messages
        for b in (m.get("buttons") or [])
        + (
            (m.get("custom") or {}).get("buttons") or []
            if isinstance(m.get("custom"), dict)
            else []
        )
    ]
    found = [b["payload"] for b in buttons if b["title"].startswith(title_start)]
    assert found, f"no button {title_start!r} in {[b['title'] for b in buttons]}"
    return found[0]


def test_a_workspace_guided_session_belongs_to_its_counselor(rasa_stack, tmp_path):
    env = {
        "DATABASE_URL": rasa_stack.database_url,
        "TRACKER_STORE_URL": f"sqlite:///{rasa_stack.tracker_db_path}",
        "WORKSPACE_RASA_URL": rasa_stack.rasa_url,
    }
    with running_workspace(tmp_path, env) as workspace:
        suffix = uuid.uuid4().hex[:6]
        counselor, other, admin = f"meera{suffix}", f"omar{suffix}", f"head{suffix}"
        create_account(counselor, PASSWORD, url=rasa_stack.database_url)
        create_account(other, PASSWORD, url=rasa_stack.database_url)
        create_account(admin, ADMIN_PASSWORD, admin=True, url=rasa_stack.database_url)
        meera = Browserless(workspace.url)
        assert meera.sign_in(counselor, PASSWORD).status_code == 303
        started = meera.post("/guided", {"student_name": f"Neha {suffix}"})
        ticket = started.headers["Location"].split("#ticket=")[1]

        sender = f"web-{uuid.uuid4().hex}"
        replies = rasa_stack.send(sender, "/guided_mode", metadata={"guided_ticket": ticket})
        assert "Step 1 of 8" in texts(replies), texts(replies)
        listing = meera.get("/students?status=in+progress").text
        assert f"Neha {suffix}" in listing
        steps = ("Graduate", "Working with numbers", "Attention to detail", "A stable job")
        for title in (*steps, "Skip", "Fresher", "1. "):
            replies = rasa_stack.send(sender, button(replies, title))
        assert "Step 8 of 8" in texts(replies), texts(replies)
        replies = rasa_stack.send(sender, "Meet again after the exams.")
        code = CODE.search(texts(replies)).group(0)

        stored = load_report(code, url=rasa_stack.database_url)
        assert stored.counselor == counselor
        assert f"Neha {suffix}" in stored.html  # the report names the student
        page = meera.get(f"/students?q={suffix}").text
        assert code in page and "report ready" in page
        assert meera.get(f"/reports/{code}").text == stored.html
        pdf = meera.get(f"/reports/{code}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

        omar = Browserless(workspace.url)
        omar.sign_in(other, PASSWORD)
        assert omar.get(f"/reports/{code}").status_code == 404
        assert f"Neha {suffix}" not in omar.get("/students").text

        head = Browserless(workspace.url)
        head.sign_in(admin, ADMIN_PASSWORD)
        insights = head.get("/insights?days=7").text
        funnel = insights.split('id="funnel"')[1].split("</table>")[0]
        numbers = [int(n) for n in re.findall(r'class="num">(\d+)<', funnel)]
        assert numbers[1] >= 1 and numbers[2] >= 1, (
            funnel
        )  # intake completed, recommendations reached
        assert sender not in insights
