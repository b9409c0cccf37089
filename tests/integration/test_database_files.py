"""Attacks on a copy of the SQLite files, read as an attacker would: the bytes of the main
file and its write-ahead log, parsed without the app.

The attacker's aim is to learn what one participant answered: to link the participant's
row (the hash of their token) to a ballot, or to link their ballots of two steps. The
copy is taken the way a backup tool or ``cp`` would, while the server has the database
open.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitator import sessions
from facilitator.content import Module
from facilitator.db import Database
from facilitator.models import Participant
from facilitator.privacy import token_hash
from tests.helpers import NOW, answer, go_and_open, join_code_of, join_many, start

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="the SQLite files (PostgreSQL: test_database_files_postgres.py)",
)

HEX64 = re.compile(rb"[0-9a-f]{64}")
BALLOT_JSON = re.compile(rb'\{"[^{}]{1,2000}\}')
WAL_HEADER = 32
FRAME_HEADER = 24


def copy_files(db: Database, into: Path) -> Path:
    """The database's files as they are on disk now (main file, -wal, -shm, -journal)."""
    main = Path(db.engine.url.database or "")
    into.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = Path(f"{main}{suffix}")
        if source.exists():
            shutil.copyfile(source, into / f"{main.name}{suffix}")
    return into / main.name


def all_bytes(copy: Path) -> bytes:
    return b"".join(
        Path(f"{copy}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm", "-journal")
        if Path(f"{copy}{suffix}").exists()
    )


def wal_commits(copy: Path) -> list[list[tuple[int, bytes]]]:
    """The valid frames of the -wal file, grouped by commit, in the order written: each
    frame is a page number and a whole page image."""
    wal = Path(f"{copy}-wal")
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < WAL_HEADER:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    commits: list[list[tuple[int, bytes]]] = []
    pending: list[tuple[int, bytes]] = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(data):
        header = data[offset : offset + FRAME_HEADER]
        if header[8:16] != salts:  # left over from before the last reset of the log
            break
        page = data[offset + FRAME_HEADER : offset + FRAME_HEADER + page_size]
        pending.append((struct.unpack(">I", header[0:4])[0], page))
        if struct.unpack(">I", header[4:8])[0]:  # database size set: a commit frame
            commits.append(pending)
            pending = []
        offset += FRAME_HEADER + page_size
    return commits


def _items(page: bytes) -> dict[bytes, int]:
    counts: dict[bytes, int] = {}
    for found in HEX64.findall(page) + BALLOT_JSON.findall(page):
        counts[found] = counts.get(found, 0) + 1
    return counts


def link_by_commit(copy: Path, participant_hashes: set[bytes]) -> dict[bytes, list[bytes]]:
    """The classic attack on a write-ahead log: walk the commits in order and, page by
    page, note what each commit added to the page's previous image. A participant whose
    hash was added in the same commit as exactly one ballot is linked to that ballot."""
    last_image: dict[int, dict[bytes, int]] = {}
    linked: dict[bytes, list[bytes]] = {}
    for commit in wal_commits(copy):
        added: set[bytes] = set()
        for number, page in commit:
            items, before = _items(page), last_image.get(number, {})
            added |= {found for found, n in items.items() if n > before.get(found, 0)}
            last_image[number] = items
        new_ballots = [found for found in added if found.startswith(b"{")]
        for person in added & participant_hashes:
            if len(new_ballots) == 1:
                linked.setdefault(person, []).append(new_ballots[0])
    return linked


@dataclass
class Room:
    session_id: int
    tokens: list[str]
    hashes: set[bytes]
    truth: dict[bytes, list[bytes]]  # participant hash -> their ballots, as stored JSON


def play(db: Database, facilitator_id: int, module: Module, *, people: int = 6) -> Room:
    """A session of `people` phones; each answers the check-in and the self-test, in an
    order of arrival that differs between the two."""
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), people)
    with db.read() as s:
        hashes = {h.encode() for h in s.scalars(select(Participant.token_hash))}
    truth: dict[bytes, list[bytes]] = {}
    moods = ["1", "2", "3", "4", "5", "pass"]
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    for n, token in enumerate(tokens):
        ballot = {"gevoel": moods[n % len(moods)]}
        answer(db, token, index, ballot, module)
        truth.setdefault(token_hash(token).encode(), []).append(
            json.dumps(ballot, sort_keys=True).encode()
        )
    return Room(session_id=session_id, tokens=tokens, hashes=hashes, truth=truth)


def correctly_linked(linked: dict[bytes, list[bytes]], room: Room) -> int:
    return sum(1 for person, ballots in linked.items() if ballots[:1] == room.truth[person][:1])


def test_a_copy_taken_while_a_question_is_open_links_no_participant_to_a_ballot(
    db, facilitator_id, module, tmp_path
):
    room = play(db, facilitator_id, module)
    copy = copy_files(db, tmp_path / "copy")

    assert wal_commits(copy), "the attack needs the log: the test would prove nothing"
    linked = link_by_commit(copy, room.hashes)
    assert correctly_linked(linked, room) == 0, linked


def close_current(db: Database, facilitator_id: int, room: Room, module: Module) -> None:
    with db.write() as s:
        sessions.close_question(
            s, facilitator_id=facilitator_id, session_id=room.session_id, module=module
        )


def stored(copy: Path, into: Path, sql: str) -> list[tuple]:
    """Rows of a copy, read with the sqlite3 module from a second copy (opening a database
    may checkpoint its log, and the byte-level attacks read the first copy untouched)."""
    second = into / f"read-{len(list(into.glob('read-*')))}"
    second.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{copy}{suffix}").exists():
            shutil.copyfile(f"{copy}{suffix}", second / f"{copy.name}{suffix}")
    connection = sqlite3.connect(second / copy.name)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def cells_follow_key_order(data: bytes, keys: list[str], page_size: int) -> bool:
    """Whether, within each page of the main file, the cells of these keys lie in the
    order of the keys (or its reverse), so that their places tell nothing of arrival."""
    by_page: dict[int, list[tuple[int, str]]] = {}
    for key in keys:
        offset = data.find(key.encode())
        assert offset >= 0, "a stored row is not in the main file"
        by_page.setdefault(offset // page_size, []).append((offset, key))
    for cells in by_page.values():
        in_place_order = [key for _offset, key in sorted(cells)]
        if in_place_order not in (sorted(in_place_order), sorted(in_place_order, reverse=True)):
            return False
    return True


def test_a_copy_taken_after_a_question_closed_keeps_no_order_of_arrival(
    db, facilitator_id, module, tmp_path
):
    room = play(db, facilitator_id, module, people=8)
    close_current(db, facilitator_id, room, module)
    copy = copy_files(db, tmp_path / "copy")

    # The log no longer holds the commits in which the answers arrived.
    log = all_bytes(copy)[len(copy.read_bytes()) :]
    assert not any(ballot in log for ballots in room.truth.values() for ballot in ballots)
    assert not any(person in log for person in room.hashes)
    assert correctly_linked(link_by_commit(copy, room.hashes), room) == 0
    # In the main file, roll entries and ballots lie in the order of their random keys.
    data = copy.read_bytes()
    page_size = struct.unpack(">H", data[16:18])[0]
    roll = [key for (key,) in stored(copy, tmp_path, "SELECT roll_key FROM roll_entry")]
    ballot_ids = [key for (key,) in stored(copy, tmp_path, "SELECT id FROM ballot")]
    assert len(roll) == len(ballot_ids) == 8
    assert cells_follow_key_order(data, roll, page_size)
    assert cells_follow_key_order(data, ballot_ids, page_size)


def test_the_roll_of_one_step_leads_neither_to_a_participant_nor_to_another_step(
    db, facilitator_id, module, tmp_path
):
    room = play(db, facilitator_id, module, people=5)
    index = go_and_open(db, facilitator_id, room.session_id, module, "zelftest")
    for n, token in enumerate(reversed(room.tokens)):
        answer(
            db,
            token,
            index,
            {q.id: "ja" if n % 2 else "nee" for q in module.steps[index].questions},
            module,
        )
    copy = copy_files(db, tmp_path / "copy")

    rows = stored(copy, tmp_path, "SELECT step_index, roll_key FROM roll_entry")
    by_step: dict[int, set[str]] = {}
    for step, key in rows:
        by_step.setdefault(step, set()).add(key)
    first, second = by_step.values()
    participants = {h.decode() for h in room.hashes}
    assert len(first) == len(second) == 5
    assert not first & second and not (first | second) & participants


def test_a_copy_taken_after_the_session_ended_holds_no_ballot_and_no_token_hash(
    db, facilitator_id, module, tmp_path
):
    room = play(db, facilitator_id, module, people=6)
    running = copy_files(db, tmp_path / "running")
    roll = {key.encode() for (key,) in stored(running, tmp_path, "SELECT roll_key FROM roll_entry")}
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=room.session_id, module=module, now=NOW
        )
    copy = copy_files(db, tmp_path / "ended")

    data = all_bytes(copy)
    assert not [b for ballots in room.truth.values() for b in ballots if b in data]
    assert not [h for h in room.hashes | roll if h in data]
    assert link_by_commit(copy, room.hashes) == {}
