"""How long things are kept: a forgotten session ends by itself (answers deleted, summary
kept), summaries expire, and a facilitator can delete their own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from facilitator import retention, sessions
from facilitator.errors import ActionRefused
from facilitator.models import (
    ENDED,
    Ballot,
    GroupSession,
    Participant,
    RollEntry,
    SessionSummary,
)
from facilitator.summaries import past_sessions
from tests.conftest import create_account
from tests.helpers import (
    NOW,
    answer,
    go_and_open,
    join_code_of,
    join_many,
    self_test_answers,
    start,
)

TWELVE_HOURS = timedelta(hours=12)
A_YEAR = timedelta(days=365)


def count(s, table) -> int:
    return s.scalar(select(func.count()).select_from(table)) or 0


def test_a_session_left_running_is_ended_after_the_limit_with_its_summary(db, module):
    facilitator = create_account(db)
    session_id = start(db, facilitator, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), 3)
    index = go_and_open(db, facilitator, session_id, module, "zelftest")
    for token in tokens:
        answer(db, token, index, self_test_answers(2), module)
    started = NOW

    def find(group):
        return module

    with db.write() as s:
        early = retention.sweep(
            s,
            max_running=TWELVE_HOURS,
            keep_summaries=A_YEAR,
            find_module=find,
            now=started + timedelta(hours=11),
        )
    assert early.ended == 0
    with db.write() as s:
        late = retention.sweep(
            s,
            max_running=TWELVE_HOURS,
            keep_summaries=A_YEAR,
            find_module=find,
            now=started + timedelta(hours=13),
        )
    assert late.ended == 1
    with db.read() as s:
        assert s.get(GroupSession, session_id).status == ENDED
        assert count(s, Ballot) == count(s, RollEntry) == count(s, Participant) == 0
        (past,) = past_sessions(s, facilitator_id=facilitator)
    assert past.participants == 3 and past.steps[0]["total"] == 3


def test_summaries_expire_after_the_retention_time(db, module):
    facilitator = create_account(db)
    session_id = start(db, facilitator, module, k=3)
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator, session_id=session_id, module=module, now=NOW
        )
    ended = NOW
    for days, left in ((364, 1), (366, 0)):
        with db.write() as s:
            retention.sweep(
                s,
                max_running=TWELVE_HOURS,
                keep_summaries=A_YEAR,
                find_module=lambda *_: module,
                now=ended + timedelta(days=days),
            )
        with db.read() as s:
            assert len(past_sessions(s, facilitator_id=facilitator)) == left


def test_a_facilitator_deletes_only_their_own_ended_sessions(db, module):
    owner = create_account(db, "eigenaar")
    other = create_account(db, "ander")
    session_id = start(db, owner, module, k=3)
    with db.write() as s, pytest.raises(ActionRefused, match="still_running"):
        retention.delete_summary(s, facilitator_id=owner, session_id=session_id)
    with db.write() as s:
        sessions.end_session(s, facilitator_id=owner, session_id=session_id, module=module, now=NOW)
    with db.write() as s, pytest.raises(ActionRefused, match="not_your_session"):
        retention.delete_summary(s, facilitator_id=other, session_id=session_id)
    with db.write() as s:
        retention.delete_summary(s, facilitator_id=owner, session_id=session_id)
    with db.read() as s:
        assert past_sessions(s, facilitator_id=owner) == []
        assert count(s, GroupSession) == count(s, SessionSummary) == 0
