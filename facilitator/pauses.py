"""The anonymous pause signal: a participant asks for a pause without raising a hand.

A phone's "ik heb even pauze nodig" adds one to its session's count of asks and, for the
first since the facilitator last acknowledged, sets since when. The console shows that
someone asked, how often and since when: never who, because nothing links an ask to a
participant (no row per ask, no participant id, no time per phone). The projector and the
other phones are never told. The facilitator's acknowledgement clears it, and so does the
end of the session (sessions.end_session): nothing of it is kept.

How often one phone may ask is limited in the app process's memory (throttle.PAUSE_BY_PHONE),
not here: a stored time per phone would say which phone asked when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.orm import Session

from facilitator.models import RUNNING, GroupSession
from facilitator.sessions import owned_running, session_of_participant


def ask(s: Session, *, token: str, now: datetime) -> bool:
    """One ask from the phone holding ``token``; False when it follows no running session
    (it ended meanwhile, or the phone left)."""
    group = session_of_participant(s, token=token)
    if group is None or group.status != RUNNING:
        return False
    # In one statement, so that two asks at the same moment both count.
    s.execute(
        update(GroupSession)
        .where(GroupSession.id == group.id)
        .values(
            pause_asks=GroupSession.pause_asks + 1,
            pause_asked_at=func.coalesce(GroupSession.pause_asked_at, now),
        )
    )
    # The console reads it at its next tick (views/console.py live_panel). Neither the
    # session's version nor the push streams move: the projector and the phones have
    # nothing to redraw, and hear nothing of it.
    return True


def acknowledge(s: Session, *, facilitator_id: int, session_id: int) -> None:
    """The facilitator has seen it: the count starts again from nothing."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    group.pause_asks, group.pause_asked_at = 0, None
