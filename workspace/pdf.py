"""Reports as PDF, printed by the Chromium the project already installs (no new dependency).

Every printed page carries the report code and the student's name in its top margin and
"page N of M" in the bottom one: CSS ``@page`` margin boxes (Chromium 131+), added to the
stored report's HTML. At most ``PARALLEL_PRINTS`` browsers run at once (each takes ~200 MB).
Measured on this project's shared 2-core machine (load ~10): 2.7-3.1 s per real report
(4 pages, ~190 kB), 9.4 s for four requested at once.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from careerpath.reports.page import page_counter

PARALLEL_PRINTS = 2
TIMEOUT_SECONDS = 60
_semaphore: asyncio.Semaphore | None = None


class PdfFailed(RuntimeError):
    pass


def _css_string(text: str) -> str:
    """A CSS string literal; "<" and ">" are escaped too, so a name can never close the
    <style> element it is placed in."""
    cleaned = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    escaped = cleaned.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("<", "\\3C ").replace(">", "\\3E ") + '"'


def page_marks(code: str, student: str, lang: str | None = None) -> str:
    label = f"{code} · {student}" if student else code
    return (
        "<style>@page { @top-left { content: " + _css_string(label) + "; font: 9px sans-serif; "
        f"color: #475569; }} @bottom-right {{ content: {page_counter(lang or 'en')}; "
        "font: 9px sans-serif; color: #475569; } }</style>"
    )


def with_page_marks(html: str, code: str, student: str) -> str:
    # Reports made since the report page marks its own printed pages (code and the student's
    # name, which a team report's list row does not know) keep them.
    if "@top-left" in html and code in html:
        return html
    language = re.search(r"<html[^>]*\blang=\"([a-z]{2})", html, flags=re.IGNORECASE)
    marks = page_marks(code, student, language.group(1) if language else None)
    head_end = re.search(r"</head\s*>", html, flags=re.IGNORECASE)
    if head_end:
        return html[: head_end.start()] + marks + html[head_end.start() :]
    return marks + html


async def report_pdf(chromium: str, html: str, code: str, student: str = "") -> bytes:
    global _semaphore
    if _semaphore is None:
        _semaphore = asyncio.Semaphore(PARALLEL_PRINTS)
    async with _semaphore:
        with tempfile.TemporaryDirectory(prefix="careerpath-pdf-") as folder:
            page = Path(folder) / "report.html"
            target = Path(folder) / "report.pdf"
            page.write_text(with_page_marks(html, code, student), encoding="utf-8")
            process = await asyncio.create_subprocess_exec(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={target}",
                page.as_uri(),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                _, errors = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()
                raise PdfFailed(f"chromium took longer than {TIMEOUT_SECONDS} s") from None
            if not target.exists() or target.stat().st_size == 0:
                tail = (errors or b"").decode(errors="replace").strip().splitlines()[-1:]
                raise PdfFailed(f"chromium exit {process.returncode}: {' '.join(tail)}")
            return target.read_bytes()
