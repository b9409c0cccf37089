"""When each phone was last seen, so that the room is told how many phones are connected now.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("participant", sa.Column("last_seen_at", sa.DateTime(), nullable=True))
