"""Phones and projectors as the benchmark drives them: tabs that speak Streamlit's websocket
protocol (bench/tabs.py), and a session of the agent API."""

from __future__ import annotations

import http.client
import json
import random
import time
from typing import Any

from bench.constants import ANSWER_STORED, COUNT_ON_PROJECTOR
from bench.server import Server
from bench.tabs import Served, Tab, TabError
from ui.widgets import next_key, submit_key, widget_key


class AgentError(RuntimeError):
    pass


class AgentSession:
    """One agent API session on a kept-alive connection. A request without widget changes
    reruns the whole page: the API has no way to rerun only a polling fragment."""

    def __init__(self, server: Server) -> None:
        self.port = server.port
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=180)
        self.session_id: str | None = None
        self.snapshot: dict[str, Any] = {}

    def send(self, **body: object) -> dict[str, Any]:
        if self.session_id:
            body["session_id"] = self.session_id
        payload = json.dumps(body).encode()
        for attempt in (1, 2):
            try:
                self.connection.request(
                    "POST",
                    "/_stcore/agent/interact",
                    payload,
                    {"Content-Type": "application/json"},
                )
                reply = self.connection.getresponse()
                raw = reply.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closes a kept-alive connection after a few idle seconds.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=180)
                if attempt == 2:
                    raise
        data = json.loads(raw)
        if reply.status != 200:
            raise AgentError(f"{reply.status}: {data}")
        self.session_id = data.get("session_id", self.session_id)
        self.snapshot = data
        return dict(data)

    def join(self, code: str) -> None:
        self.send(query_params={"code": [code]})
        keys = [action.get("key") for action in self.snapshot.get("actions", [])]
        if "content-note-continue" in keys:
            self.send(trigger={"key": "content-note-continue"})


MAX_SCREENS = 16  # a step's question screens and its review, with room to spare


class Phone(Tab):
    """A participant's phone: joins with the group's link, reads the content note."""

    sent_at = 0.0  # monotonic: when answer() last pressed the send

    @classmethod
    def joined(cls, at: Served, code: str) -> Phone:
        phone = cls(at, f"code={code}")
        phone.load()
        if "content-note-continue" in phone.widgets:
            phone.press("content-note-continue")
        return phone

    def asks(self, session_id: int, step_index: int) -> bool:
        """Whether the step's questions are on screen to answer: its form with the send
        button, or the first of its one-question screens."""
        return (
            submit_key(session_id, step_index) in self.widgets
            or next_key(session_id, step_index, 0) in self.widgets
        )

    def answer(self, session_id: int, step_index: int, rng: random.Random) -> bool:
        """Answer the step on screen with any of the offered answers and send it: on its
        one form, or one question per screen and then the review. True once told stored.
        ``sent_at`` is when the send was pressed: the screens before it are the
        participant's own pace, not the time an answer takes to reach the projector."""
        prefix = widget_key(session_id, step_index, "")
        for place in range(MAX_SCREENS):
            radios = [key for key in self.widgets if key.startswith(prefix)]
            choices = {key: rng.choice(self.options(key)) for key in radios}
            if submit_key(session_id, step_index) in self.widgets:
                self.sent_at = time.monotonic()
                self.press(submit_key(session_id, step_index), choices)
                return ANSWER_STORED in self.text()
            forward = next_key(session_id, step_index, place)
            if forward not in self.widgets:
                raise TabError("no answer form on screen")
            self.press(forward, choices)
        raise TabError("the answer screens never came to a send")


class Projector(Tab):
    @classmethod
    def opened(cls, at: Served, token: str) -> Projector:
        projector = cls(at, f"t={token}")
        projector.load()
        return projector

    def count(self) -> int | None:
        found = COUNT_ON_PROJECTOR.search(self.text())
        return int(found.group(1)) if found else None
