"""My students: the list, one student (notes, report), guided sessions, the report and its PDF."""

from __future__ import annotations

import asyncio
import logging
import time

from sanic import response
from sanic.exceptions import NotFound
from sanic.request import Request

from careerpath.counseling import (
    STATUSES,
    Viewer,
    find_student,
    list_students,
    read_note,
    report_for,
    save_note,
    start_guided_session,
)

from .pdf import PdfFailed, report_pdf
from .security import signed_in

logger = logging.getLogger(__name__)


def viewer_of(request: Request) -> Viewer:
    account = request.ctx.session.account
    return Viewer(account.username, account.is_admin)


async def _student_or_404(request: Request, key: str):
    student = await asyncio.to_thread(find_student, viewer_of(request), key)
    if student is None:
        raise NotFound("no such student")
    return student


async def _report_or_404(request: Request, code: str):
    report = await asyncio.to_thread(report_for, viewer_of(request), code)
    if report is None:
        raise NotFound("no such report")
    return report


def register(app) -> None:
    @app.get("/")
    async def home(request: Request):
        return response.redirect("/students")

    @app.get("/students")
    @signed_in()
    async def students(request: Request):
        query = (request.args.get("q") or "")[:200]
        status = request.args.get("status") or ""
        status = status if status in STATUSES else ""
        rows = await asyncio.to_thread(list_students, viewer_of(request), query, status)
        return await app.ctx.render(
            request, "students.html", rows=rows, query=query, status=status, statuses=STATUSES
        )

    @app.post("/guided")
    @signed_in()
    async def start_guided(request: Request):
        name = (request.form.get("student_name") or "").strip()
        if not name:
            rows = await asyncio.to_thread(list_students, viewer_of(request))
            return await app.ctx.render(
                request,
                "students.html",
                http_status=400,
                rows=rows,
                query="",
                status="",
                statuses=STATUSES,
                error="Type the student's name to start a session.",
            )
        session_id, ticket = await asyncio.to_thread(
            start_guided_session, request.ctx.session.account.username, name
        )
        # The ticket rides in the fragment: browsers never send it to a server or a log.
        return response.redirect(f"/guided/s{session_id}?mode=guided#ticket={ticket}", status=303)

    @app.get("/guided/<key>")
    @signed_in()
    async def guided_page(request: Request, key: str):
        student = await _student_or_404(request, key)
        return await app.ctx.render(
            request, "guided.html", student=student, rasa_url=app.ctx.settings.rasa_url
        )

    @app.get("/students/<key>")
    @signed_in()
    async def student_page(request: Request, key: str):
        student = await _student_or_404(request, key)
        note = await asyncio.to_thread(read_note, viewer_of(request), student)
        return await app.ctx.render(
            request,
            "student.html",
            student=student,
            note=note or "",
            saved=request.args.get("saved") == "1",
        )

    @app.post("/students/<key>/note")
    @signed_in()
    async def student_note(request: Request, key: str):
        student = await _student_or_404(request, key)
        text = request.form.get("note") or ""
        try:
            await asyncio.to_thread(save_note, viewer_of(request), student, text)
        except ValueError as refused:
            return await app.ctx.render(
                request,
                "student.html",
                http_status=400,
                student=student,
                note=text,
                error=str(refused),
            )
        return response.redirect(f"/students/{student.key}?saved=1", status=303)

    @app.get("/reports/<code>")
    @signed_in()
    async def report_page(request: Request, code: str):
        if code.lower().endswith(".pdf"):
            return await report_download(request, code[:-4])
        report = await _report_or_404(request, code)
        logger.info(
            "Counselor %r opened report %s", request.ctx.session.account.username, report.code
        )
        return response.html(report.html)

    async def report_download(request: Request, code: str):
        report = await _report_or_404(request, code)
        student = await asyncio.to_thread(_student_name_of, request, report.code)
        started = time.perf_counter()
        try:
            pdf = await report_pdf(app.ctx.settings.chromium, report.html, report.code, student)
        except PdfFailed as failure:
            logger.error("PDF of report %s failed: %s", report.code, failure)
            return await app.ctx.render(
                request,
                "error.html",
                http_status=503,
                title="PDF not available",
                message="The PDF could not be made right now. The report page "
                "can be printed from the browser meanwhile.",
            )
        logger.info(
            "PDF of report %s made in %.2f s (%d bytes)",
            report.code,
            time.perf_counter() - started,
            len(pdf),
        )
        return response.raw(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{report.code}.pdf"'},
        )

    def _student_name_of(request: Request, code: str) -> str:
        for row in list_students(viewer_of(request), code):
            if row.report_code == code and not row.student_name.startswith("("):
                return row.student_name
        return ""
