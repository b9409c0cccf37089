"""The anonymous pause signal: how many asked since the facilitator last acknowledged, and
since when (facilitator/pauses.py).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "group_session",
        sa.Column("pause_asks", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("group_session", sa.Column("pause_asked_at", sa.DateTime(), nullable=True))
