"""Admin pages: counselor accounts and the training.yml upload with the loader's validation."""

from __future__ import annotations

import shutil

import pytest

from careerpath.accounts import create_account
from careerpath.kb.schema import SOURCES_DIR
from tests.workspace_support import ADMIN_PASSWORD, PASSWORD, Browserless, running_workspace

ACADEMY_ROW = (
    '  - {id: horizon_tally_lab, skill: tally, title: "Horizon Tally lab", description: "Hands-on '
    'Tally practice.", kind: academy, provider: "Horizon Skills Academy", duration_weeks: 6, '
    "mode: classroom, certification: null, source: null}\n"
)

HINDI_ACADEMY_ROW = (
    "  horizon_tally_lab: {title: Horizon Tally लैब, description: हाथ से Tally की प्रैक्टिस।}\n"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("admin")
    sources = folder / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    with running_workspace(folder, {"WORKSPACE_KB_SOURCES": str(sources)}) as running:
        create_account("root", ADMIN_PASSWORD, admin=True, url=running.database_url)
        create_account("alice", PASSWORD, url=running.database_url)
        running.sources = sources
        yield running


def client(workspace, username, password) -> Browserless:
    browser = Browserless(workspace.url)
    assert browser.sign_in(username, password).status_code == 303
    return browser


def test_counselors_cannot_open_admin_pages(workspace):
    alice = client(workspace, "alice", PASSWORD)
    assert alice.get("/admin/counselors").status_code == 403
    assert (
        alice.post("/admin/counselors", {"username": "evil", "password": "x" * 12}).status_code
        == 403
    )
    assert alice.get("/admin/training").status_code == 403


def test_admin_adds_and_disables_a_counselor(workspace):
    root = client(workspace, "root", ADMIN_PASSWORD)
    assert (
        root.post(
            "/admin/counselors", {"username": "meera", "password": PASSWORD}, with_csrf=False
        ).status_code
        == 403
    )
    weak = root.post("/admin/counselors", {"username": "meera", "password": "short"})
    assert weak.status_code == 400 and "at least 10" in weak.text
    added = root.post(
        "/admin/counselors",
        {"username": "Meera", "display_name": "Meera <i>Iyer</i>", "password": PASSWORD},
    )
    assert added.status_code == 303
    page = root.get("/admin/counselors").text
    assert "Meera &lt;i&gt;Iyer&lt;/i&gt;" in page
    meera = client(workspace, "meera", PASSWORD)
    assert root.post("/admin/counselors/meera", {"action": "disable"}).status_code == 303
    assert meera.get("/students").headers["Location"].startswith("/signin")  # signed out at once
    assert Browserless(workspace.url).sign_in("meera", PASSWORD).status_code == 401
    assert root.post("/admin/counselors/root", {"action": "disable"}).status_code == 400


def test_training_upload_shows_the_loaders_error_and_changes_nothing(workspace):
    root = client(workspace, "root", ADMIN_PASSWORD)
    before = (workspace.sources / "training.yml").read_text()
    broken = before + ACADEMY_ROW.replace("skill: tally", "skill: juggling")
    response = root.post(
        "/admin/training", {}, files={"training": ("training.yml", broken.encode())}
    )
    assert response.status_code == 422
    assert (
        "training.yml" in response.text
        and "juggling" in response.text
        and "Nothing was changed" in response.text
    )
    garbage = root.post(
        "/admin/training", {}, files={"training": ("training.yml", b"courses: [\n")}
    )
    assert garbage.status_code == 422 and "training.yml" in garbage.text
    assert (workspace.sources / "training.yml").read_text() == before
    assert (
        root.post(
            "/admin/training",
            {},
            files={"training": ("training.yml", before.encode())},
            with_csrf=False,
        ).status_code
        == 403
    )


def test_a_new_course_without_its_hindi_text_is_refused(workspace):
    root = client(workspace, "root", ADMIN_PASSWORD)
    updated = (workspace.sources / "training.yml").read_text() + ACADEMY_ROW
    refused = root.post(
        "/admin/training", {}, files={"training": ("training.yml", updated.encode())}
    )
    assert refused.status_code == 422 and "horizon_tally_lab" in refused.text
    assert "horizon_tally_lab" not in (workspace.sources / "training.yml").read_text()


def test_a_valid_training_file_is_checked_then_installed(workspace):
    root = client(workspace, "root", ADMIN_PASSWORD)
    updated = (workspace.sources / "training.yml").read_text() + ACADEMY_ROW
    hindi = (workspace.sources / "hi" / "training.yml").read_text() + HINDI_ACADEMY_ROW
    uploads = {
        "training": ("training.yml", updated.encode()),
        "training_hi": ("training.yml", hindi.encode()),
    }
    checked = root.post("/admin/training", {}, files=uploads)
    assert checked.status_code == 200 and "The file is valid" in checked.text
    assert "horizon_tally_lab" not in (workspace.sources / "training.yml").read_text()
    installed = root.post("/admin/training", {"install": "yes"}, files=uploads)
    assert installed.status_code == 200 and "Installed" in installed.text, installed.text[-800:]
    assert "horizon_tally_lab" in (workspace.sources / "training.yml").read_text()
    assert "horizon_tally_lab" in (workspace.sources / "hi" / "training.yml").read_text()
    from sqlalchemy import create_engine, text

    engine = create_engine(workspace.database_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT kind FROM training_course WHERE id = 'horizon_tally_lab'")
        ).first()
    engine.dispose()
    assert row is not None and row[0] == "academy"  # the knowledge base was reloaded
