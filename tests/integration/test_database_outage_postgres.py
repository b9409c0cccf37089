"""PostgreSQL going away under the app, as its connection pool meets it. (The server
stopped for a while, with browsers on it: tests/e2e/test_database_outage_in_browser.py.)"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from facilitator import db as db_module
from facilitator import sessions
from facilitator.db import Database
from tests.conftest import create_account
from tests.helpers import join_code_of, join_many, start

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (scripts/test runs it in its PostgreSQL pass)",
)


def test_pooled_connections_the_server_closed_while_idle_are_replaced_unseen(db, module):
    """PostgreSQL restarted, or a firewall dropped idle connections, while the app's pool
    held them: the next read and write work, with no outage on any screen. (Asking the
    server on every checkout did this too, at one extra round trip per request: a sixth of
    a PostgreSQL app process's time in the load benchmark.)"""
    facilitator = create_account(db, "pool")
    session_id = start(db, facilitator, module, k=3)
    with db.read() as s:  # the pool now holds connections to the server
        assert sessions.snapshot(s, session_id=session_id) is not None
    admin = Database(os.environ["TEST_DATABASE_URL"])
    with admin.engine.connect() as connection:
        closed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": make_url(db.url).database},
        ).scalar()
    admin.dispose()
    assert closed, "no pooled connection was there to close"
    time.sleep(db_module.IDLE_BEFORE_PING + 0.2)

    with db.read() as s:
        assert sessions.snapshot(s, session_id=session_id) is not None
    tokens = join_many(db, join_code_of(db, session_id), 1)
    assert len(tokens) == 1
