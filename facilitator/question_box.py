"""The question box: a participant types a question or a remark for the facilitator.

Who typed what must not follow from when it arrived: a facilitator who sees one person tap
and a question appear a moment later knows whose it is. So a question waits, and reaches
the console only in a batch: once ``BATCH`` are waiting, or once the oldest has waited
``LONGEST_WAIT`` (then the few there are, however few). Within a batch the order is
random (the row's random id), not the order of arrival. Nothing records when a question
came or from whom: no participant, no time per question, rows without a rowid (so the
file keeps no order either); the session's row keeps only since when the oldest waits.

The facilitator may put one question at a time on the projector, or dismiss it (deleted).
Everything in the box is deleted when the session ends; no summary, export or log holds
any of it. How many questions one phone may send is limited in the process's memory
(throttle.BOX_BY_PHONE); the box holds at most ``MOST_HELD`` at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from facilitator.errors import ActionRefused, DomainError
from facilitator.models import RUNNING, BoxQuestion, GroupSession
from facilitator.sessions import moved, owned_running, session_of_participant

MAX_CHARS = 500
BATCH = 3
LONGEST_WAIT = timedelta(minutes=3)
MOST_HELD = 40  # waiting and passed on, per session


class BoxRefused(DomainError):
    """A question the box does not take (said on the phone); nothing was stored."""


@dataclass(frozen=True, kw_only=True)
class Passed:
    """A question on the console."""

    id: str
    text: str
    on_screen: bool


def clean(raw: object) -> str:
    """The question as typed, trimmed; refused when empty or longer than MAX_CHARS (a
    phone's field stops at that length: more is a tampered request)."""
    if not isinstance(raw, str):
        raise BoxRefused("box_empty")
    typed = raw.replace("\r\n", "\n").strip()
    if not typed:
        raise BoxRefused("box_empty")
    if len(typed) > MAX_CHARS:
        raise BoxRefused("box_too_long")
    return typed


def ask(s: Session, *, token: str, raw: object, now: datetime) -> None:
    """Put a question in the box of the phone's running session."""
    typed = clean(raw)
    group = session_of_participant(s, token=token)
    if group is None or group.status != RUNNING:
        raise BoxRefused("box_session_over")
    s.refresh(group, with_for_update=True)  # one phone's send at a time per session
    held = s.scalar(
        select(func.count()).select_from(BoxQuestion).where(BoxQuestion.session_id == group.id)
    )
    if (held or 0) >= MOST_HELD:
        raise BoxRefused("box_full")
    s.add(BoxQuestion(id=secrets.token_hex(16), session_id=group.id, text=typed, batch=None))
    if group.box_waiting_since is None:
        group.box_waiting_since = now
    s.flush()
    _pass_on_if_due(s, group, now)


def pass_on_due(s: Session, *, session_id: int, now: datetime) -> bool:
    """Pass the waiting questions on once the oldest has waited long enough (the console
    asks at its tick); whether it did."""
    group = s.get(GroupSession, session_id, with_for_update=True)
    if group is None or group.status != RUNNING:
        return False
    return _pass_on_if_due(s, group, now)


def due(waiting_since: datetime | None, now: datetime) -> bool:
    """Whether the waiting questions are due by time (read without a write)."""
    return waiting_since is not None and now - waiting_since >= LONGEST_WAIT


def _pass_on_if_due(s: Session, group: GroupSession, now: datetime) -> bool:
    waiting = s.scalar(
        select(func.count())
        .select_from(BoxQuestion)
        .where(BoxQuestion.session_id == group.id, BoxQuestion.batch.is_(None))
    )
    if not waiting or (waiting < BATCH and not due(group.box_waiting_since, now)):
        return False
    last = s.scalar(select(func.max(BoxQuestion.batch)).where(BoxQuestion.session_id == group.id))
    s.execute(
        update(BoxQuestion)
        .where(BoxQuestion.session_id == group.id, BoxQuestion.batch.is_(None))
        .values(batch=(last or 0) + 1)
    )
    group.box_waiting_since = None
    return True


def passed_on(s: Session, *, group: GroupSession) -> list[Passed]:
    """What the console shows: the batches passed on, newest first, each in its random
    order; never a waiting question."""
    rows = s.execute(
        select(BoxQuestion.id, BoxQuestion.text)
        .where(BoxQuestion.session_id == group.id, BoxQuestion.batch.is_not(None))
        .order_by(BoxQuestion.batch.desc(), BoxQuestion.id)
    ).all()
    return [Passed(id=id_, text=text, on_screen=id_ == group.box_on_screen) for id_, text in rows]


def passed_count(s: Session, *, session_id: int) -> int:
    """How many the console has: it draws itself anew when a batch comes."""
    return (
        s.scalar(
            select(func.count())
            .select_from(BoxQuestion)
            .where(BoxQuestion.session_id == session_id, BoxQuestion.batch.is_not(None))
        )
        or 0
    )


def on_screen(s: Session, *, group: GroupSession) -> str | None:
    """The text the projector shows, if the facilitator put a question there."""
    if group.box_on_screen is None:
        return None
    shown = s.get(BoxQuestion, group.box_on_screen)
    return shown.text if shown is not None else None


def show(s: Session, *, facilitator_id: int, session_id: int, question_id: str | None) -> None:
    """Put a passed-on question on the projector (None: take it off)."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    if question_id is not None:
        question = s.get(BoxQuestion, question_id)
        if question is None or question.session_id != group.id or question.batch is None:
            raise ActionRefused("box_gone")
    group.box_on_screen = question_id
    moved(s, group)


def dismiss(s: Session, *, facilitator_id: int, session_id: int, question_id: str) -> None:
    """Delete a passed-on question (and take it off the projector)."""
    group = owned_running(s, facilitator_id=facilitator_id, session_id=session_id)
    s.execute(
        delete(BoxQuestion).where(
            BoxQuestion.id == question_id,
            BoxQuestion.session_id == group.id,
            BoxQuestion.batch.is_not(None),
        )
    )
    if group.box_on_screen == question_id:
        group.box_on_screen = None
        moved(s, group)
