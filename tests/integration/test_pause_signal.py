"""The anonymous pause signal on a real database: counted without who, cleared by the
facilitator or the end, and never a reason for the phones or the projector to redraw."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from facilitator import pauses, sessions
from facilitator.errors import NotAuthorized
from facilitator.privacy import token_hash
from facilitator.throttle import PAUSE_BY_PHONE, Guards
from tests.conftest import create_account
from tests.helpers import NOW, join_code_of, join_many, start


def snapshot(db, session_id: int) -> sessions.Snapshot:
    with db.read() as s:
        snap = sessions.snapshot(s, session_id=session_id)
    assert snap is not None
    return snap


def ask(db, token: str, at) -> bool:
    with db.write() as s:
        return pauses.ask(s, token=token, now=at)


def test_asks_are_counted_since_the_first_until_the_facilitator_has_seen_them(
    db, facilitator_id, module
):
    session_id = start(db, facilitator_id, module)
    first, second = join_many(db, join_code_of(db, session_id), 2)
    version = snapshot(db, session_id).version
    assert ask(db, first, NOW) and ask(db, second, NOW + timedelta(minutes=2))
    snap = snapshot(db, session_id)
    assert (snap.pause_asks, snap.pause_asked_at) == (2, NOW)
    # Phones and projector draw for the version: a pause asked is nothing for them.
    assert snap.version == version

    with db.write() as s:
        pauses.acknowledge(s, facilitator_id=facilitator_id, session_id=session_id)
    snap = snapshot(db, session_id)
    assert (snap.pause_asks, snap.pause_asked_at) == (0, None)
    assert ask(db, first, NOW + timedelta(minutes=9))
    assert snapshot(db, session_id).pause_asked_at == NOW + timedelta(minutes=9)


def test_only_the_sessions_own_facilitator_acknowledges(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    ask(db, token, NOW)
    other = create_account(db, "ander")
    with db.write() as s, pytest.raises(NotAuthorized):
        pauses.acknowledge(s, facilitator_id=other, session_id=session_id)
    assert snapshot(db, session_id).pause_asks == 1


def test_nothing_of_it_is_kept_once_the_session_ends(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    ask(db, token, NOW)
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )
    assert not ask(db, token, NOW)  # the phone follows nothing any more
    assert not ask(db, "not-a-token", NOW)
    url = make_url(db.engine.url)
    if url.get_backend_name() != "sqlite":
        pytest.skip("the file an attacker would copy is SQLite's")
    # As an attacker reads the file: the session's row says nothing of the pause.
    with sqlite3.connect(url.database) as raw:
        row = raw.execute(
            "SELECT pause_asks, pause_asked_at FROM group_session WHERE id = ?", (session_id,)
        ).fetchone()
    assert row == (0, None)


def test_a_phone_may_ask_again_only_after_a_few_minutes():
    guards = Guards()
    phone, other = token_hash("a" * 32), token_hash("b" * 32)
    assert guards.pause_wait(phone, now=0.0) == 0
    guards.pause_asked(phone, now=0.0)
    assert guards.pause_wait(phone, now=1.0) == pytest.approx(PAUSE_BY_PHONE.window_seconds - 1)
    assert guards.pause_wait(other, now=1.0) == 0  # another phone is not held back
    assert guards.pause_wait(phone, now=PAUSE_BY_PHONE.window_seconds) == 0
