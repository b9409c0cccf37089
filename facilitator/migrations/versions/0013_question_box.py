"""The question box: questions typed for the facilitator, passed on in shuffled batches
(facilitator/question_box.py).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("group_session", sa.Column("box_waiting_since", sa.DateTime(), nullable=True))
    op.add_column("group_session", sa.Column("box_on_screen", sa.String(32), nullable=True))
    op.create_table(
        "box_question",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_box_question_session_id", "box_question", ["session_id"])
