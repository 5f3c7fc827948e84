"""knowledge base: role aliases, what job ads call a role type

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

Table of careerpath/kb/models.py: RoleAlias (roles.yml's ``aliases``: "CSR", "tele caller",
"back office executive" ..., each with the source and year it comes from).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "role_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role_type.id"],
            name=op.f("fk_role_alias_role_id_role_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_alias")),
    )


def downgrade() -> None:
    op.drop_table("role_alias")
