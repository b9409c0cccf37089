"""A running session keeps the module file it started with.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sessions running at the upgrade have no copy; they fall back to the module folder.
    op.create_table(
        "session_module",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("group_session.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("file_text", sa.Text(), nullable=False),
    )
