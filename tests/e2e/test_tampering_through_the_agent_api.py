"""Attempts through the running app with Streamlit's agent API: what a script, not a browser,
can send. Each one gets a clear refusal (from the API's own checks or from the app) and
changes nothing stored."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from facilitator import sessions
from facilitator.content import load_library
from facilitator.db import Database
from facilitator.models import Ballot, GroupSession, Participant, RollEntry
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e.conftest import Server
from tests.helpers import step_index
from ui.widgets import next_key, submit_key, widget_key

pytestmark = pytest.mark.e2e

MODULE = load_library(CONTENT).get("traumabinding", "nl")
SELF_TEST = step_index(MODULE, "zelftest")


class Agent:
    """One agent API session: a phone without a browser."""

    def __init__(self, server: Server) -> None:
        self.url = f"{server.url}/_stcore/agent/interact"
        self.session_id: str | None = None

    def send(self, **body: object) -> tuple[int, dict]:
        if self.session_id:
            body["session_id"] = self.session_id
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                status, data = reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as refused:
            status, data = refused.code, json.loads(refused.read())
        self.session_id = data.get("session_id", self.session_id)
        return status, data


def keys_of(snapshot: dict) -> list[str]:
    return [a["key"] for a in snapshot.get("actions", [])]


def to_the_send(agent: Agent, snapshot: dict, session_id: int, value: str) -> dict:
    """Through the self-test's screens, one question each, choosing ``value`` on every
    one, up to the review with the send button."""
    prefix = widget_key(session_id, SELF_TEST, "")
    for place in range(6):
        radios = [k for k in keys_of(snapshot) if k.startswith(prefix)]
        assert len(radios) == 1, keys_of(snapshot)
        status, snapshot = agent.send(
            widget_state={radios[0]: value}, trigger={"key": next_key(session_id, SELF_TEST, place)}
        )
        assert status == 200, snapshot
    assert submit_key(session_id, SELF_TEST) in keys_of(snapshot), keys_of(snapshot)
    return snapshot


def texts(snapshot: dict) -> str:
    return json.dumps(snapshot.get("tree", {}), ensure_ascii=False)


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(table)) or 0
            for table in (Participant, RollEntry, Ballot)
        )


def test_scripted_tampering_is_refused_and_changes_nothing(agent_server: Server):
    db = Database(agent_server.database_url)
    db.create_schema()  # as the app does at its first page view
    facilitator = create_account(db)
    with db.write() as s:
        group = sessions.start_session(
            s, facilitator_id=facilitator, module=MODULE, min_group_size=3, now=utcnow()
        )
        session_id, code = group.id, group.join_code

    # Join codes: malformed, SQL, a megabyte, unicode oddities. Nobody joins.
    for typed in ("' OR 1=1 --", "x" * 1_000_000, "ＡＢＣ１２３", "\u202eEDOC", "ZZZZZZ"):
        stranger = Agent(agent_server)
        status, snap = stranger.send(query_params={"code": [typed[:100_000]]})
        assert status == 200
        assert "Deze code klopt niet" in texts(snap) or "Er is geen groep" in texts(snap)
    assert counts(db) == (0, 0, 0)

    phone = Agent(agent_server)
    status, snap = phone.send(query_params={"code": [code]})
    assert status == 200
    phone.send(trigger={"key": "content-note-continue"})
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator,
            session_id=session_id,
            step_index=SELF_TEST,
            module=MODULE,
            now=utcnow(),
        )
        sessions.open_question(s, facilitator_id=facilitator, session_id=session_id, module=MODULE)
    status, snap = phone.send()
    # One question per screen: its radio group and *Volgende*; the send comes after all six.
    radios = [k for k in keys_of(snap) if k.startswith(widget_key(session_id, SELF_TEST, ""))]
    forward = next_key(session_id, SELF_TEST, 0)
    submit = submit_key(session_id, SELF_TEST)
    assert len(radios) == 1 and forward in keys_of(snap) and submit not in keys_of(snap)
    before = counts(db)

    # A value outside the offered options, a list, a number, an SQL fragment.
    for bad in ("misschien", ["Ja", "Nee"], 7, "Ja'); DROP TABLE ballot; --"):
        status, refused = phone.send(
            widget_state=dict.fromkeys(radios, bad), trigger={"key": forward}
        )
        assert status == 400 and refused["error"]["code"] == "invalid_value", refused
    # Answers to another session's step, or a send before the review: no such controls.
    status, refused = phone.send(
        widget_state={widget_key(session_id + 1, SELF_TEST, "vriend"): "Ja"},
        trigger={"key": forward},
    )
    assert status == 404 and refused["error"]["code"] == "unknown_key"
    status, refused = phone.send(trigger={"key": submit})
    assert status == 404 and refused["error"]["code"] == "unknown_key"
    assert counts(db) == before

    # A proper answer counts once; sending it again finds no form to send.
    status, snap = phone.send()
    snap = to_the_send(phone, snap, session_id, "Nee")
    status, snap = phone.send(trigger={"key": submit})
    assert status == 200 and "anoniem ontvangen" in texts(snap)
    assert counts(db) == (before[0], before[1] + 1, before[2] + 1)
    status, refused = phone.send(widget_state={radios[0]: "Ja"}, trigger={"key": submit})
    assert 400 <= status < 500 and refused["error"]["message"], refused  # no such form now
    assert counts(db) == (before[0], before[1] + 1, before[2] + 1)

    # A second phone fills in the form, the question closes, then it sends: refused.
    late = Agent(agent_server)
    late.send(query_params={"code": [code]})
    status, snap = late.send(trigger={"key": "content-note-continue"})
    to_the_send(late, snap, session_id, "Ja")
    with db.write() as s:
        sessions.close_question(s, facilitator_id=facilitator, session_id=session_id, module=MODULE)
    status, snap = late.send(trigger={"key": submit})
    assert status == 200 and "niet meegeteld" in texts(snap), (status, snap)
    assert counts(db)[1:] == (before[1] + 1, before[2] + 1)
    with db.read() as s:
        assert s.get(GroupSession, session_id).status == "running"
    db.dispose()
