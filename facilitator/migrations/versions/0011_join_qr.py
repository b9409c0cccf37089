"""Whether the projector shows the join QR code large, or only a slim strip with the code.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sessions running during the upgrade keep the large code: they may still be joining.
    op.add_column(
        "group_session",
        sa.Column("join_qr", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
