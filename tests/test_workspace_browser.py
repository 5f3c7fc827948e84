"""The workspace in headless Chromium (Debian's chromium, driven by Playwright), at phone
(412x915) and desktop (1280x800) sizes: sign-in (refused, rate-limited), students, notes,
the report and its PDF, a guided session handing its ticket to the chat widget, another
counselor kept out, a form without its CSRF token refused, sign-out. Screenshots of every
page land in tests/output/workspace/."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from careerpath.accounts import create_account
from careerpath.counseling import binding_for, redeem_ticket
from careerpath.handoff import request_handoff
from harness.stack import PROJECT_ROOT, free_port
from tests.workspace_support import (
    ADMIN_PASSWORD,
    PASSWORD,
    guided_student,
    real_report_html,
    running_workspace,
    seed_conversations,
)

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page, expect  # noqa: E402  (after the importorskip guard)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "tests" / "output" / "workspace"
SIZES = {"phone": {"width": 412, "height": 915}, "desktop": {"width": 1280, "height": 800}}


class FakeRasaRest:
    """Rasa's REST channel, as far as the widget sees it: records each body, answers one text."""

    def __init__(self, allowed_origin: str):
        self.bodies = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _cors(self):
                self.send_header("Access-Control-Allow-Origin", allowed_origin)
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")

            def do_OPTIONS(self):
                self.send_response(204)
                self._cors()
                self.end_headers()

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.bodies.append(body)
                reply = json.dumps(
                    [{"recipient_id": body["sender"], "text": "Guided mode: step 1 of 7"}]
                ).encode()
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    port = free_port()
    rasa = FakeRasaRest(allowed_origin=f"http://127.0.0.1:{port}")
    env = {"WORKSPACE_PORT": str(port), "WORKSPACE_RASA_URL": rasa.url}
    seed_conversations(f"sqlite:///{folder / 'trackers.db'}")
    with running_workspace(folder, env) as workspace:
        url = workspace.database_url
        for name in ("alice", "bob", "locked"):
            create_account(name, PASSWORD, display_name=name.title() + " Counselor", url=url)
        create_account("root", ADMIN_PASSWORD, admin=True, display_name="Academy Admin", url=url)
        real = real_report_html(folder / "real-report", "Asha Rao")
        workspace.asha = guided_student(url, "alice", "Asha Rao", "web-browser-asha", html=real)
        guided_student(url, "alice", "Ravi Kumar", "web-browser-ravi", with_report=False)
        workspace.bina = guided_student(url, "bob", "Bina Shah", "web-browser-bina")
        request_handoff(
            channel="rest",
            sender="web-browser-asha",
            name="Asha Rao",
            contact="98765 43210",
            summary="B.Com final year, Tally and Excel; prefers day shifts",
            top_roles=["Accounts Payable Associate", "Data Analyst"],
            report_code=workspace.asha["code"],
            url=url,
        )
        request_handoff(
            channel="telegram",
            sender="tg:4242",
            name="Imran",
            contact="imran@example.com",
            summary="12th pass, good English",
            top_roles=["Customer Support Associate"],
            url=url,
        )
        workspace.rasa = rasa
        yield workspace
        rasa.server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure_browser.sh (or `make browser`).")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_page(browser, size="desktop") -> Page:
    context = browser.new_context(viewport=SIZES[size], accept_downloads=True)
    return context.new_page()


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if page.viewport_size["width"] < 600 else "desktop"
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    if size == "phone" and "/reports/" not in page.url:
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 412, f"{name} is wider than the phone screen ({overflow} px)"


def test_wrong_password_is_refused_then_rate_limited(setup, browser):
    page = new_page(browser, "phone")
    sign_in(page, setup.url, "locked", "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    shoot(page, "signin-refused")
    for attempt in range(4):
        sign_in(page, setup.url, "locked", f"wrong {attempt}")
    sign_in(page, setup.url, "locked", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Too many sign-in attempts")
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_counselor_pages_notes_report_and_pdf(setup, browser, size, tmp_path):
    page = new_page(browser, size)
    page.goto(setup.url + "/students")
    expect(page).to_have_url(f"{setup.url}/signin?next=/students")
    shoot(page, "signin")
    sign_in(page, setup.url, "alice", PASSWORD)
    expect(page.get_by_role("heading", name="My students")).to_be_visible()
    expect(page.get_by_role("link", name="Asha Rao")).to_be_visible()
    expect(page.get_by_text("Bina Shah")).to_have_count(0)
    shoot(page, "students")

    page.get_by_label("Search").fill("ravi")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Ravi Kumar")).to_be_visible()
    expect(page.get_by_role("link", name="Asha Rao")).to_have_count(0)

    page.goto(f"{setup.url}/students/{setup.asha['key']}")
    note = f"Call her father on Monday ({size}) <script>alert(1)</script>"
    page.get_by_label("Note about Asha Rao").fill(note)
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status")).to_have_text("Note saved.")
    expect(page.get_by_label("Note about Asha Rao")).to_have_value(note)
    shoot(page, "student")

    code = setup.asha["code"]
    page.get_by_role("link", name=f"Open {code}").click()
    expect(page.get_by_text("Asha Rao").first).to_be_visible()
    shoot(page, "report")
    page.go_back()
    started = time.perf_counter()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download_info.value.path()
    print(f"PDF of the real report {code} ({size}): {time.perf_counter() - started:.2f} s")
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert download_info.value.suggested_filename == f"{code}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if size == "desktop":
        check_pdf_first_page(pdf, code)
    page.context.close()


def check_pdf_first_page(pdf: Path, code: str) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )
    first = next(pdf.parent.glob("report*-1.png"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(first, SCREENSHOTS / "report-pdf-page1.png")
    image = Image.open(first).convert("L")
    width, height = image.size
    assert height > width  # A4 portrait
    inked = sum(1 for value in image.getdata() if value < 200)
    assert inked > width * height * 0.01, "the first page has content"
    top = image.crop((0, 0, width, int(height * 0.045)))
    assert sum(1 for value in top.getdata() if value < 200) > 20, (
        "the top margin carries the page mark"
    )
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert code in text and "Asha Rao" in text and "Page 1 of" in text


def test_guided_session_hands_its_ticket_to_the_chat(setup, browser):
    page = new_page(browser, "desktop")
    sign_in(page, setup.url, "alice", PASSWORD)
    page.get_by_label("Student's name").fill("Neha Verma")
    page.get_by_role("button", name="Start session").click()
    expect(page.get_by_role("heading", name="Guided session with Neha Verma")).to_be_visible()
    page.wait_for_function("() => window.CareerPathChat && !window.CareerPathChat.busy()")
    assert "ticket" not in page.url  # taken out of the address bar as the page starts
    shoot(page, "guided")
    first = next(body for body in setup.rasa.bodies if body["message"] == "/guided_mode")
    ticket = first["metadata"]["guided_ticket"]
    # What the bot does with it (actions/guided.py): bind the conversation to the counselor.
    binding = redeem_ticket(ticket, "rest", first["sender"], url=setup.database_url)
    assert binding.counselor == "alice" and binding.student_name == "Neha Verma"
    assert binding_for("rest", first["sender"], url=setup.database_url).counselor == "alice"
    page.goto(setup.url + "/students?status=in+progress")
    expect(page.get_by_role("link", name="Neha Verma")).to_be_visible()
    page.set_viewport_size(SIZES["phone"])
    page.goto(
        setup.url
        + page.get_by_role("link", name="Neha Verma")
        .get_attribute("href")
        .replace("/students/", "/guided/")
        + "?mode=guided"
    )
    page.wait_for_function("() => window.CareerPathChat && !window.CareerPathChat.busy()")
    shoot(page, "guided")
    page.context.close()


def test_another_counselor_cannot_see_the_student(setup, browser):
    page = new_page(browser, "phone")
    sign_in(page, setup.url, "bob", PASSWORD)
    expect(page.get_by_role("link", name="Bina Shah")).to_be_visible()
    expect(page.get_by_text("Asha Rao")).to_have_count(0)
    page.goto(f"{setup.url}/students/{setup.asha['key']}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    assert page.evaluate(f"fetch('/reports/{setup.asha['code']}').then(r => r.status)") == 404
    page.context.close()


def test_a_form_without_its_csrf_token_is_refused(setup, browser):
    page = new_page(browser, "desktop")
    sign_in(page, setup.url, "alice", PASSWORD)
    page.goto(f"{setup.url}/students/{setup.asha['key']}")
    page.get_by_label("Note about Asha Rao").fill("forged note")
    page.evaluate(
        "document.querySelector('form[action$=\"/note\"] input[name=csrf_token]').remove()"
    )
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("heading", name="Form expired")).to_be_visible()
    page.goto(f"{setup.url}/students/{setup.asha['key']}")
    expect(page.get_by_label("Note about Asha Rao")).not_to_have_value("forged note")
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_handoff_queue_claim_and_close(setup, browser, size):
    page = new_page(browser, size)
    sign_in(page, setup.url, "alice", PASSWORD)
    page.goto(setup.url + "/handoffs")
    shoot(page, "handoffs")
    if size == "desktop":
        row = page.get_by_role("row").filter(has_text="Imran")
        row.get_by_role("button", name="Claim").click()
        row = page.get_by_role("row").filter(has_text="Imran")
        expect(row).to_contain_text("by alice")
        row.get_by_role("button", name="Mark contacted").click()
        page.get_by_role("row").filter(has_text="Imran").get_by_role("button", name="Close").click()
        expect(page.get_by_role("row").filter(has_text="Imran")).to_contain_text("closed")
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_admin_pages(setup, browser, size):
    page = new_page(browser, size)
    sign_in(page, setup.url, "root", ADMIN_PASSWORD)
    expect(page.get_by_role("link", name="Bina Shah")).to_be_visible()  # admins see every student
    page.goto(setup.url + "/insights?days=7")
    funnel = page.locator("#funnel")
    expect(funnel.get_by_role("row").filter(has_text="Conversations started")).to_contain_text("5")
    expect(funnel.get_by_role("row").filter(has_text="Hand-offs requested")).to_contain_text("2")
    shoot(page, "insights")
    page.goto(setup.url + "/admin/counselors")
    shoot(page, "admin-counselors")
    page.goto(setup.url + "/admin/training")
    shoot(page, "admin-training")
    page.context.close()


def test_sign_out(setup, browser):
    page = new_page(browser, "phone")
    sign_in(page, setup.url, "alice", PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(setup.url + "/students")
    expect(page).to_have_url(f"{setup.url}/signin?next=/students")
    page.context.close()
