"""Prepare the database before the server takes its first visitor, or refuse to start.

``scripts/run`` calls ``python -m facilitator.bootstrap`` before starting Streamlit, and
``serve.py`` does the same checks whatever command starts the server: the schema exists from
the start and, while no facilitator account exists, a one-time setup code appears in the
server's own output right away. Bad settings and a database that cannot be used stop the
start with one line that says what to do; an empty or missing SQLite file where one was
made before is never silently replaced by a new, empty database (that would lose every
account and summary).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from facilitator import auth
from facilitator.config import SettingsError, load_settings
from facilitator.db import Database
from facilitator.errors import DatabaseUnavailable
from facilitator.timeutil import utcnow

_SQLITE_HEADER = b"SQLite format 3\x00"


class StartRefused(Exception):
    """The database cannot be used as it is; the message says what to do."""


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def made_here_marker(path: Path) -> Path:
    """Written beside a SQLite file once its schema exists: later, a missing file means a
    lost database, not a first start."""
    return path.with_name(f"{path.name}.made")


# SQLite files this process has checked and found good. Once SQLite has the file open,
# this process may not open it any other way: closing any descriptor of a file drops every
# POSIX lock the process holds on it, SQLite's too (its documentation, "How To Corrupt An
# SQLite Database File", 2.2). Reading the header a second time, at the first page view
# while the server's routes held a connection, let another process take the log for its
# own and truncate it: the app's reads then failed with SQLITE_IOERR_SHORT_READ.
_checked: set[Path] = set()


def check_database_file(url: str) -> None:
    """Refuse a SQLite file that is empty, not a database, or missing where one was made.
    Once per file and process, before SQLite opens it."""
    path = _sqlite_file(url)
    if path is None or path in _checked:
        return
    marker = made_here_marker(path)
    if not path.exists():
        if marker.exists():
            raise StartRefused(
                f"the database {path} is missing, though one was made here before. Restore "
                f"it from a backup, or delete {marker} to start with a new, empty database "
                "(no accounts, no summaries)."
            )
        return
    if path.stat().st_size == 0:
        raise StartRefused(
            f"the database {path} is an empty file (0 bytes). Restore it from a backup, or "
            f"delete {path} to start with a new, empty database (no accounts, no summaries)."
        )
    with path.open("rb") as file:
        header = file.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise StartRefused(
            f"{path} is not a SQLite database (damaged, or another file). Restore it from a "
            f"backup, or move it away to start with a new, empty database."
        )
    _checked.add(path)


def prepare_database(url: str, *, fresh_code: bool, now: datetime) -> Database:
    """Create the schema; print a setup code while no account exists. ``fresh_code``
    issues a new code even when an earlier one is still valid (a deliberate start).
    Raises StartRefused, or DatabaseUnavailable when the database does not answer."""
    check_database_file(url)
    db = Database(url)
    try:
        db.create_schema()
    except sa_exc.DatabaseError as error:  # SQLite: "file is not a database", malformed
        db.dispose()
        raise StartRefused(
            f"the database cannot be read ({type(error.orig).__name__}: {error.orig}). "
            "Restore it from a backup."
        ) from None
    path = _sqlite_file(url)
    if path is not None:
        made_here_marker(path).touch()
        _checked.add(path)  # made or checked: never opened outside SQLite again
    # A process killed between a session's end and its scrub left the deleted ballots in
    # the files: scrub before anyone is served.
    db.scrub()
    with db.write() as s:
        code = auth.issue_setup_code(s, keep_valid=not fresh_code, now=now)
    if code is not None:
        # The only place the code appears: the terminal of whoever started the server.
        # Someone on the room's network who opens the console first cannot see it.
        banner = "=" * 64
        print(
            f"\n{banner}\nNo facilitator account yet. One-time setup code: {code}\n"
            f"Open the console (/begeleider) and enter this code to set a password.\n{banner}\n",
            file=sys.stderr,
            flush=True,
        )
    return db


def ready_to_serve(*, fresh_code: bool) -> str | None:
    """Settings read and the database prepared; else the one line that says why not."""
    try:
        settings = load_settings()
        prepare_database(settings.database_url, fresh_code=fresh_code, now=utcnow()).dispose()
    except SettingsError as error:
        return f"Not started: settings: {error}"
    except StartRefused as refused:
        return f"Not started: {refused}"
    except DatabaseUnavailable as away:
        return (
            f"Not started: the database does not answer ({away}). Start it, or check DATABASE_URL."
        )
    return None


def main() -> int:
    refused = ready_to_serve(fresh_code=True)
    if refused:
        print(refused, file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
