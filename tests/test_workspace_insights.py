"""Academy insights from stored conversation events: the numbers of a seeded set, the page
(admins only), and no personal data on it."""

from __future__ import annotations

from datetime import datetime, timezone

from careerpath.accounts import create_account
from careerpath.handoff import request_handoff
from careerpath.insights import compute_insights, normalise_question
from tests.workspace_support import (
    ADMIN_PASSWORD,
    PASSWORD,
    Browserless,
    running_workspace,
    seed_conversations,
)


def test_questions_are_grouped_without_numbers_or_addresses():
    assert normalise_question("What is the FEES for 3 months??") == "what is the fees for # months"
    assert normalise_question("mail me at asha.rao@example.com") == "mail me at <email>"
    assert normalise_question("call 9876543210") == "call #"


def test_seeded_conversations_give_the_expected_numbers(tmp_path):
    tracker_url = f"sqlite:///{tmp_path / 'trackers.db'}"
    seed_conversations(tracker_url)
    today = datetime.now(timezone.utc).date()
    insights = compute_insights(tracker_url, {today: 1}, days=7, today=today)
    assert insights.totals == {
        "started": 5,
        "intake_completed": 2,
        "recommendations": 2,
        "handoffs": 1,
    }
    by_day = {counts.day: counts for counts in insights.days}
    assert sum(counts.started for counts in insights.days) == 5
    assert by_day[today].handoffs == 1
    assert insights.asked == {
        "education": 4,
        "skills": 3,
        "goals": 2,
        "preferences": 2,
        "experience": 2,
    }
    assert insights.dropped == {
        "education": 1,
        "skills": 1,
        "goals": 0,
        "preferences": 0,
        "experience": 0,
    }
    assert dict(insights.roles) == {
        "Data Analyst": 2,
        "Claims Processor": 2,
        "Customer Support Associate": 1,
        "Legal Process Associate": 1,
    }
    assert [(group.text, group.kind, group.count) for group in insights.questions] == [
        ("what is the fees for # months", "fallback", 2),
        ("can i work from home in pune", "FAQ miss", 1),
    ]


def test_no_events_table_gives_zeros(tmp_path):
    insights = compute_insights(f"sqlite:///{tmp_path / 'none.db'}", days=7)
    assert insights.totals["started"] == 0 and insights.events_read == 0 and len(insights.days) == 7


def test_the_insights_page_is_for_admins_and_shows_the_numbers(tmp_path):
    with running_workspace(tmp_path) as workspace:
        seed_conversations(f"sqlite:///{tmp_path / 'trackers.db'}")
        create_account("alice", PASSWORD, url=workspace.database_url)
        create_account("root", ADMIN_PASSWORD, admin=True, url=workspace.database_url)
        request_handoff(
            channel="rest",
            sender="web-seed-b",
            name="Asha Rao",
            contact="9876543210",
            summary="B.Com",
            url=workspace.database_url,
        )
        alice = Browserless(workspace.url)
        alice.sign_in("alice", PASSWORD)
        assert alice.get("/insights").status_code == 403
        root = Browserless(workspace.url)
        root.sign_in("root", ADMIN_PASSWORD)
        page = root.get("/insights?days=7").text
        funnel = page.split('id="funnel"')[1].split("</table>")[0]
        for step, count in (
            ("Conversations started", 5),
            ("Intake completed", 2),
            ("Recommendations reached", 2),
            ("Hand-offs requested", 1),
        ):
            assert f'{step}</td><td data-label="Count" class="num">{count}<' in funnel
        assert "what is the fees for # months" in page and "Legal Process Associate" in page
        for private in ("web-seed", "tg:99", "Asha Rao", "9876543210"):
            assert private not in page
        assert "<svg" in page
