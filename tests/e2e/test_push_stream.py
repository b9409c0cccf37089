"""The push stream as an attacker meets it (serve.py, api/changes): only a holder of a valid
token of a running session gets a stream, only from the app's own pages, with a bounded
number per token, and it says a version (and, to the projector and console, the count they
show) and nothing else."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

from facilitator import sessions
from facilitator.db import Database
from facilitator.models import GroupSession
from facilitator.timeutil import utcnow
from tests.conftest import create_account
from tests.e2e.conftest import Server
from tests.e2e.test_phone_in_browser import MODULE, move_on
from tests.helpers import start

pytestmark = pytest.mark.e2e


def stream(server: Server, query: str, *, cookie: str | None = None, **headers: str):
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    sent = {"Sec-Fetch-Site": "same-origin", **headers}
    if cookie:
        sent["Cookie"] = cookie
    connection.request("GET", f"/api/changes?{query}", headers=sent)
    return connection, connection.getresponse()


def first_event(reply: http.client.HTTPResponse) -> dict:
    while True:
        line = reply.readline()
        assert line, "the stream ended without an event"
        if line.startswith(b"data: "):
            return json.loads(line[len(b"data: ") :])


@pytest.fixture
def group(server: Server):
    db = Database(server.database_url)
    session_id = start(db, create_account(db), MODULE, now=utcnow())
    with db.write() as s:
        group = s.get(GroupSession, session_id)
        assert group is not None
        code, projector = group.join_code, group.projector_token
    with db.write() as s:
        _group, phone = sessions.join(s, raw_code=code, now=utcnow())
    yield db, session_id, phone, projector
    db.dispose()


def test_a_phone_hears_the_version_only_and_the_projector_the_counts_it_shows(server, group):
    _db, _session_id, phone, projector = group
    _c, reply = stream(server, "as=phone", cookie=f"gs_p={phone}")
    assert reply.status == 200
    assert reply.getheader("Content-Type", "").startswith("text/event-stream")
    assert reply.getheader("X-Accel-Buffering") == "no"
    assert set(first_event(reply)) == {"v", "ok"}
    _c, reply = stream(server, f"as=projector&t={projector}")
    assert reply.status == 200
    said = first_event(reply)
    assert set(said) == {"v", "n", "c", "ok"}  # answers in, and phones connected now
    assert said["c"] == 1  # the phone that joined (its stream above marks it as here)


def test_no_stream_without_a_valid_token_or_from_another_site(server, group):
    _db, _session_id, phone, projector = group
    refused = [
        ("as=phone", None, {}),  # no cookie
        ("as=phone", "gs_p=not-a-token", {}),
        ("as=projector&t=not-a-token", None, {}),
        ("as=console", "gs_f=not-a-sign-in", {}),
        ("as=phone", f"gs_p={phone}", {"Sec-Fetch-Site": "cross-site"}),
        ("as=phone", f"gs_p={phone}", {"Origin": "https://elsewhere.example"}),
        (f"as=other&t={projector}", None, {}),
    ]
    for query, cookie, headers in refused:
        _c, reply = stream(server, query, cookie=cookie, **headers)
        body = reply.read()
        assert reply.status in (204, 403), (query, headers, reply.status)
        assert body == b"", query
        assert reply.getheader("Access-Control-Allow-Origin") is None


def test_a_tokens_fourth_stream_closes_its_first_and_says_why(server, group):
    _db, _session_id, phone, _projector = group
    replies = []
    for _ in range(4):
        _c, reply = stream(server, "as=phone", cookie=f"gs_p={phone}")
        first_event(reply)
        replies.append(reply)
    started = time.monotonic()
    # Ended by the server, well before its next beat, with the reason as its last word: the
    # browser then waits for its tab to be looked at instead of closing the next oldest.
    assert replies[0].read().strip() == b"event: displaced\ndata: {}"
    assert time.monotonic() - started < 5


def test_a_step_change_reaches_the_stream_and_the_end_closes_it(server, group):
    db, session_id, phone, _projector = group
    _c, reply = stream(server, "as=phone", cookie=f"gs_p={phone}")
    before = first_event(reply)
    with db.write() as s:
        group_row = s.get(GroupSession, session_id)
        assert group_row is not None
        facilitator_id = group_row.facilitator_id
        code = group_row.join_code
    # From this process, not the server's: SQLite's data_version, or PostgreSQL's NOTIFY.
    move_on(server, code, MODULE.steps[1].id)
    moved = first_event(reply)
    assert moved["v"] > before["v"]
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=None, now=utcnow()
        )
    first_event(reply)
    assert reply.read().strip() == b""
    _c, reply = stream(server, "as=phone", cookie=f"gs_p={phone}")
    assert reply.status == 204
