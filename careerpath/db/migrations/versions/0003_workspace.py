"""counselor workspace: accounts, sign-in sessions and attempts, guided sessions, notes, hand-offs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Tables of careerpath/accounts/models.py, careerpath/counseling/models.py and
careerpath/handoff/models.py. Students are keyed by channel + sender id as in 0002, with no
foreign key to the user-data tables: "delete my data" removes both sides explicitly.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_account")),
        sa.UniqueConstraint("username", name=op.f("uq_workspace_account_username")),
    )
    op.create_table(
        "workspace_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["workspace_account.id"],
            ondelete="CASCADE",
            name=op.f("fk_workspace_session_account_id_workspace_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_session")),
    )
    op.create_index("ix_workspace_session_account", "workspace_session", ["account_id"])
    op.create_table(
        "workspace_sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_sign_in_attempt")),
    )
    op.create_index(
        "ix_workspace_sign_in_attempt_username",
        "workspace_sign_in_attempt",
        ["username", "attempted_at"],
    )
    op.create_index(
        "ix_workspace_sign_in_attempt_address",
        "workspace_sign_in_attempt",
        ["address", "attempted_at"],
    )
    op.create_table(
        "guided_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counselor", sa.String(length=64), nullable=False),
        sa.Column("student_name", sa.String(length=120), nullable=False),
        sa.Column("ticket_hash", sa.String(length=64), nullable=False),
        sa.Column("ticket_expires_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("sender_id", sa.String(length=255), nullable=True),
        sa.Column("bound_at", sa.DateTime(), nullable=True),
        sa.Column("report_code", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guided_session")),
        sa.UniqueConstraint("ticket_hash", name="uq_guided_session_ticket_hash"),
    )
    op.create_index("ix_guided_session_channel_sender", "guided_session", ["channel", "sender_id"])
    op.create_index("ix_guided_session_counselor", "guided_session", ["counselor"])
    op.create_table(
        "student_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counselor", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_note")),
        sa.UniqueConstraint(
            "counselor", "channel", "sender_id", name="uq_student_note_author_student"
        ),
    )
    op.create_table(
        "handoff_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("top_roles_json", sa.Text(), nullable=False),
        sa.Column("report_code", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_request")),
    )
    op.create_index(
        "ix_handoff_request_channel_sender", "handoff_request", ["channel", "sender_id"]
    )
    op.create_index("ix_handoff_request_status", "handoff_request", ["status", "created_at"])


def downgrade() -> None:
    for index, table in (
        ("ix_handoff_request_status", "handoff_request"),
        ("ix_handoff_request_channel_sender", "handoff_request"),
    ):
        op.drop_index(index, table_name=table)
    op.drop_table("handoff_request")
    op.drop_table("student_note")
    op.drop_index("ix_guided_session_counselor", table_name="guided_session")
    op.drop_index("ix_guided_session_channel_sender", table_name="guided_session")
    op.drop_table("guided_session")
    op.drop_index("ix_workspace_sign_in_attempt_address", table_name="workspace_sign_in_attempt")
    op.drop_index("ix_workspace_sign_in_attempt_username", table_name="workspace_sign_in_attempt")
    op.drop_table("workspace_sign_in_attempt")
    op.drop_index("ix_workspace_session_account", table_name="workspace_session")
    op.drop_table("workspace_session")
    op.drop_table("workspace_account")
