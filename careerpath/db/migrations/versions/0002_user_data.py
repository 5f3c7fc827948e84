"""user data: student profiles, recommendation history, counselor reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Tables of ``careerpath/userdata/models.py``. Knowledge-base ids are stored as plain strings,
not foreign keys: a knowledge-base reload deletes and re-inserts the KB rows and must
never cascade into (or be blocked by) user data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "student_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("profile_json", sa.Text(), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_profile")),
        sa.UniqueConstraint("channel", "sender_id", name="uq_student_profile_channel_sender"),
    )
    op.create_table(
        "recommendation_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("profile_json", sa.Text(), nullable=False),
        sa.Column("role_types_json", sa.Text(), nullable=False),
        sa.Column("role_names_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_record")),
    )
    op.create_index(
        "ix_recommendation_record_channel_sender", "recommendation_record", ["channel", "sender_id"]
    )
    op.create_table(
        "counselor_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("counselor", sa.String(length=64), nullable=True),
        sa.Column("profile_json", sa.Text(), nullable=False),
        sa.Column("advice_json", sa.Text(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselor_report")),
        sa.UniqueConstraint("code", name="uq_counselor_report_code"),
    )
    op.create_index(
        "ix_counselor_report_channel_sender", "counselor_report", ["channel", "sender_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_counselor_report_channel_sender", table_name="counselor_report")
    op.drop_table("counselor_report")
    op.drop_index("ix_recommendation_record_channel_sender", table_name="recommendation_record")
    op.drop_table("recommendation_record")
    op.drop_table("student_profile")
