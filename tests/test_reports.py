"""Counselor reports (careerpath.reports) on the real knowledge base and the real extractor.

Profiles are typed the way a student would answer and go through careerpath.profiling.extract;
the HTML page is opened in Debian's headless Chromium, and the screenshot lands in
tests/output/reports/ for a human to look at.
"""

from __future__ import annotations

import base64
import html
import io
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from careerpath.advisor import recommend
from careerpath.kb.repository import load_catalog
from careerpath.profiling import Profile, extract
from careerpath.reports import build_report
from careerpath.reports.markdown import escape_markdown

OUTPUT_DIR = Path(__file__).parent / "output" / "reports"
CHROMIUM = "/usr/bin/chromium"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WHEN = datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</style><h1>owned</h1>",
    "[click me](javascript:alert(1)) ![pic](http://evil.example/p.png)",
    'Tom & Jerry\'s "plan" | pipes | `code`',
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(f"sqlite:///{tmp_path_factory.mktemp('reports') / 'kb.db'}")


def profile_from(catalog, *answers: str) -> Profile:
    profile = Profile()
    for answer in answers:
        profile = profile.merged(extract(answer, catalog))
    return profile


@pytest.fixture(scope="module")
def commerce_graduate(catalog):
    return profile_from(
        catalog,
        "B.Com graduate",
        "I know excel, tally and english",
        "I want a stable job",
        "non voice, day shift please",
        "fresher",
    )


@pytest.fixture(scope="module")
def advice(commerce_graduate, catalog):
    return recommend(commerce_graduate, catalog)


@pytest.fixture(scope="module")
def report(commerce_graduate, advice, catalog):
    return build_report(
        commerce_graduate,
        advice,
        catalog,
        note="Prefers Pune; parents want a day job.",
        student="Ravi Kumar",
        counselor="alice",
        created_at=WHEN,
    )


class _Tags(HTMLParser):
    """Every start tag with its attributes, to look for markup a string smuggled in."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str):
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def embedded_images(page: str):
    return [
        base64.b64decode(src.split(",", 1)[1])
        for tag, attrs in tags_of(page)
        if tag == "img"
        for src in [attrs["src"]]
    ]


# ---- content ---------------------------------------------------------------------------------
def test_markdown_has_profile_recommendations_gap_growth_and_note(report, advice, catalog):
    markdown = report.markdown
    for heading in (
        "## Student profile",
        "## Summary",
        "## Top recommendations",
        "## Skills gap and training plan",
        "## Growth path",
        "## Counselor note",
    ):
        assert heading in markdown
    assert "B.Com (completed), Commerce" in markdown
    assert "MS Excel" in markdown and "Tally" in markdown
    top = advice.recommendations[:3]
    for rank, rec in enumerate(top, start=1):
        assert f"### {rank}. {rec.name} ({rec.track})" in markdown
        assert rec.why in markdown
    assert advice.recommendations[3].name not in re.findall(r"^### .*$", markdown, re.MULTILINE)
    first_gap = top[0].missing_skills[0]
    assert re.search(rf"^\| {re.escape(first_gap)} \|", markdown, re.MULTILINE)
    chosen = catalog.roles[top[0].role_type]
    assert f"## Growth path: {chosen.name}" in markdown
    for step in chosen.growth_path:
        assert step.title in markdown
    assert "Prefers Pune; parents want a day job." in markdown
    assert "Student: Ravi Kumar" in markdown and "01 May 2024" in markdown


def test_training_plan_names_each_gap_once_with_the_roles_needing_it(report, advice):
    skills = [item.skill for item in report.content.training]
    assert len(skills) == len(set(skills)) and skills
    needed_by = {item.skill: item.for_roles for item in report.content.training}
    for rec in advice.recommendations[:3]:
        for gap in rec.training:
            if gap["skill"] in needed_by:
                assert rec.name in needed_by[gap["skill"]]
    assert (
        skills[0] == advice.recommendations[0].training[0]["skill"]
    )  # the top role's first gap leads


def test_chosen_role_picks_the_ladder(commerce_graduate, advice, catalog):
    second = advice.recommendations[1]
    report = build_report(
        commerce_graduate, advice, catalog, chosen_role=second.role_type, created_at=WHEN
    )
    assert report.content.growth.role_name == second.name
    assert [step.title for step in report.content.growth.steps] == [
        step.title for step in catalog.roles[second.role_type].growth_path
    ]


def test_stored_advice_dict_gives_the_same_report(commerce_graduate, advice, catalog, report):
    again = build_report(
        commerce_graduate,
        advice.to_dict(),
        catalog,
        note="Prefers Pune; parents want a day job.",
        student="Ravi Kumar",
        counselor="alice",
        created_at=WHEN,
    )
    assert again.markdown == report.markdown
    assert again.html == report.html


def test_no_fitting_role_gives_first_steps_and_no_ladder(catalog):
    tenth_pass = profile_from(catalog, "10th pass", "no skills yet", "I want a job quickly")
    report = build_report(tenth_pass, recommend(tenth_pass, catalog), catalog, created_at=WHEN)
    advice = recommend(tenth_pass, catalog)
    if advice.recommendations:  # the advisor may still list stretch roles; then the ladder exists
        assert report.ladder_png is not None
    else:
        assert report.ladder_png is None and "## Growth path" not in report.markdown
        assert "No role type fits yet" in report.markdown
        assert len(embedded_images(report.html)) == 1
    for step in advice.prerequisites:
        assert step in report.markdown
    assert "_No note was added._" in report.markdown


# ---- escaping --------------------------------------------------------------------------------
@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_escapes_every_user_string(commerce_graduate, advice, catalog, hostile):
    report = build_report(
        commerce_graduate,
        advice,
        catalog,
        note=f"note {hostile}",
        student=f"student {hostile}",
        counselor=f"counselor {hostile}",
        reference=f"ref {hostile}",
        created_at=WHEN,
    )
    page = report.html
    tags = tags_of(page)
    names = [tag for tag, _ in tags]
    assert "script" not in names
    assert (
        names.count("h1") == 1 and names.count("style") == 1
    )  # "</style><h1>owned</h1>" stayed text
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,")
    assert len(embedded_images(page)) == 2
    assert html.escape(f"note {hostile}") in page
    assert html.escape(f"student {hostile}") in page


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_keeps_user_strings_as_text(commerce_graduate, advice, catalog, hostile):
    report = build_report(
        commerce_graduate, advice, catalog, note=hostile, student=hostile, created_at=WHEN
    )
    note_block = report.markdown.split("## Counselor note", 1)[1]
    assert escape_markdown(hostile) in note_block
    # Markup only works unescaped: no "<tag", "](" link target or "![" image without a backslash.
    for live in (r"(?<!\\)<(script|img|h1|/style)", r"(?<!\\)\]\(javascript:", r"!(?<!\\)\["):
        assert not re.search(live, report.markdown), live


def test_escape_markdown_backslashes_what_could_become_markup():
    assert (
        escape_markdown("<b>a</b> [x](y) *z* _w_ `c` a|b & c")
        == r"\<b\>a\</b\> \[x\](y) \*z\* \_w\_ \`c\` a\|b \& c"
    )
    assert escape_markdown("Plain words, 3.5 years (maybe)!") == "Plain words, 3.5 years (maybe)!"


# ---- pictures --------------------------------------------------------------------------------
def test_both_pictures_are_embedded_valid_pngs(report):
    from PIL import Image

    images = embedded_images(report.html)
    assert images == [report.fit_chart_png, report.ladder_png]
    for data in images:
        assert data.startswith(PNG_SIGNATURE)
        picture = Image.open(io.BytesIO(data))
        picture.verify()
        width, height = Image.open(io.BytesIO(data)).size
        assert 600 <= width <= 1400 and 200 <= height <= 1400
    fit_chart = Image.open(io.BytesIO(report.fit_chart_png)).convert("RGB")
    colours = {colour for _, colour in fit_chart.getcolors(maxcolors=1 << 20)}
    assert (0x25, 0x63, 0xEB) in colours  # BPO bars drawn
    assert (0x7C, 0x3A, 0xED) in colours  # KPO bars drawn (the top six mix both tracks)


def test_pictures_are_deterministic(commerce_graduate, advice, catalog, report):
    again = build_report(commerce_graduate, advice, catalog, created_at=WHEN)
    assert again.fit_chart_png == report.fit_chart_png
    assert again.ladder_png == report.ladder_png


def test_library_imports_neither_rasa_nor_matplotlib():
    code = (
        "import sys, careerpath.reports; "
        "heavy = ('rasa', 'rasa_sdk', 'matplotlib'); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- storage ---------------------------------------------------------------------------------
def test_report_round_trips_through_storage(tmp_path, commerce_graduate, advice, catalog, report):
    from careerpath.db.migrate import upgrade_schema
    from careerpath.userdata import load_report, save_report

    url = f"sqlite:///{tmp_path / 'project.db'}"
    upgrade_schema(url)
    code = save_report(
        channel="rest",
        sender="s1",
        counselor="alice",
        profile=commerce_graduate.to_dict(),
        advice=advice.to_dict(),
        markdown=report.markdown,
        html=report.html,
        note=report.content.counselor_note,
        url=url,
    )
    stored = load_report(code.lower(), url=url)
    assert stored.html == report.html and stored.markdown == report.markdown
    # What was stored is enough to rebuild the same report later (e.g. after a design change).
    rebuilt = build_report(
        Profile.from_dict(stored.profile),
        stored.advice,
        catalog,
        note=stored.note,
        student="Ravi Kumar",
        counselor="alice",
        created_at=WHEN,
    )
    assert rebuilt.markdown == report.markdown


# ---- in a real browser -----------------------------------------------------------------------
def _chromium(*arguments: str) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
            *arguments,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not shutil.which("chromium"), reason="Debian chromium missing"
)
def test_report_renders_in_chromium_and_prints(report):
    from PIL import Image

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    page = OUTPUT_DIR / "report.html"
    page.write_text(report.html, encoding="utf-8")
    (OUTPUT_DIR / "report.md").write_text(report.markdown, encoding="utf-8")
    screenshot, pdf = OUTPUT_DIR / "report.png", OUTPUT_DIR / "report.pdf"
    for path in (screenshot, pdf):
        path.unlink(missing_ok=True)
    _chromium(f"--screenshot={screenshot}", "--window-size=1000,1800", page.as_uri())
    _chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    shot = Image.open(screenshot).convert("RGB")
    assert shot.size == (1000, 1800)
    # The page drew: the brand rule, card text and the chart's bars are all there.
    colours = {colour for _, colour in shot.getcolors(maxcolors=1 << 22)}
    assert len(colours) > 200
    assert (0x25, 0x63, 0xEB) in colours
    assert pdf.read_bytes().startswith(b"%PDF")


# ---- command line ------------------------------------------------------------------------------
def test_command_line_writes_markdown_and_html(tmp_path, catalog, monkeypatch, capsys):
    from careerpath.kb import repository
    from careerpath.reports.__main__ import main

    monkeypatch.setattr(repository, "load_catalog", lambda url=None: catalog)
    assert (
        main(
            [
                "--education",
                "12th pass",
                "--skills",
                "typing, good english",
                "--goals",
                "job quickly",
                "--note",
                "Evening batches only",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert "Evening batches only" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "report.html").read_text().count("data:image/png;base64,") >= 1
    assert main(["--role", "no_such_role", "--out", str(tmp_path)]) == 2
