"""The schema as first deployed (created by create_all before migrations existed).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The answer tables are WITHOUT ROWID on SQLite: see facilitator/models.py.
UNORDERED = {"sqlite_with_rowid": False}


def upgrade() -> None:
    op.create_table(
        "facilitator_account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "setup_code",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "group_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "facilitator_id",
            sa.Integer(),
            sa.ForeignKey("facilitator_account.id"),
            nullable=False,
        ),
        sa.Column("module_id", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("module_title", sa.String(200), nullable=False),
        sa.Column("join_code", sa.String(6), nullable=False),
        sa.Column("projector_token", sa.String(64), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("current_step", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("min_group_size", sa.Integer(), nullable=False),
        sa.Column("curtain", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("step_started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
    )
    op.create_index(
        "uq_group_session_running_code",
        "group_session",
        ["join_code"],
        unique=True,
        sqlite_where=sa.text("status = 'running'"),
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_index("ix_group_session_facilitator", "group_session", ["facilitator_id", "status"])
    op.create_table(
        "step_state",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("step_index", sa.Integer(), primary_key=True),
        sa.Column("phase", sa.String(16), nullable=False),
    )
    op.create_table(
        "participant",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("read_note", sa.Boolean(), nullable=False),
        **UNORDERED,
    )
    op.create_index("ix_participant_session_id", "participant", ["session_id"])
    op.create_table(
        "roll_entry",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("step_index", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), primary_key=True),
        **UNORDERED,
    )
    op.create_table(
        "ballot",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        **UNORDERED,
    )
    op.create_index("ix_ballot_step", "ballot", ["session_id", "step_index"])
    op.create_table(
        "session_summary",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
