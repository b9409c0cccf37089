"""Randomized response per session, per-account sign-in throttling, invitations.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows get the values a new row gets: no randomization, no failures.
    op.add_column(
        "group_session",
        sa.Column("randomized_response", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "facilitator_account",
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("facilitator_account", sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.create_table(
        "invitation",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column(
            "created_by",
            sa.Integer(),
            sa.ForeignKey("facilitator_account.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
