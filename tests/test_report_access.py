"""Counselor report access: tokens from COUNSELOR_TOKENS, scoped to the report's counselor.

Calls the channel's request handler with real stored reports in a SQLite file; the same
route through a running Rasa server is covered in test_persistence_e2e.py.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from careerpath.db.engine import reset_engines
from careerpath.db.migrate import upgrade_schema
from careerpath.userdata import save_report
from careerpath_rasa.channels.reports import CounselorReportsInput, counselor_for, parse_tokens

TOKENS = "alice:alice-token-1, bob:bob-token-2,broken-pair"


@pytest.fixture
def reports(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'reports.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COUNSELOR_TOKENS", TOKENS)
    upgrade_schema(url)
    codes = {
        owner: save_report(
            channel="rest",
            sender="student-1",
            counselor=owner,
            profile={"degree": "bcom"},
            advice={"recommendations": []},
            markdown="# Plan",
            html="<h1>Plan</h1>",
            note="follow up in a week",
        )
        for owner in ("alice", None)
    }
    yield codes
    reset_engines()


def request(token=None, in_query=False):
    headers = {"Authorization": f"Bearer {token}"} if token and not in_query else {}
    args = {"token": token} if token and in_query else {}
    return SimpleNamespace(headers=headers, args=SimpleNamespace(get=args.get))


async def get(code, **kwargs):
    return await CounselorReportsInput().serve(request(**kwargs), code)


def test_tokens_are_parsed_and_compared_exactly():
    tokens = parse_tokens(TOKENS)
    assert tokens == {"alice-token-1": "alice", "bob-token-2": "bob"}
    assert counselor_for("bob-token-2", tokens) == "bob"
    assert counselor_for("bob-token-", tokens) is None and counselor_for(None, tokens) is None


async def test_no_token_or_a_wrong_token_is_refused_with_401(reports):
    assert (await get(reports["alice"])).status == 401
    assert (await get(reports["alice"], token="nope")).status == 401


async def test_another_counselors_token_is_refused_with_403(reports):
    refused = await get(reports["alice"], token="bob-token-2")
    assert refused.status == 403 and b"Plan" not in refused.body


async def test_the_owner_reads_json_and_html(reports):
    as_json = await get(reports["alice"], token="alice-token-1")
    assert as_json.status == 200
    body = json.loads(as_json.body)
    assert (
        body["code"] == reports["alice"]
        and body["counselor"] == "alice"
        and body["markdown"] == "# Plan"
    )
    as_html = await get(reports["alice"] + ".html", token="alice-token-1", in_query=True)
    assert as_html.status == 200 and as_html.body == b"<h1>Plan</h1>"


async def test_a_report_without_a_counselor_is_open_to_every_counselor_but_nobody_else(reports):
    # Guided sessions run in an unauthenticated chat, so their reports name no counselor
    # and belong to the whole team (rule and reasons: careerpath_rasa/channels/reports.py).
    for token in ("alice-token-1", "bob-token-2"):
        opened = await get(reports[None], token=token)
        assert opened.status == 200 and json.loads(opened.body)["counselor"] is None
    for token in (None, "student-guess", "alice-token-1x"):
        refused = await get(reports[None], token=token)
        assert refused.status == 401 and b"Plan" not in refused.body


async def test_every_opened_report_leaves_an_audit_line(reports, caplog):
    with caplog.at_level("INFO", logger="careerpath_rasa.channels.reports"):
        await get(reports[None], token="bob-token-2")
        await get(reports["alice"] + ".html", token="alice-token-1")
        await get(reports["alice"], token="bob-token-2")  # refused: a warning, not an "opened" line
    opened = [
        record.getMessage() for record in caplog.records if "opened report" in record.getMessage()
    ]
    assert opened == [
        f"Counselor 'bob' opened report {reports[None]} (a team report: no counselor recorded)",
        f"Counselor 'alice' opened report {reports['alice']}",
    ]
    assert any(
        "refused report" in record.getMessage() and record.levelname == "WARNING"
        for record in caplog.records
    )


async def test_unknown_codes_are_404_only_after_authentication(reports):
    assert (await get("CP-AAAAAAAA")).status == 401
    assert (await get("CP-AAAAAAAA", token="bob-token-2")).status == 404
    assert (await get("not a code", token="bob-token-2")).status == 404


async def test_without_configured_tokens_nobody_gets_in(reports, monkeypatch):
    monkeypatch.delenv("COUNSELOR_TOKENS")
    assert (await get(reports["alice"], token="alice-token-1")).status == 401


async def test_an_unreachable_database_is_a_503_please_try_again(reports, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    failed = await get(reports["alice"], token="alice-token-1")
    assert failed.status == 503 and b"try again" in failed.body


async def test_the_json_never_names_the_student_s_sender_id(reports):
    """On the REST channel the sender id is the conversation's only credential."""
    for code in reports.values():
        opened = await get(code, token="alice-token-1")
        assert "sender_id" not in json.loads(opened.body) and b"student-1" not in opened.body


async def test_codes_are_read_in_any_case_with_either_suffix_case(reports):
    code = reports["alice"]
    for variant in (code.lower(), code.upper() + ".HTML", code.lower() + ".Html", code[3:].lower()):
        opened = await get(variant, token="alice-token-1")
        assert opened.status == 200, variant
    assert (await get(code.lower() + ".HTML", token="alice-token-1")).body == b"<h1>Plan</h1>"
