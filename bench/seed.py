"""The benchmark's database: a fresh one, and a year of summaries in it, so that the scrub
after each reveal rewrites a database of a realistic size."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sqlalchemy import select

from facilitator import results
from facilitator.content import Module, QuestionStep
from facilitator.db import Database, create_empty_database
from facilitator.models import (
    ENDED,
    FacilitatorAccount,
    GroupSession,
    SessionSummary,
)
from facilitator.timeutil import utcnow


def fresh_database(args: argparse.Namespace, workdir: Path) -> str:
    """SQLite in the work folder, or a new database on the PostgreSQL server named by
    --postgres-server (scripts/bench --postgres starts one)."""
    if not args.postgres_server:
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    return create_empty_database(args.postgres_server, "bench")


# A clinic's year: the summaries of 5 groups a week, which every scrub (VACUUM) rewrites.
SUMMARIES_OF_A_YEAR = 260


def store_a_year_of_summaries(db: Database, module: Module) -> None:
    """Ended sessions with summaries as big as the module's real ones, so that the scrub
    after each reveal rewrites a database of a realistic size."""
    payload = json.dumps(
        [
            results.aggregate(step, index, []).to_dict() | {"revealed": True}
            for index, step in enumerate(module.steps)
            if isinstance(step, QuestionStep)
        ],
        ensure_ascii=False,
    )
    with db.write() as s:
        facilitator_id = s.scalar(select(FacilitatorAccount.id))
        for n in range(SUMMARIES_OF_A_YEAR):
            group = GroupSession(
                facilitator_id=facilitator_id,
                module_id=module.id,
                language=module.language,
                module_title=module.title,
                join_code=f"Y{n:05d}",
                projector_token=f"bench-year-{n}",
                status=ENDED,
                current_step=0,
                version=1,
                min_group_size=5,
                curtain=False,
                locked=False,
                randomized_response=False,
                started_at=utcnow(),
                step_started_at=utcnow(),
                ended_at=utcnow(),
            )
            s.add(group)
            s.flush()
            s.add(SessionSummary(session_id=group.id, participants=12, payload=payload))
