"""News that a group session changed, for the pages that follow it (the push channel).

Domain code calls ``changed(s, session_id)`` in the unit of work that moves a session on
(a step, a phase, the curtain) or adds an answer to it. Once that unit of work has
committed, ``Database.write`` calls ``committed``, which tells every listener of this
process (``listen``): the push stream (facilitator.feed) wakes the browsers of that
session. Nothing is said about a unit of work that rolled back.

Several processes on one PostgreSQL: ``changed`` also sends ``NOTIFY`` on
``CHANNEL`` in the same transaction, which PostgreSQL delivers to every listening
connection when, and only if, the transaction commits (facilitator.feed listens). The
payload is the session's id, which says nothing about anyone in it. SQLite serves one
process, so the in-process call is all it needs.

The news carries no state: a listener reads what changed from the database, which stays
the only source of truth.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

CHANNEL = "group_session_changed"
_CHANGED = "facilitator_changed_sessions"  # in a unit of work's Session.info

Listener = Callable[[int], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def changed(s: Session, session_id: int) -> None:
    """Say, once this unit of work has committed, that this session changed."""
    pending: set[int] = s.info.setdefault(_CHANGED, set())
    if session_id in pending:
        return
    pending.add(session_id)
    bind = s.get_bind()
    if bind.dialect.name == "postgresql":
        s.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": str(session_id)},
        )


def pending(s: Session) -> set[int]:
    """The sessions this unit of work changed; emptied, for ``committed``."""
    found: set[int] = s.info.pop(_CHANGED, set())
    return found


def listen(listener: Listener) -> Callable[[], None]:
    """Call ``listener(session_id)`` after each commit of this process that changed that
    session; returns what stops it. A listener must return at once (it runs in the
    committing thread) and never raise."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def committed(session_ids: Iterable[int]) -> None:
    with _lock:
        listeners = list(_listeners)
    for session_id in session_ids:
        for listener in listeners:
            try:
                listener(session_id)
            except Exception as error:  # the commit stands; a page's slow poll catches up
                print(f"Change listener failed: {type(error).__name__}", file=sys.stderr)
