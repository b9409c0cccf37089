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
    participants: int
    steps: list[dict[str, object]]


def past_sessions(s: Session, *, facilitator_id: int) -> list[PastSession]:
    rows = s.execute(
        select(GroupSession, SessionSummary)
        .join(SessionSummary, SessionSummary.session_id == GroupSession.id)
        .where(GroupSession.facilitator_id == facilitator_id, GroupSession.status == ENDED)
        .order_by(GroupSession.started_at.desc())
    )
    return [
        PastSession(
            session_id=group.id,
            module_title=group.module_title,
            language=group.language,
            started_at=group.started_at,
            ended_at=group.ended_at,
            participants=summary.participants,
            steps=json.loads(summary.payload),
        )
        for group, summary in rows
    ]
