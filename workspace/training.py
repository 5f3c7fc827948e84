"""Checking (and, when asked, installing) a new ``training.yml`` uploaded by an admin.

The upload is validated exactly like the knowledge-base loader validates its sources: the
current source files are copied to a scratch folder, the upload replaces training.yml there,
and ``careerpath.kb.reader.read_sources`` reads the whole set (a course must name a known
skill, ids must be unique, and so on). Installing writes the file into the sources folder
and reloads the knowledge base into the database, as ``make kb`` does.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

TRAINING_FILE = "training.yml"
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


def check_training(
    content: bytes, install: bool = False, database_url: str | None = None
) -> TrainingCheck:
    from careerpath.kb.reader import read_sources
    from careerpath.kb.validation import SourceError

    if len(content) > MAX_UPLOAD_BYTES:
        return TrainingCheck(error=f"{TRAINING_FILE}: the file is larger than 1 MB")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return TrainingCheck(error=f"{TRAINING_FILE}: the file is not UTF-8 text")
    source = sources_dir()
    with tempfile.TemporaryDirectory(prefix="careerpath-training-") as folder:
        scratch = Path(folder) / "sources"
        shutil.copytree(source, scratch)
        (scratch / TRAINING_FILE).write_text(text, encoding="utf-8")
        try:
            bundle = read_sources(scratch)
        except SourceError as error:
            return TrainingCheck(error=str(error))
    courses = bundle.courses
    academy = sum(1 for course in courses if getattr(course, "kind", "") == "academy")
    if not install:
        return TrainingCheck(courses=len(courses), academy_courses=academy)
    target = source / TRAINING_FILE
    staged = source / f".{TRAINING_FILE}.upload"
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, target)  # atomic: the loader never reads half a file
    from careerpath.kb.load import build_database

    build_database(database_url, source)
    return TrainingCheck(courses=len(courses), academy_courses=academy, installed=True)
