"""What a counselor sees of their students: guided sessions, reports, private notes.

Ownership: a guided session belongs to the counselor who started it, a report to the
counselor recorded with it (``counselor_report.counselor``). A counselor sees only their
own; an admin sees everyone's, including team reports that name no counselor. A student
the viewer may not see is reported as missing (the web layer answers 404, so keys cannot
be probed). Sender ids never leave this module: pages name students by a key, ``s<id>``
for a guided session and ``r-<code>`` for a report made outside the workspace.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select

from careerpath.accounts.store import unit
from careerpath.handoff.models import HandoffRequest
from careerpath.userdata import StoredReport, load_report, normalise_code
from careerpath.userdata.models import CounselorReport, utc_now

from .models import GuidedSession, StudentNote

MAX_NOTE_CHARS = 5000
LIST_LIMIT = 500
STATUSES = ("waiting", "in progress", "report ready", "expired")


@dataclass(frozen=True)
class Viewer:
    username: str
    is_admin: bool = False


@dataclass(frozen=True)
class StudentRow:
    key: str
    student_name: str
    counselor: str | None
    created_at: datetime
    status: str
    report_code: str | None = None
    top_roles: list[str] = field(default_factory=list)
    channel: str | None = None
    sender_id: str | None = None


def _top_roles(advice_json: str | None) -> list[str]:
    if not advice_json:
        return []
    try:
        return [
            rec.get("name") or rec.get("role_type")
            for rec in json.loads(advice_json)["recommendations"][:3]
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []


def _status(row: GuidedSession, now: datetime) -> str:
    if row.report_code:
        return "report ready"
    if row.bound_at:
        return "in progress"
    return "expired" if row.ticket_expires_at < now else "waiting"


def _session_row(row: GuidedSession, report: CounselorReport | None, now: datetime) -> StudentRow:
    return StudentRow(
        key=f"s{row.id}",
        student_name=row.student_name,
        counselor=row.counselor,
        created_at=row.created_at,
        status=_status(row, now),
        report_code=row.report_code,
        top_roles=_top_roles(report.advice_json if report else None),
        channel=row.channel,
        sender_id=row.sender_id,
    )


def _report_row(report: CounselorReport) -> StudentRow:
    return StudentRow(
        key=f"r-{report.code}",
        student_name="(name not recorded)",
        counselor=report.counselor,
        created_at=report.created_at,
        status="report ready",
        report_code=report.code,
        top_roles=_top_roles(report.advice_json),
        channel=report.channel,
        sender_id=report.sender_id,
    )


def list_students(
    viewer: Viewer, query: str = "", status: str = "", url: str | None = None
) -> list[StudentRow]:
    """The viewer's students, newest first, filtered by text (name, role, code) and status."""
    now = utc_now()
    with unit("list_students", url) as session:
        sessions = select(GuidedSession).order_by(GuidedSession.created_at.desc()).limit(LIST_LIMIT)
        reports = (
            select(CounselorReport).order_by(CounselorReport.created_at.desc()).limit(LIST_LIMIT)
        )
        if not viewer.is_admin:
            sessions = sessions.where(GuidedSession.counselor == viewer.username)
            reports = reports.where(CounselorReport.counselor == viewer.username)
        session_rows = session.execute(sessions).scalars().all()
        report_rows = {row.code: row for row in session.execute(reports).scalars().all()}
        codes = {row.report_code for row in session_rows if row.report_code}
        missing = codes - set(report_rows)
        if missing:  # a session's report named no counselor (older bot): still the session's
            report_rows.update(
                {
                    row.code: row
                    for row in session.execute(
                        select(CounselorReport).where(CounselorReport.code.in_(missing))
                    ).scalars()
                }
            )
        rows = [_session_row(row, report_rows.get(row.report_code), now) for row in session_rows]
        rows += [_report_row(report) for code, report in report_rows.items() if code not in codes]
    rows.sort(key=lambda row: row.created_at, reverse=True)
    return [row for row in rows if _matches(row, query, status)]


def _matches(row: StudentRow, query: str, status: str) -> bool:
    if status and row.status != status:
        return False
    needle = " ".join((query or "").lower().split())
    if not needle:
        return True
    haystack = " ".join(
        [row.student_name, row.report_code or "", row.counselor or "", *row.top_roles]
    ).lower()
    return all(word in haystack for word in needle.split())


def find_student(viewer: Viewer, key: str, url: str | None = None) -> StudentRow | None:
    """The student behind ``key`` if the viewer may see them, else None."""
    key = (key or "").strip()
    if key.startswith("s") and key[1:].isdigit():
        with unit("find_student", url) as session:
            row = session.get(GuidedSession, int(key[1:]))
            if row is None or not _may_see(viewer, row.counselor):
                return None
            report = None
            if row.report_code:
                report = session.execute(
                    select(CounselorReport).where(CounselorReport.code == row.report_code)
                ).scalar_one_or_none()
            return _session_row(row, report, utc_now())
    if key.startswith("r-"):
        code = normalise_code(key[2:])
        if code is None:
            return None
        with unit("find_student", url) as session:
            report = session.execute(
                select(CounselorReport).where(CounselorReport.code == code)
            ).scalar_one_or_none()
            if report is None or not _may_see(viewer, report.counselor):
                return None
            return _report_row(report)
    return None


def _may_see(viewer: Viewer, owner: str | None) -> bool:
    return viewer.is_admin or (owner is not None and owner == viewer.username)


def report_for(viewer: Viewer, code: str, url: str | None = None) -> StoredReport | None:
    """The stored report if the viewer may open it (their own, or any for an admin), else None."""
    report = load_report(code, url=url)
    if report is None:
        return None
    if _may_see(viewer, report.counselor):
        return report
    # A report saved without a counselor but inside the viewer's guided session is theirs, and
    # a counselor who claimed a student's hand-off request may open the report it names.
    with unit("report_for", url) as session:
        owner = session.execute(
            select(GuidedSession.counselor).where(GuidedSession.report_code == report.code).limit(1)
        ).scalar_one_or_none()
        claimed = session.execute(
            select(HandoffRequest.id)
            .where(
                HandoffRequest.report_code == report.code,
                HandoffRequest.claimed_by == viewer.username,
            )
            .limit(1)
        ).first()
    return report if (owner is not None and _may_see(viewer, owner)) or claimed else None


# ---- private notes -----------------------------------------------------------------------------
def _student_key(student: StudentRow) -> tuple[str, str]:
    if not student.channel or not student.sender_id:
        raise ValueError("this student has not started the chat yet; notes open once they have")
    return student.channel, student.sender_id


def read_note(viewer: Viewer, student: StudentRow, url: str | None = None) -> str | None:
    if not student.channel or not student.sender_id:
        return None
    with unit("read_note", url) as session:
        return session.execute(
            select(StudentNote.text).where(
                StudentNote.counselor == viewer.username,
                StudentNote.channel == student.channel,
                StudentNote.sender_id == student.sender_id,
            )
        ).scalar_one_or_none()


def save_note(viewer: Viewer, student: StudentRow, text: str, url: str | None = None) -> None:
    """Replace the viewer's note about the student (an empty text deletes it)."""
    channel, sender = _student_key(student)
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"a note holds at most {MAX_NOTE_CHARS} characters")
    with unit("save_note", url) as session:
        mine = (
            StudentNote.counselor == viewer.username,
            StudentNote.channel == channel,
            StudentNote.sender_id == sender,
        )
        row = session.execute(select(StudentNote).where(*mine)).scalar_one_or_none()
        if not text:
            session.execute(delete(StudentNote).where(*mine))
        elif row is None:
            session.add(
                StudentNote(
                    counselor=viewer.username,
                    channel=channel,
                    sender_id=sender,
                    text=text,
                    updated_at=utc_now(),
                )
            )
        else:
            row.text, row.updated_at = text, utc_now()
