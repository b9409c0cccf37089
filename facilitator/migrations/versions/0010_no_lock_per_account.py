"""No failed sign-ins or lock per account: guessing is slowed per client address instead
(facilitator.throttle), so that nobody can lock a facilitator out by failing with their
user name.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain SQL on both databases (SQLite since 3.35): a batch copy of the table on SQLite
    # would drop the old table, which the foreign keys of sign-ins and invitations refuse.
    op.execute("ALTER TABLE facilitator_account DROP COLUMN locked_until")
    op.execute("ALTER TABLE facilitator_account DROP COLUMN failed_sign_ins")
