"""The app while its SQLite file stays locked past the busy timeout (another process holds
the write lock): a phone's send and a facilitator's action are refused with a calm message,
nothing changes, and the same press works once the lock is gone."""

from __future__ import annotations

import os
import sqlite3

import pytest

from facilitator import db as db_module
from facilitator import sessions
from tests.app.conftest import all_text, button
from tests.helpers import step_index

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="a SQLite lock; PostgreSQL: tests/e2e"
)


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 300)


class Lock:
    """Another process's write transaction on the same file."""

    def __init__(self, url: str) -> None:
        self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()


def test_a_send_and_a_step_change_during_a_lock_are_refused_calmly_and_work_after(
    short_busy_timeout, app_db, signed_in_console, new_phone, module
):
    console = signed_in_console
    button(console, "Sessie starten").click().run()
    with app_db.read() as s:
        group = sessions.running_session_of(s, facilitator_id=1)
    phone = new_phone(group.join_code)
    console.selectbox(key="jump-0").set_value(step_index(module, "check-in")).run()
    button(console, "Openen").click().run()
    phone.run()
    phone.radio[0].set_value("4")

    lock = Lock(app_db.url)
    button(phone, "Versturen").click().run()
    shown = all_text(phone)
    assert "Je antwoord is nog niet verstuurd" in shown
    assert "Je antwoord is anoniem ontvangen" not in shown and not phone.error
    assert phone.radio[0].value == "4"  # the form is still there, as it was
    button(console, "Volgende ▶").click().run()
    assert "Even geen verbinding met de database" in all_text(console)
    assert "2/17 · Check-in" in all_text(console)  # nothing changed
    with app_db.read() as s:
        assert sessions.count_answers(s, session_id=group.id, step_index=1) == 0
    assert not phone.exception and not console.exception

    lock.release()
    button(phone, "Versturen").click().run()
    assert "Je antwoord is anoniem ontvangen" in all_text(phone)
    button(console, "Volgende ▶").click().run()
    assert "3/17" in all_text(console)
    with app_db.read() as s:
        assert sessions.count_answers(s, session_id=group.id, step_index=1) == 1
