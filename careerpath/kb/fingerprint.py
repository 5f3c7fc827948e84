"""Which sources a knowledge-base database was loaded from: the fingerprint row of kb_meta.

Apart from ``load.py`` because reading a catalog needs only this, not the YAML reader and
validation that loading pulls in (a process with a loaded database never imports them).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import models

FINGERPRINT_KEY = "fingerprint"


def stored_fingerprint(session: Session) -> str | None:
    """The fingerprint of the sources the database was loaded from; None when never loaded."""
    return session.execute(
        select(models.KnowledgeBaseMeta.value).where(
            models.KnowledgeBaseMeta.key == FINGERPRINT_KEY
        )
    ).scalar_one_or_none()
