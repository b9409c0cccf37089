"""The network address a session's join link uses, when the laptop has several.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("group_session", sa.Column("phone_address", sa.String(45), nullable=True))
