"""Small pure parts of the workspace: cookie security mode, redirect targets, PDF page marks."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from workspace.auth_views import _safe_next
from workspace.pdf import page_marks, report_pdf, with_page_marks
from workspace.security import is_https, tokens_match


@pytest.mark.parametrize(
    "mode, scheme, secure",
    [
        ("auto", "http", False),
        ("auto", "https", True),
        ("always", "http", True),
        ("never", "https", False),
    ],
)
def test_secure_cookie_mode(mode, scheme, secure):
    assert is_https(SimpleNamespace(scheme=scheme), mode) is secure


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/students/s3", "/students/s3"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        ("students", "/"),
    ],
)
def test_only_local_redirects_after_sign_in(target, expected):
    assert _safe_next(target) == expected


def test_token_comparison_refuses_empty_and_different_tokens():
    assert tokens_match("abc", "abc")
    assert (
        not tokens_match("", "")
        and not tokens_match(None, "abc")
        and not tokens_match("abd", "abc")
    )


def test_page_marks_cannot_break_out_of_the_style_element():
    marks = page_marks("CP-ABCDEFGH", 'Asha "</style><script>alert(1)</script>\\ Rao')
    assert "</style><script>" not in marks and marks.count("</style>") == 1
    assert '\\"' in marks and "\\3C /style\\3E " in marks
    page = with_page_marks(
        "<html><head><title>x</title></HEAD><body>hi</body></html>", "CP-ABCDEFGH", "Asha"
    )
    assert page.index("@page") < page.index("</HEAD>")


def test_a_hostile_name_prints_as_text(tmp_path):
    if not Path("/usr/bin/chromium").exists() or not shutil.which("pdftotext"):
        pytest.skip("needs /usr/bin/chromium and pdftotext")
    html = (
        "<!doctype html><html><head><title>r</title></head><body><p>Report body</p></body></html>"
    )
    pdf = asyncio.run(report_pdf("/usr/bin/chromium", html, "CP-ABCDEFGH", 'Asha "<b>" Rao'))
    target = tmp_path / "r.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert re.search(r'CP-ABCDEFGH · Asha "<b>" Rao', text), text
