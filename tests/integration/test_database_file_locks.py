"""SQLite's locks survive the start-up checks: a process may not open its database file
outside SQLite while SQLite holds it, because closing any descriptor of a file drops every
POSIX lock of the process on it. When the first page view checked the file's header a
second time, another process closing its connection took itself for the last one and
deleted the write-ahead log under the server, whose reads then failed with
SQLITE_IOERR_SHORT_READ (seen as a phone stuck on "geen verbinding")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from facilitator.bootstrap import check_database_file, prepare_database
from tests.helpers import NOW

ANOTHER_PROCESS = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA journal_mode=WAL")
c.execute("INSERT INTO marks VALUES (2)")
c.commit()
c.close()
"""


def test_checking_the_file_again_keeps_the_servers_log_from_another_process(tmp_path: Path):
    path = tmp_path / "groepssessie.sqlite3"
    url = f"sqlite:///{path}"
    db = prepare_database(url, fresh_code=False, now=NOW)
    try:
        with db.write() as s:
            s.execute(text("CREATE TABLE marks (x INTEGER)"))
            s.execute(text("INSERT INTO marks VALUES (1)"))
        with db.single_read() as c:  # the pool now holds a connection that has read
            c.execute(text("SELECT count(*) FROM marks")).scalar()
        check_database_file(url)  # as the first page view does, with connections open
        subprocess.run([sys.executable, "-c", ANOTHER_PROCESS, str(path)], check=True)
        # The other process was not the last one: the log and its index stay in place.
        assert (tmp_path / "groepssessie.sqlite3-wal").exists()
        assert (tmp_path / "groepssessie.sqlite3-shm").exists()
        with db.single_read() as c:
            assert c.execute(text("SELECT count(*) FROM marks")).scalar() == 2
    finally:
        db.dispose()
