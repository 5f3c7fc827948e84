"""chat delivery: received updates, the outbox per chat, chat leases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Tables of careerpath/delivery/models.py: what a chat channel (Telegram) received and still
owes, kept in the database so a restart or another replica loses and repeats nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_update")),
        sa.UniqueConstraint("channel", "update_id", name="uq_chat_update_channel_update"),
    )
    op.create_index("ix_chat_update_pending", "chat_update", ["channel", "chat_id", "handled_at"])
    op.create_table(
        "chat_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("params_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("buttons_json", sa.Text(), nullable=True),
        sa.Column("keyboard_open", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_outbox")),
    )
    op.create_index("ix_chat_outbox_pending", "chat_outbox", ["channel", "chat_id", "status"])
    op.create_index("ix_chat_outbox_message", "chat_outbox", ["channel", "chat_id", "message_id"])
    op.create_table(
        "chat_lease",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_lease")),
        sa.UniqueConstraint("channel", "chat_id", "purpose", name="uq_chat_lease_chat_purpose"),
    )


def downgrade() -> None:
    op.drop_table("chat_lease")
    op.drop_index("ix_chat_outbox_message", table_name="chat_outbox")
    op.drop_index("ix_chat_outbox_pending", table_name="chat_outbox")
    op.drop_table("chat_outbox")
    op.drop_index("ix_chat_update_pending", table_name="chat_update")
    op.drop_table("chat_update")
