"""The workspace over HTTP (a real server process): sign-in, rate limits, CSRF, ownership,
escaping, guided-session tickets, notes, reports and their PDF, sign-out."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from careerpath.accounts import create_account
from careerpath.counseling import redeem_ticket
from tests.workspace_support import (
    ADMIN_PASSWORD,
    PASSWORD,
    Browserless,
    csrf_of,
    guided_student,
    running_workspace,
    seed_report,
)

HOSTILE_NAME = '<script>window.__pwned=1</script>Asha "Rao"'


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workspace")
    with running_workspace(folder) as running:
        url = running.database_url
        for name in ("alice", "bob", "locked"):
            create_account(name, PASSWORD, url=url)
        create_account("root", ADMIN_PASSWORD, admin=True, url=url)
        running.alice = guided_student(url, "alice", HOSTILE_NAME, "web-alice-student-1")
        running.alice_waiting = guided_student(
            url, "alice", "Ravi Kumar", "web-alice-student-2", with_report=False
        )
        running.bob = guided_student(url, "bob", "Bina Shah", "web-bob-student-1")
        running.team_code = seed_report(url, sender="web-team-1", counselor=None)
        yield running


def signed_in(workspace, username="alice", password=PASSWORD) -> Browserless:
    client = Browserless(workspace.url)
    assert client.sign_in(username, password).status_code == 303
    return client


def test_pages_need_a_session(workspace):
    client = Browserless(workspace.url)
    assert client.get("/students").headers["Location"].startswith("/signin")
    assert client.post("/students/s1/note", {"note": "x"}).status_code == 401


def test_sign_in_sets_a_safe_cookie_and_refuses_a_wrong_password(workspace):
    client = Browserless(workspace.url)
    wrong = client.sign_in("alice", "not the password")
    assert wrong.status_code == 401 and "do not match" in wrong.text
    form = client.get("/signin")
    ok = client.post(
        "/signin",
        {
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "https://evil.example/",
        },
        with_csrf=False,
    )
    assert ok.status_code == 303 and ok.headers["Location"] == "/"  # no open redirect
    cookie = ok.headers["Set-Cookie"]
    assert "cp_ws_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert (
        "Secure" not in cookie
    )  # plain http on loopback; https or WORKSPACE_SECURE_COOKIES adds it


def test_repeated_failures_are_rate_limited(workspace):
    client = Browserless(workspace.url)
    for attempt in range(5):
        assert client.sign_in("locked", f"wrong {attempt}").status_code == 401
    limited = client.sign_in("locked", PASSWORD)
    assert limited.status_code == 429 and "Too many sign-in attempts" in limited.text
    assert int(limited.headers["Retry-After"]) > 0


def test_sign_in_without_the_form_token_is_refused(workspace):
    client = Browserless(workspace.url)
    response = client.post("/signin", {"username": "alice", "password": PASSWORD}, with_csrf=False)
    assert response.status_code == 403 and "cp_ws_session" not in response.headers.get(
        "Set-Cookie", ""
    )


def test_my_students_lists_only_my_students_escaped(workspace):
    alice = signed_in(workspace)
    page = alice.get("/students").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Asha &#34;Rao&#34;" in page
    assert "<script>window.__pwned" not in page
    assert "Ravi Kumar" in page
    assert workspace.alice["code"] in page and "Customer Support Associate" in page
    assert "Bina Shah" not in page and workspace.bob["code"] not in page
    assert workspace.team_code not in page  # a team report is for admins
    assert "Ravi Kumar" not in alice.get("/students?q=customer").text
    assert "Ravi Kumar" in alice.get("/students?status=in+progress").text
    assert "Asha" not in alice.get("/students?status=in+progress").text


def test_another_counselors_student_and_report_are_not_found(workspace):
    alice = signed_in(workspace)
    assert alice.get(f"/students/{workspace.bob['key']}").status_code == 404
    assert alice.get(f"/reports/{workspace.bob['code']}").status_code == 404
    assert alice.get(f"/reports/{workspace.bob['code']}.pdf").status_code == 404
    assert alice.get(f"/guided/{workspace.bob['key']}").status_code == 404
    assert (
        alice.post(f"/students/{workspace.bob['key']}/note", {"note": "mine now"}).status_code
        == 404
    )


def test_admin_sees_every_student_and_team_reports(workspace):
    root = signed_in(workspace, "root", ADMIN_PASSWORD)
    page = root.get("/students").text
    assert "Bina Shah" in page and "Ravi Kumar" in page and workspace.team_code in page
    assert root.get(f"/reports/{workspace.bob['code']}").status_code == 200


def test_notes_are_private_and_need_the_csrf_token(workspace):
    alice, root = signed_in(workspace), signed_in(workspace, "root", ADMIN_PASSWORD)
    key = workspace.alice["key"]
    refused = alice.post(f"/students/{key}/note", {"note": "forged"}, with_csrf=False)
    assert refused.status_code == 403
    wrong = alice.post(f"/students/{key}/note", {"note": "forged", "csrf_token": root.csrf})
    assert wrong.status_code == 403  # another session's token is no good either
    saved = alice.post(f"/students/{key}/note", {"note": "Call the father on Monday <b>early</b>"})
    assert saved.status_code == 303
    page = alice.get(f"/students/{key}?saved=1").text
    assert "Call the father on Monday &lt;b&gt;early&lt;/b&gt;" in page and "forged" not in page
    assert "Call the father" not in root.get(f"/students/{key}").text  # private even to admins


def test_starting_a_guided_session_hands_out_a_one_time_ticket(workspace):
    alice = signed_in(workspace)
    assert alice.post("/guided", {"student_name": "  "}).status_code == 400
    started = alice.post("/guided", {"student_name": "Neha Verma"})
    assert started.status_code == 303
    location = started.headers["Location"]
    assert location.startswith("/guided/s") and "?mode=guided#ticket=" in location
    key, ticket = location.split("/guided/")[1].split("?")[0], location.split("#ticket=")[1]
    page = alice.get(f"/guided/{key}").text
    assert 'data-server="http://localhost:5005"' in page and ticket not in page
    binding = redeem_ticket(ticket, "rest", "web-neha-1", url=workspace.database_url)
    assert binding.counselor == "alice" and binding.student_name == "Neha Verma"
    assert redeem_ticket(ticket, "rest", "web-someone-else", url=workspace.database_url) is None
    assert "Neha Verma" in alice.get("/students?status=in+progress").text


def test_report_opens_and_prints_to_pdf_with_code_and_name_on_every_page(workspace, tmp_path):
    alice = signed_in(workspace)
    code = workspace.alice["code"]
    page = alice.get(f"/reports/{code.lower()}")
    assert page.status_code == 200 and code in page.text
    started = time.perf_counter()
    pdf = alice.get(f"/reports/{code}.pdf")
    seconds = time.perf_counter() - started
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert (
        pdf.content.startswith(b"%PDF")
        and f'filename="{code}.pdf"' in pdf.headers["Content-Disposition"]
    )
    print(f"PDF of {code}: {len(pdf.content)} bytes in {seconds:.2f} s")
    target = tmp_path / "report.pdf"
    target.write_bytes(pdf.content)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True
    ).stdout
    pages = [chunk for chunk in text.split("\f") if chunk.strip()]
    assert len(pages) >= 2
    for number, chunk in enumerate(pages, start=1):
        assert code in chunk and "Asha" in chunk, f"page {number} names the report and the student"
        assert f"Page {number} of {len(pages)}" in chunk


def test_sign_out_ends_the_session(workspace):
    alice = signed_in(workspace)
    cookie = alice.http.cookies.get("cp_ws_session")
    assert alice.post("/signout", {}, with_csrf=False).status_code == 403
    out = alice.post("/signout", {})
    assert out.status_code == 303 and out.headers["Location"] == "/signin"
    stale = Browserless(workspace.url)
    stale.http.cookies.set("cp_ws_session", cookie)
    assert stale.get("/students").headers["Location"].startswith("/signin")


def test_security_headers(workspace):
    response = Browserless(workspace.url).get("/signin")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
