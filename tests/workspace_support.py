"""Helpers of the workspace tests: a workspace server process on a scratch database, seeded
accounts and reports, and a small form-aware HTTP client."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from harness.stack import PROJECT_ROOT, free_port

PASSWORD = "counselor-pass-2026"
ADMIN_PASSWORD = "admin-pass-2026!"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Workspace:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path


@contextmanager
def running_workspace(
    tmp_path: Path, extra_env: dict[str, str] | None = None
) -> Iterator[Workspace]:
    database_url = f"sqlite:///{tmp_path / 'careerpath.db'}"
    port = int((extra_env or {}).get("WORKSPACE_PORT") or free_port())
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WORKSPACE_PORT": str(port),
        "WORKSPACE_HOST": "127.0.0.1",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'trackers.db'}",
        **(extra_env or {}),
    }
    log = tmp_path / "workspace.log"
    with open(log, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "workspace", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/signin", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the workspace did not start:\n" + log.read_text()) from None
                time.sleep(0.3)
        yield Workspace(url, database_url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


class Browserless:
    """A requests session that signs in like a browser (cookie + form token)."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.csrf: str | None = None

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(
            self.base + path,
            allow_redirects=kwargs.pop("allow_redirects", False),
            timeout=60,
            **kwargs,
        )

    def post(
        self, path: str, data: dict[str, str], with_csrf: bool = True, **kwargs
    ) -> requests.Response:
        data = dict(data)
        if with_csrf:
            data.setdefault("csrf_token", self.csrf or "")
        return self.http.post(
            self.base + path, data=data, allow_redirects=False, timeout=60, **kwargs
        )

    def sign_in(self, username: str, password: str) -> requests.Response:
        form = self.get("/signin")
        response = self.post(
            "/signin",
            {"username": username, "password": password, "csrf_token": csrf_of(form.text)},
            with_csrf=False,
        )
        if response.status_code == 303:
            self.csrf = csrf_of(self.get("/students").text)
        return response


def report_html(code: str, student: str, sections: int = 12) -> str:
    """A standalone report page long enough to print on several pages."""
    body = "".join(
        f"<h2>Section {n}</h2><p>{'Skills and training plan. ' * 60}</p>" for n in range(sections)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Career report {code}</title></head>"
        f"<body><h1>Career report for {student}</h1><p>Reference {code}</p>{body}</body></html>"
    )


def real_report_html(folder: Path, student: str) -> str:
    """A real counselor report, written by the reports command line (project knowledge base)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "careerpath.reports",
            "--education",
            "B.Com final year",
            "--skills",
            "Tally, MS Excel, good English",
            "--goals",
            "stable job",
            "--student",
            student,
            "--note",
            "Prefers day shifts near home.",
            "--out",
            str(folder),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (folder / "report.html").read_text(encoding="utf-8")


def seed_report(
    database_url: str,
    *,
    sender: str,
    counselor: str | None,
    student: str = "Student",
    roles=("Customer Support Associate", "Data Analyst", "Claims Processor"),
    html: str | None = None,
) -> str:
    from careerpath.userdata import new_report_code, save_report

    code = new_report_code()
    advice = {
        "recommendations": [
            {"role_type": role.lower().replace(" ", "_"), "name": role} for role in roles
        ]
    }
    save_report(
        channel="rest",
        sender=sender,
        counselor=counselor,
        profile={},
        advice=advice,
        markdown=f"# Report {code}",
        html=html or report_html(code, student),
        code=code,
        url=database_url,
    )
    return code


def guided_student(
    database_url: str,
    counselor: str,
    student: str,
    sender: str,
    with_report: bool = True,
    html: str | None = None,
) -> dict[str, str]:
    """A guided session started in the workspace, bound by the bot, with its report saved."""
    from careerpath.counseling import (
        binding_for,
        record_report,
        redeem_ticket,
        start_guided_session,
    )

    session_id, ticket = start_guided_session(counselor, student, url=database_url)
    assert redeem_ticket(ticket, "rest", sender, url=database_url).counselor == counselor
    result = {"key": f"s{session_id}", "ticket": ticket}
    if with_report:
        owner = binding_for("rest", sender, url=database_url)
        code = seed_report(
            database_url,
            sender=sender,
            counselor=owner.counselor,
            student=owner.student_name,
            html=html,
        )
        record_report("rest", sender, code, url=database_url)
        result["code"] = code
    return result


# ---- seeded stored conversations (Rasa's own event classes, the tracker store's rows) ----
RECOMMENDED = {
    "a": ["Customer Support Associate", "Data Analyst", "Claims Processor"],
    "d": ["Data Analyst", "Legal Process Associate", "Claims Processor"],
}


def _conversations(today_noon: float):
    from rasa.shared.core.events import (
        ActionExecuted,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    def user(text, intent):
        return UserUttered(text, {"name": intent, "confidence": 0.9})

    def cards(names):
        items = [{"role_type": name.lower().replace(" ", "_"), "name": name} for name in names]
        return BotUttered(
            "Your top matches", {"custom": {"type": "recommendations", "items": items}}
        )

    def asked(*slots):
        return [SlotSet("requested_slot", slot) for slot in slots]

    all_slots = ("education", "skills", "goals", "preferences", "experience")
    day = 86400
    return {
        ("web-seed-a", today_noon): [
            SessionStarted(),
            user("hi", "greet"),
            *asked(*all_slots),
            ActionExecuted("action_submit_profile"),
            cards(RECOMMENDED["a"]),
        ],
        ("web-seed-b", today_noon): [
            SessionStarted(),
            *asked("education", "skills"),
            user("what is the fees for 3 months??", "nlu_fallback"),
        ],
        ("tg:99", today_noon - day): [
            SessionStarted(),
            *asked("education"),
            user("Can I work from home in Pune?", "ask_faq"),
            BotUttered("I'm not sure I have an answer to that. Did you mean one of these?"),
        ],
        ("web-seed-d", today_noon - day): [
            SessionStarted(),
            ActionExecuted("action_guided_mode"),
            *asked(*all_slots),
            cards(RECOMMENDED["d"]),
            ActionExecuted("action_guided_report"),
        ],
        ("web-seed-e", today_noon - day): [
            SessionStarted(),
            user("What is the fees for 12 months", "nlu_fallback"),
        ],
    }


def seed_conversations(tracker_url: str) -> None:
    """Five conversations over today and yesterday (UTC): two completed intakes, two
    recommendation screens, drop-offs at skills and education, two fallbacks of one question
    and one FAQ miss."""
    import json as _json
    from datetime import datetime, timezone

    import sqlalchemy as sa

    now = datetime.now(timezone.utc)
    noon = datetime(now.year, now.month, now.day, 12, tzinfo=timezone.utc).timestamp()
    if now.hour < 12:  # "today at noon" must not lie in the future of the insights' window end
        noon -= 6 * 3600
    metadata = sa.MetaData()
    events = sa.Table(
        "events",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )
    engine = sa.create_engine(tracker_url)
    metadata.create_all(engine)
    rows = []
    for (sender, start), conversation in _conversations(noon).items():
        for offset, event in enumerate(conversation):
            event.timestamp = start + offset
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": sender,
                    "type_name": event.type_name,
                    "timestamp": event.timestamp,
                    "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                    "action_name": data.get("name"),
                    "data": _json.dumps(data),
                }
            )
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)
    engine.dispose()
