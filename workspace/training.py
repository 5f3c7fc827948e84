"""Checking (and, when asked, installing) a new ``training.yml`` uploaded by an admin.

The upload is validated exactly like the knowledge-base loader validates its sources: the
current source files are copied to a scratch folder, the upload replaces training.yml there,
and ``careerpath.kb.reader.read_sources`` reads the whole set (a course must name a known
skill, ids must be unique, and so on). Installing writes the file into the sources folder
and reloads the knowledge base into the database, as ``make kb`` does.

Every course needs its Hindi title and description in ``hi/training.yml`` (the loader
refuses a missing translation), so a new course comes with that file too: the admin may
upload both, and the pair is checked and installed together.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

TRAINING_FILE = "training.yml"
HINDI_TRAINING_FILE = "hi/training.yml"
MAX_UPLOAD_BYTES = 1024 * 1024


@dataclass(frozen=True)
class TrainingCheck:
    error: str | None = None
    courses: int = 0
    academy_courses: int = 0
    installed: bool = False


def sources_dir() -> Path:
    override = os.environ.get("WORKSPACE_KB_SOURCES", "").strip()
    if override:
        return Path(override)
    from careerpath.kb.schema import SOURCES_DIR

    return Path(SOURCES_DIR)


def _upload_text(content: bytes, name: str) -> tuple[str | None, str | None]:
    """The upload as text, or an error naming the file."""
    if len(content) > MAX_UPLOAD_BYTES:
        return None, f"{name}: the file is larger than 1 MB"
    try:
        return content.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, f"{name}: the file is not UTF-8 text"


def check_training(
    content: bytes,
    install: bool = False,
    database_url: str | None = None,
    hindi_content: bytes | None = None,
) -> TrainingCheck:
    from careerpath.kb.reader import read_sources
    from careerpath.kb.validation import SourceError

    text, error = _upload_text(content, TRAINING_FILE)
    if error or text is None:
        return TrainingCheck(error=error)
    files = {TRAINING_FILE: text}
    if hindi_content:
        hindi_text, error = _upload_text(hindi_content, HINDI_TRAINING_FILE)
        if error or hindi_text is None:
            return TrainingCheck(error=error)
        files[HINDI_TRAINING_FILE] = hindi_text
    source = sources_dir()
    with tempfile.TemporaryDirectory(prefix="careerpath-training-") as folder:
        scratch = Path(folder) / "sources"
        shutil.copytree(source, scratch)
        for name, body in files.items():
            (scratch / name).write_text(body, encoding="utf-8")
        try:
            bundle = read_sources(scratch)
        except SourceError as error:
            return TrainingCheck(error=str(error))
    courses = bundle.courses
    academy = sum(1 for course in courses if getattr(course, "kind", "") == "academy")
    if not install:
        return TrainingCheck(courses=len(courses), academy_courses=academy)
    for name, body in files.items():
        target = source / name
        staged = target.with_name(f".{target.name}.upload")
        staged.write_text(body, encoding="utf-8")
        os.replace(staged, target)  # atomic: the loader never reads half a file
    from careerpath.kb.load import build_database

    build_database(database_url, source)
    return TrainingCheck(courses=len(courses), academy_courses=academy, installed=True)
