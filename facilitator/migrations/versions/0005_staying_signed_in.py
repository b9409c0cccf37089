"""A facilitator stays signed in across a reload, a restart and another app process.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facilitator_sign_in",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "facilitator_id",
            sa.Integer(),
            sa.ForeignKey("facilitator_account.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("last_active_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_facilitator_sign_in_facilitator_id", "facilitator_sign_in", ["facilitator_id"]
    )
