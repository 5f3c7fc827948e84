"""A saved counselor report as a Telegram document: the HTML file plus a short caption.

A counselor on a phone cannot open a link to the Rasa server (it needs a sign-in there),
but can open, forward or print a file sent into the chat. The outbox stores only the
report's code; the file is read from the database when the message is sent, so the outbox
stays small and a retry after a restart sends the same report.
"""

from __future__ import annotations

from dataclasses import dataclass

from careerpath.userdata import load_report
from careerpath.wording import text

CAPTION_LIMIT = 1024  # Telegram's limit for document captions
TOP_MATCHES = 3


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    caption: str


def report_document(code: str) -> Document | None:
    """The report with this code as a file with its summary; None if it is not stored."""
    report = load_report(code)
    if report is None:
        return None
    date = f"{report.created_at:%d %b %Y}"
    lines = [text("telegram.report_title", code=report.code, date=date)]
    matches = [
        rec
        for rec in (report.advice or {}).get("recommendations") or []
        if isinstance(rec, dict) and rec.get("name")
    ][:TOP_MATCHES]
    if matches:
        lines.append(text("telegram.report_top"))
        lines += [
            f"{number}. {rec['name']}" + (f" ({rec['track']})" if rec.get("track") else "")
            for number, rec in enumerate(matches, start=1)
        ]
    if report.note:
        lines.append(text("telegram.report_note", note=" ".join(report.note.split())[:300]))
    lines.append(text("telegram.report_open"))
    caption = "\n".join(lines)
    if len(caption) > CAPTION_LIMIT:
        caption = caption[: CAPTION_LIMIT - 1] + "…"
    return Document(f"{report.code}.html", report.html.encode("utf-8"), caption)
