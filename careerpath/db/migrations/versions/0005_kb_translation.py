"""knowledge-base translations: the texts of sources/<language>/ (Hindi first)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

One row per translated text of a knowledge-base entry, keyed by language, kind of entry,
the entry's id and the field (careerpath/kb/models.py: Translation). A table rather than
a Hindi column per text, so a further language needs no migration.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_translation")),
        sa.UniqueConstraint(
            "language",
            "kind",
            "owner_id",
            "field",
            name=op.f("uq_kb_translation_language"),
        ),
    )


def downgrade() -> None:
    op.drop_table("kb_translation")
