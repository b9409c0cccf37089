"""Attacks on the PostgreSQL server's files, read as whoever copies the data directory
would: the bytes of the database's own files, after a checkpoint has written every page
the server holds in memory (the worst case for us)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select, text

from facilitator import sessions
from facilitator.db import Database
from facilitator.models import Participant
from facilitator.privacy import token_hash
from tests.helpers import NOW, answer, go_and_open, join_code_of, join_many, start

DATA_DIR = os.environ.get("TEST_DATABASE_DATA_DIR")
pytestmark = pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") and DATA_DIR),
    reason="needs the PostgreSQL server's data folder (scripts/with-postgres)",
)


def database_files(db: Database) -> bytes:
    """Every file of this database on disk, once the server has written out its pages."""
    with db.engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))
        oid = connection.execute(
            text("SELECT oid FROM pg_database WHERE datname = current_database()")
        ).scalar()
    folder = Path(DATA_DIR or "") / "base" / str(oid)
    return b"".join(path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file())


def server_log() -> bytes:
    folder = Path(DATA_DIR or "") / "pg_wal"
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def play(db, facilitator_id, module, people=6):
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), people)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    ballots = []
    for n, token in enumerate(tokens):
        # Each ballot as stored (JSON, sorted keys): found only where a ballot is.
        ballot = {"gevoel": ["1", "2", "3", "4", "5", "pass"][n % 6]}
        answer(db, token, index, ballot, module)
        ballots.append(json.dumps(ballot, sort_keys=True).encode())
    return session_id, tokens, ballots


def test_while_a_question_is_open_a_ballot_shares_its_transaction_with_nobody(
    db, facilitator_id, module
):
    _session_id, tokens, _ballots = play(db, facilitator_id, module)
    with db.engine.connect() as connection:
        # A superuser can read each row's writing transaction (xmin).
        ballot_xmins = set(connection.execute(text("SELECT xmin::text FROM ballot")).scalars())
        participants = dict(
            connection.execute(text("SELECT token_hash, xmin::text FROM participant")).all()
        )
        roll = connection.execute(text("SELECT roll_key, xmin::text FROM roll_entry")).all()
    assert set(participants) == {token_hash(t) for t in tokens}
    # Each ballot shares its transaction with a roll entry, whose key is no participant's.
    assert {xmin for _key, xmin in roll} == ballot_xmins
    assert not {key for key, _xmin in roll} & set(participants)
    assert not set(participants.values()) & ballot_xmins


def test_after_the_end_the_database_files_hold_no_ballot_and_no_token_hash(
    db, facilitator_id, module
):
    session_id, _tokens, ballots = play(db, facilitator_id, module)
    with db.read() as s:
        hashes = [h.encode() for h in s.scalars(select(Participant.token_hash))]
    with db.engine.connect() as connection:
        roll = [
            k.encode()
            for k in connection.execute(text("SELECT roll_key FROM roll_entry")).scalars()
        ]
    before = database_files(db)
    assert all(b in before for b in ballots), "the attack must see ballots while they exist"
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )

    after = database_files(db)
    assert not [b for b in ballots if b in after]
    assert not [h for h in hashes + roll if h in after]
    # What docs/privacy.md says lies beyond the app: the server's own log still has them
    # until PostgreSQL recycles its segments.
    assert any(b in server_log() for b in ballots)
