"""A session's door: once the group is in, the facilitator can stop new phones joining.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "group_session",
        sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
