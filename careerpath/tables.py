"""Every table of the project database, gathered for migrations and schema checks.

Each package declares its tables on the one ``Base`` of ``careerpath.db.base``. Importing
the model modules here, above all of them, gives alembic and the tests the whole schema
while ``careerpath.db`` imports nothing from the packages built on it.
"""

from __future__ import annotations

from sqlalchemy import MetaData

# Imported for their tables: each module registers its classes on Base.metadata.
import careerpath.accounts.models
import careerpath.counseling.models
import careerpath.delivery.models
import careerpath.handoff.models
import careerpath.kb.models
import careerpath.userdata.models  # noqa: F401
from careerpath.db.base import Base


def load_all_models() -> MetaData:
    """The metadata of every table (all model modules are imported with this module)."""
    return Base.metadata
