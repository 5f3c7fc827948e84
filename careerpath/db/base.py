"""The declarative ``Base`` shared by every table of the project database.

Every package's tables (careerpath.kb.models, careerpath.userdata.models ...) derive from
it, so one alembic history covers the whole database; no model package imports another.
``careerpath.tables.load_all_models()`` gathers them all, from above, for migrations.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

# Named constraints, so later migrations can drop or alter them on PostgreSQL too.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Annotated Any: SQLAlchemy 1.4 ships no types, and mypy accepts model classes derived from an
# Any-typed base but not from a plain variable.
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))
