"""The roll is keyed by a per-step hash of the participant's token, not by the
participant's own hash: a ballot and its roll entry share a commit, and that pair must lead
to nobody (facilitator.privacy.roll_key).

Entries of a session running during the upgrade cannot be rekeyed (only the phones hold
the tokens), so they are dropped: a phone that answered the open question before the
upgrade could answer it once more. The ballots stay.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM roll_entry")
    # Plain SQL on both databases (SQLite since 3.25): a batch copy of the table on SQLite
    # would lose WITHOUT ROWID.
    op.execute("ALTER TABLE roll_entry RENAME COLUMN token_hash TO roll_key")
