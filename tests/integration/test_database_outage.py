"""A database that does not answer: a SQLite file locked past its timeout, or made read-only.
A send is refused as DatabaseUnavailable with nothing stored, the log says once that the
database is unreachable and once that it is back, and the same send then counts once."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from facilitator import ballots, sessions
from facilitator import db as db_module
from facilitator.db import Database
from facilitator.errors import AnswerRefused, DatabaseUnavailable
from facilitator.models import Ballot, RollEntry
from tests.conftest import ROOT, create_account
from tests.helpers import go_and_open, join_code_of, join_many, start

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite files; PostgreSQL: tests/e2e"
)


def stored(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Ballot)),
            s.scalar(select(func.count()).select_from(RollEntry)),
        )


def a_phone_at_the_open_check_in(path, module) -> tuple[Database, int, str, int]:
    """A SQLite file with a running session, one phone, and the check-in open."""
    db = Database(f"sqlite:///{path}")
    db.create_schema()
    session_id = start(db, create_account(db), module, k=3)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    return db, session_id, token, go_and_open(db, 1, session_id, module, "check-in")


def test_a_file_locked_past_its_timeout_refuses_calmly_then_counts_the_answer_once(
    tmp_path, monkeypatch, capfd, module
):
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "groep.sqlite3"
    db, _session_id, token, index = a_phone_at_the_open_check_in(path, module)
    capfd.readouterr()

    holder = sqlite3.connect(path, isolation_level=None)  # another process's long write
    holder.execute("BEGIN EXCLUSIVE")
    for _ in range(3):
        with pytest.raises(DatabaseUnavailable, match="locked"), db.write() as s:
            ballots.submit(s, token=token, step_index=index, answers={"gevoel": "4"}, module=module)
    holder.execute("ROLLBACK")
    holder.close()
    assert stored(db) == (0, 0)

    with db.write() as s:
        ballots.submit(s, token=token, step_index=index, answers={"gevoel": "4"}, module=module)
    with pytest.raises(AnswerRefused), db.write() as s:  # pressed once more: counted once
        ballots.submit(s, token=token, step_index=index, answers={"gevoel": "4"}, module=module)
    assert stored(db) == (1, 1)
    log = capfd.readouterr().err.splitlines()
    assert [line for line in log if "unreachable" in line] == [
        "Database unreachable (sqlite): OperationalError: database is locked. Retrying; every "
        "screen says so and heals by itself."
    ]
    assert len([line for line in log if "reachable again" in line]) == 1
    assert not [line for line in log if "Traceback" in line]
    db.dispose()


# A client of the database as the app is: a process that may not write a read-only file.
# Root may write any file, so the capability that lets it is dropped (setpriv).
READ_ONLY_CLIENT = textwrap.dedent(
    """
    import sys
    from facilitator import ballots, sessions
    from facilitator.content import load_library
    from facilitator.db import Database
    from facilitator.errors import DatabaseUnavailable

    url, token, index = sys.argv[1], sys.argv[2], int(sys.argv[3])
    module = load_library("content").get("traumabinding", "nl")
    db = Database(url)
    with db.read() as s:
        print("read", sessions.phase_of(s, session_id=1, step_index=index), flush=True)
    for attempt in ("read-only", "mended"):
        if attempt == "mended":
            input()  # the test mends the files
        try:
            with db.write() as s:
                ballots.submit(
                    s, token=token, step_index=index, answers={"gevoel": "2"}, module=module
                )
            print(attempt, "stored", flush=True)
        except DatabaseUnavailable as error:
            print(attempt, "unavailable:", error, flush=True)
    """
)


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv"
)
def test_a_read_only_file_refuses_writes_keeps_reads_and_heals_once_mended(tmp_path, module):
    path = tmp_path / "groep.sqlite3"
    db, session_id, token, index = a_phone_at_the_open_check_in(path, module)
    db.dispose()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("groep.sqlite3")]
    for file in files:
        file.chmod(0o444)

    no_override = "-dac_override,-dac_read_search"
    without_override = ["setpriv", "--bounding-set", no_override, "--inh-caps", no_override]
    arguments = [f"sqlite:///{path}", token, str(index)]
    client = subprocess.Popen(
        [*without_override, sys.executable, "-c", READ_ONLY_CLIENT, *arguments],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert client.stdout.readline().strip() == "read open"  # reads go on
    refused = client.stdout.readline().strip()
    assert (
        refused == "read-only unavailable: OperationalError: attempt to write a readonly database"
    )
    for file in tmp_path.iterdir():
        if file.name.startswith("groep.sqlite3"):
            file.chmod(0o644)
    out, err = client.communicate("\n", timeout=30)
    assert out.strip() == "mended stored", err
    assert err.count("Database unreachable") == 1 and err.count("reachable again") == 1
    db = Database(f"sqlite:///{path}")
    assert stored(db) == (1, 1)
    with db.read() as s:
        assert sessions.count_answers(s, session_id=session_id, step_index=index) == 1
    db.dispose()
