"""Engine, units of work, schema.

Every user action runs in one ``Database.write()`` block: one transaction, committed when
the block ends, rolled back on any error so a refused action changes nothing stored.
Polls use ``Database.read()``, which never takes a write lock.
"""

from __future__ import annotations

import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry

from facilitator import changes
from facilitator.errors import DatabaseUnavailable

_WRITE = "facilitator_write"
# Writers queue for up to this long instead of failing at once with "database is locked";
# past it, the request fails as DatabaseUnavailable and the screen says so.
SQLITE_BUSY_TIMEOUT_MS = 15_000
# A read of one statement: atomic on its own, so it needs no BEGIN ... COMMIT around it.
_SINGLE_READ = "facilitator_single_read"
# Set in a unit of work's ``Session.info`` by domain code that deleted or rewrote ballots;
# the database is then scrubbed once the transaction has committed (``Database.scrub``).
SCRUB_AFTER_COMMIT = "facilitator_scrub_after_commit"
# How long a scrub waits for polling readers to let go of the SQLite log before it gives
# up until the next one (each try waits up to the busy timeout for them).
_SCRUB_TRIES = 5
_IDLE_SINCE = "facilitator_idle_since"  # a pooled connection's info: when it came back


def scrub_after_commit(s: Session) -> None:
    """Ask for ``Database.scrub`` once this unit of work has committed."""
    s.info[SCRUB_AFTER_COMMIT] = True


# A pooled PostgreSQL connection that sat unused this long (seconds) is asked whether it
# still works before it is handed out. Asking on every checkout (pool_pre_ping) cost a
# round trip per request: 12% of the samples of an app process's script threads while 200
# phones answered (bench/load.py groups, py-spy). In that benchmark, this asks at 78 of
# 8,149 checkouts. In use, a connection is handed out again within milliseconds; one the
# server closed meanwhile (it restarted) fails its request, which says the database is
# away (_answering) and replaces the whole pool. What sat idle, when a server restart or a
# firewall closes connections unseen, is what this check catches.
IDLE_BEFORE_PING = 1.0


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: object, record: ConnectionPoolEntry) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _still_there(
        dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, _proxy: object
    ) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING:
            return  # new, or in use a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # whatever the driver raises for a closed connection
            raise sa_exc.DisconnectionError() from error
        if not alive:
            # The pool drops this one and connects anew (up to three times): the request
            # goes on, and only an unreachable server says the database is away.
            raise sa_exc.DisconnectionError()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    # Bound parameters carry answers: never in a log line (even with SQL echo on) or in
    # the text of a database error.
    if parsed.get_backend_name() != "sqlite":
        # A step change makes every phone of every group redraw at once, and a PostgreSQL
        # read lets other script threads run meanwhile, so many reads are in flight. With
        # SQLAlchemy's 5 (+10 overflow) connections, 210 sessions queued for a connection or
        # opened and closed new ones: an answer's p95 send time was 2.1 s, and 1.3 s with 20
        # (+10) (bench/load.py). Several processes: keep 30 x processes under the server's
        # max_connections (100 by default).
        # Last in, first out: the connection handed back a moment ago is handed out again, so
        # few sit idle long enough to be asked (_ping_after_idle) while the app is busy.
        engine = create_engine(
            url, hide_parameters=True, pool_size=20, max_overflow=10, pool_use_lifo=True
        )
        _ping_after_idle(engine)
        return engine

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins, so a
        # write can start with BEGIN IMMEDIATE (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: polling readers never block a writer and the other way round.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted ballots are overwritten with zeros, not left readable in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        # VACUUM (Database.scrub) builds its copy of the database in memory, not in a
        # temporary file that would hold every ballot on disk for a moment.
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A write transaction takes the write lock up front: a deferred transaction that
        # upgrades from read to write fails at once with SQLITE_BUSY, without waiting.
        options = connection.get_execution_options()
        if options.get(_WRITE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif not options.get(_SINGLE_READ):
            connection.exec_driver_sql("BEGIN")

    return engine


def create_empty_database(server_url: str, prefix: str) -> str:
    """A new, empty database on the PostgreSQL server at ``server_url``, and its URL: the
    tests and the load benchmark each start from nothing."""
    url = make_url(server_url)
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


# What an unreachable database raises: a refused or broken connection, "database is locked"
# past the busy timeout, "attempt to write a readonly database", and a pool that could not
# hand out a connection in time. Constraint violations and the like are not among them.
_OUTAGES = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def _reason(error: Exception) -> str:
    """What went wrong, without the statement or its parameters."""
    cause = getattr(error, "orig", None) or error
    first_line = (str(cause).strip().splitlines() or [""])[0][:200]
    return f"{type(cause).__name__}: {first_line}"


class Health:
    """Whether the database answered when it was last asked. Each change is said once in
    the log, not once per failed request: an outage of 20 s under a group of phones
    polling would otherwise print a traceback per poll."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._down_since: float | None = None
        self._lock = threading.Lock()

    @property
    def reachable(self) -> bool:
        return self._down_since is None

    def failed(self, error: Exception) -> None:
        with self._lock:
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        print(
            f"Database unreachable ({self._name}): {_reason(error)}. Retrying; every screen "
            "says so and heals by itself.",
            file=sys.stderr,
            flush=True,
        )

    def answered(self) -> None:
        if self._down_since is None:  # the common case, without taking the lock
            return
        with self._lock:
            if self._down_since is None:
                return
            seconds = time.monotonic() - self._down_since
            self._down_since = None
        print(
            f"Database reachable again ({self._name}) after {seconds:.0f} s.",
            file=sys.stderr,
            flush=True,
        )


_healths: dict[str, Health] = {}
_healths_lock = threading.Lock()


def _health_of(url: str) -> Health:
    """One Health per database and process: the pages' and the routes' engines (serve.py)
    meet the same outage, and the log says it once."""
    with _healths_lock:
        found = _healths.get(url)
        if found is None:
            found = _healths[url] = Health(make_url(url).get_backend_name())
        return found


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.health = _health_of(url)
        self._write_bind = self.engine.execution_options(**{_WRITE: True})
        # SQLite: the begin hook below sends no BEGIN. PostgreSQL: autocommit, so psycopg
        # sends no BEGIN and no ROLLBACK either; one round trip per poll instead of three.
        single = {"isolation_level": "AUTOCOMMIT"} if self.engine.name != "sqlite" else {}
        self._single_read_bind = self.engine.execution_options(**single, **{_SINGLE_READ: True})

    def create_schema(self) -> None:
        """Bring the schema to the newest migration (facilitator.schema)."""
        from facilitator.schema import migrate  # Alembic is needed only here

        with self._answering():
            migrate(self._write_bind)

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """Turn an unreachable database into DatabaseUnavailable, and keep Health true."""
        try:
            yield
        except _OUTAGES as error:
            self.health.failed(error)
            # The pooled connections may be what is broken: a PostgreSQL server that
            # restarted has closed them, and a SQLite file opened while it was read-only
            # stays read-only for that connection. New ones are made for the next request.
            self.engine.dispose()
            raise DatabaseUnavailable(_reason(error)) from error
        self.health.answered()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commit at the end of the block, roll back on any error; then
        tell this process's listeners which sessions it changed (facilitator.changes) and,
        if the work deleted or rewrote ballots, scrub the database files."""
        with (
            self._answering(),
            Session(self._write_bind, expire_on_commit=False) as session,
        ):
            with session.begin():
                yield session
            changes.committed(changes.pending(session))
            if session.info.pop(SCRUB_AFTER_COMMIT, False):
                self.scrub()

    def scrub(self) -> bool:
        """Leave in the database files only what the tables hold now, in an order that
        says nothing: the privacy of a copy of the files depends on it (docs/privacy.md).

        A ballot and its roll entry are written in one commit, and SQLite's write-ahead
        log keeps commits in order, so while it holds them a copy of the -wal file pairs
        them; within a page, cells are also placed in the order they arrived, and deleted
        ones leave their sizes behind. So, once a question closes or a session ends:
        VACUUM rebuilds the main file from the tables alone, each table in the order of
        its (random) keys and without free pages, and a TRUNCATE checkpoint then copies
        it into place and empties the log. PostgreSQL: see ``_scrub_postgresql``.

        Returns whether it completed; if not (the log stayed in use), the next scrub
        completes it. Never raises: the action it follows has been committed."""
        try:
            with self._answering():
                if self.engine.name == "sqlite":
                    return self._scrub_sqlite()
                return self._scrub_postgresql()
        except DatabaseUnavailable:
            return False

    def _scrub_sqlite(self) -> bool:
        with self._single_read_bind.connect() as connection:
            connection.exec_driver_sql("VACUUM")
            for _ in range(_SCRUB_TRIES):
                busy, _log, _copied = connection.exec_driver_sql(
                    "PRAGMA wal_checkpoint(TRUNCATE)"
                ).one()
                if not busy:
                    return True
        print("Database scrub postponed: the log stayed in use.", file=sys.stderr, flush=True)
        return False

    def _scrub_postgresql(self) -> bool:
        """PostgreSQL keeps a deleted or rewritten row as a dead tuple in its page until a
        vacuum, with the id of the transaction that wrote it (xmin), which it shares with
        its roll entry. VACUUM FULL writes these tables into new files, without the dead
        tuples, and removes the old files. It locks each table for a moment; a wait of
        more than two seconds for a lock gives up until the next scrub. The server's own
        log (pg_wal) and its backups lie beyond the app: docs/privacy.md."""
        try:
            with self.engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.exec_driver_sql("SET lock_timeout = '2s'")
                connection.exec_driver_sql("VACUUM FULL ballot, roll_entry, participant")
        except sa_exc.OperationalError as error:
            if "lock timeout" not in str(error.orig):
                raise
            print("Database scrub postponed: a table stayed locked.", file=sys.stderr, flush=True)
            return False
        return True

    @contextmanager
    def read(self) -> Iterator[Session]:
        with (
            self._answering(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def single_read(self) -> Iterator[Connection]:
        """For a read of one statement, the kind every polling browser makes each tick: a
        plain connection, no ORM session and, on SQLite, no BEGIN/COMMIT round trips.
        Measured (bench/load.py), this took a phone's poll from 2.7x to under 2x the
        cost of a one-line Streamlit script."""
        with self._answering(), self._single_read_bind.connect() as connection:
            yield connection

    def ping(self) -> bool:
        """Whether the database answers now (and Health says so in the log)."""
        try:
            with self.single_read() as connection:
                connection.execute(text("SELECT 1"))
        except DatabaseUnavailable:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()
