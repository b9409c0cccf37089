"""How long anything is kept.

* Raw answers (ballots, roll, participants) live only while a session runs: ending it
  deletes them. A session left running is ended automatically after ``max_running``
  (SESSION_MAX_HOURS, default 12), with the same summary as a facilitator's own ending.
* Summaries hold aggregates only and are deleted after ``keep_summaries``
  (SUMMARY_RETENTION_DAYS, default 365), or earlier by their facilitator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from facilitator import sessions
from facilitator.content import Module
from facilitator.db import scrub_after_commit
from facilitator.errors import ActionRefused
from facilitator.models import ENDED, RUNNING, GroupSession

FindModule = Callable[[GroupSession], Module | None]  # the module a session runs


@dataclass(frozen=True, kw_only=True)
class Swept:
    ended: int
    deleted: int


def sweep(
    s: Session,
    *,
    max_running: timedelta,
    keep_summaries: timedelta,
    find_module: FindModule,
    now: datetime,
) -> Swept:
    """End overdue sessions and delete expired summaries; cheap when there is nothing to do
    (two indexed reads)."""
    overdue = s.scalars(
        select(GroupSession).where(
            GroupSession.status == RUNNING, GroupSession.started_at < now - max_running
        )
    ).all()
    for group in overdue:
        sessions.end_session(
            s,
            facilitator_id=group.facilitator_id,
            session_id=group.id,
            module=find_module(group),
            now=now,
        )
    # A DELETE's result is a CursorResult, whose row count Session.execute's annotation
    # (a Result of any statement) does not show.
    expired = cast(
        CursorResult[Any],
        s.execute(
            delete(GroupSession).where(
                GroupSession.status == ENDED, GroupSession.ended_at < now - keep_summaries
            )
        ),
    )
    if expired.rowcount:
        scrub_after_commit(s)  # a deleted summary leaves no bytes behind either
    return Swept(ended=len(overdue), deleted=expired.rowcount or 0)


def delete_summary(s: Session, *, facilitator_id: int, session_id: int) -> None:
    """A facilitator deletes one of their own past sessions, summary and all."""
    group = s.get(GroupSession, session_id)
    if group is None or group.facilitator_id != facilitator_id:
        raise ActionRefused("not_your_session")
    if group.status != ENDED:
        raise ActionRefused("still_running")
    s.delete(group)
    scrub_after_commit(s)
