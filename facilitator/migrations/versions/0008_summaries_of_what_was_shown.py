"""Summaries keep only what the room saw: a step that was never revealed keeps its number of
answers and "not shown", no distribution; and no summary keeps the per-person "how many
times 'ja'" histogram, which with the per-question shares pinned down who answered what.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _withheld(step: dict[str, object]) -> dict[str, object]:
    # The same shape as facilitator.results.withheld, written out: a migration must keep
    # doing what it did when it was written, whatever the code does later.
    if step.get("suppressed"):
        return {**step, "reason": step.get("reason", "too_few")}
    if not step.get("revealed"):
        return {
            "step_index": step["step_index"],
            "step_id": step["step_id"],
            "title": step["title"],
            "total": step["total"],
            "suppressed": True,
            "reason": "not_shown",
        }
    return {key: value for key, value in step.items() if key != "yes_histogram"}


def upgrade() -> None:
    connection = op.get_bind()
    summaries = connection.execute(sa.text("SELECT session_id, payload FROM session_summary"))
    for session_id, payload in summaries.all():
        steps = [_withheld(step) for step in json.loads(payload)]
        connection.execute(
            sa.text("UPDATE session_summary SET payload = :payload WHERE session_id = :id"),
            {"payload": json.dumps(steps, ensure_ascii=False), "id": session_id},
        )
