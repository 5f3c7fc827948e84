"""knowledge base: interests (and the role types each suits), skills shown by activities

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Tables of careerpath/kb/models.py: Interest, InterestSynonym, RoleInterest (interests.yml)
and SkillActivity (the verbs and objects of skills.yml's ``activities``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "skill_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("verbs", sa.Text(), nullable=False),
        sa.Column("objects", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_activity_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_activity")),
    )
    op.create_table(
        "interest",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest")),
    )
    op.create_table(
        "interest_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interest_id", sa.String(length=32), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["interest_id"],
            ["interest.id"],
            name=op.f("fk_interest_synonym_interest_id_interest"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_interest_synonym_phrase")),
    )
    op.create_table(
        "role_interest",
        sa.Column("interest_id", sa.String(length=32), nullable=False),
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interest_id"],
            ["interest.id"],
            name=op.f("fk_role_interest_interest_id_interest"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role_type.id"],
            name=op.f("fk_role_interest_role_id_role_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interest_id", "role_id", name=op.f("pk_role_interest")),
    )


def downgrade() -> None:
    op.drop_table("role_interest")
    op.drop_table("interest_synonym")
    op.drop_table("interest")
    op.drop_table("skill_activity")
