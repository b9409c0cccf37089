"""What a facilitator keeps of past sessions: aggregates only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.models import ENDED, GroupSession, SessionSummary


@dataclass(frozen=True, kw_only=True)
class PastSession:
    session_id: int
    module_title: str
    language: str
    started_at: datetime
    ended_at: datetime | None
    participants: int  # phones that joined
    steps: list[dict[str, object]]
    min_group_size: int = 3  # k
    randomized: bool = False


def past_sessions(s: Session, *, facilitator_id: int) -> list[PastSession]:
    """The facilitator's ended sessions with their summaries, newest first."""
    return _past(s, facilitator_id=facilitator_id)


def past_session(s: Session, *, facilitator_id: int, session_id: int) -> PastSession | None:
    """One ended session of this facilitator (the one just ended, on the console)."""
    found = _past(s, facilitator_id=facilitator_id, session_id=session_id)
    return found[0] if found else None


def _past(s: Session, *, facilitator_id: int, session_id: int | None = None) -> list[PastSession]:
    query = (
        select(GroupSession, SessionSummary)
        .join(SessionSummary, SessionSummary.session_id == GroupSession.id)
        .where(GroupSession.facilitator_id == facilitator_id, GroupSession.status == ENDED)
        .order_by(GroupSession.started_at.desc())
    )
    if session_id is not None:
        query = query.where(GroupSession.id == session_id)
    return [
        PastSession(
            session_id=group.id,
            module_title=group.module_title,
            language=group.language,
            started_at=group.started_at,
            ended_at=group.ended_at,
            participants=summary.participants,
            steps=json.loads(summary.payload),
            min_group_size=group.min_group_size,
            randomized=group.randomized_response,
        )
        for group, summary in s.execute(query)
    ]
