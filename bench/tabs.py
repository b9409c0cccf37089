"""A browser tab without a browser: Streamlit's own websocket protocol, as its frontend
speaks it, so the server does exactly the work a phone or projector causes.

A tab sends `rerun_script` back messages (protobuf) and reads forward messages until the
run finishes. The page's polling fragment is rerun alone, at the interval the server asked
for in its `auto_rerun` message, just as the frontend's timer does; a widget change or a
button press is a rerun carrying widget states.
"""

from __future__ import annotations

import http.client
import json
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect
from websockets.typing import Subprotocol

# A components-v2 component's events travel on a second widget of its own, named from the
# component's id so (the wire format Streamlit's frontend speaks).
_EVENTS_WIDGET = "$$STREAMLIT_INTERNAL_KEY_{}__events"
_TEXT_ELEMENTS = ("markdown", "html", "alert", "heading", "text")
_RUN_ENDS = (
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
)


class TabError(RuntimeError):
    pass


class Served(Protocol):
    """A server a tab can open straight: its port on 127.0.0.1."""

    @property
    def port(self) -> int: ...


@dataclass(frozen=True)
class Door:
    """Where a tab's requests go: a server's own port, or the proxy over TLS with the route
    cookie a browser is given there (it keeps every request of the tab on one process)."""

    port: int
    tls: bool = False
    cookie: str = ""  # sent with every request, as a browser sends its cookies

    @classmethod
    def of(cls, to: Served) -> Door:
        return to if isinstance(to, Door) else cls(to.port)

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.tls:
            return None
        context = ssl.create_default_context()
        context.check_hostname = False  # the proxy's certificate is its own, made at start
        context.verify_mode = ssl.CERT_NONE
        # websockets' sync client reads in a thread of its own while the tab sends. Over TLS
        # 1.3 the session tickets that follow the handshake were being read while the first
        # message went out, and OpenSSL failed ("[SSL] internal error", 1 of ~1,000 tabs):
        # Python's SSL sockets take no concurrent read and write (CPython issue 137583).
        # TLS 1.2 has nothing after its handshake; nginx as shipped takes both.
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        return context

    def connection(self, timeout: float) -> http.client.HTTPConnection:
        if self.tls:
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=timeout, context=self.ssl_context()
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def headers(self, *cookies: str) -> dict[str, str]:
        jar = "; ".join(c for c in (self.cookie, *cookies) if c)
        return {"Cookie": jar} if jar else {}


class Tab:
    """One websocket session. `texts` and `widgets` describe what the page shows now."""

    def __init__(self, to: Served, query_string: str = "", timeout: float = 180) -> None:
        self.door = Door.of(to)
        self.timeout = timeout
        self.socket = connect(
            f"{'wss' if self.door.tls else 'ws'}://127.0.0.1:{self.door.port}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            additional_headers={"Origin": self.door.origin, **self.door.headers()},
            max_size=None,
            open_timeout=timeout,
            ssl=self.door.ssl_context(),
        )
        self.query_string = query_string
        self.page_script_hash = ""
        self.poll_fragment: str | None = None  # the page's first polling fragment
        self.poll_interval: float | None = None
        # Every polling fragment of the page as drawn, in order: id -> interval. A page may
        # have more than one (the projector's phone count), and a browser runs them all.
        self.fragments: dict[str, float] = {}
        self._due: dict[str, float] = {}
        self.texts: list[str] = []
        # widget key (the author's key=) -> (widget id, element type, options)
        self.widgets: dict[str, tuple[str, str, list[str]]] = {}
        self.fragment_of: dict[str, str] = {}  # widget key -> the fragment it is drawn in
        self._one_run_at_a_time = threading.Lock()

    def load(self) -> None:
        """The page's first run, as when the tab opens its address."""
        self.rerun()

    def poll(self) -> None:
        """What the frontend's `run_every` timer sends: the polling fragment alone."""
        if self.poll_fragment is None:
            raise TabError("the page has no polling fragment")
        self.rerun(fragment_id=self.poll_fragment, auto=True)

    def poll_others(self, now: float) -> None:
        """The page's other polling fragments whose interval has come round."""
        for fragment, interval in list(self.fragments.items())[1:]:
            if now >= self._due.get(fragment, 0.0):
                self._due[fragment] = now + interval
                self.rerun(fragment_id=fragment, auto=True)

    def press(self, key: str, choices: dict[str, str] | None = None) -> None:
        """Press a button (or a form's send button) by its key, with the radio choices
        (option labels, as the frontend sends them) of the form it sends."""
        states = [WidgetState(id=self.widget_id(key), trigger_value=True)]
        for radio, label in (choices or {}).items():
            states.append(WidgetState(id=self.widget_id(radio), string_value=label))
        self.rerun(states)

    def trigger(self, key: str, event: str, value: object) -> None:
        """What a components-v2 component's ``setTriggerValue(event, value)`` sends: the
        event on the component's trigger widget, and the rerun of the fragment the
        component is drawn in (the whole page when it is drawn in none)."""
        states = [
            WidgetState(
                id=_EVENTS_WIDGET.format(self.widget_id(key)),
                json_trigger_value=json.dumps([{"event": event, "value": value}]),
            )
        ]
        self.rerun(states, fragment_id=self.fragment_of.get(key, ""))

    def options(self, key: str) -> list[str]:
        self.widget_id(key)
        return self.widgets[key][2]

    def widget_id(self, key: str) -> str:
        if key not in self.widgets:
            raise TabError(f"no widget {key!r} on the page")
        return self.widgets[key][0]

    def text(self) -> str:
        return "\n".join(self.texts)

    def close(self) -> None:
        self.socket.close()

    def rerun(
        self, widget_states: Iterable[WidgetState] = (), fragment_id: str = "", auto: bool = False
    ) -> None:
        with self._one_run_at_a_time:
            state = ClientState(
                query_string=self.query_string,
                page_script_hash=self.page_script_hash,
                fragment_id=fragment_id,
                is_auto_rerun=auto,
            )
            state.widget_states.widgets.extend(widget_states)
            try:
                self.socket.send(BackMsg(rerun_script=state).SerializeToString())
                self._read_run(fragment_run=bool(fragment_id))
            except WebSocketException as lost:
                raise TabError(f"the connection broke: {lost}") from lost

    def _read_run(self, *, fragment_run: bool) -> None:
        while True:
            message = ForwardMsg()
            message.ParseFromString(self.socket.recv(timeout=self.timeout))
            kind = message.WhichOneof("type")
            if kind == "new_session":  # a run starts (a fragment's too)
                self.page_script_hash = message.new_session.page_script_hash
                self.texts = []
                if fragment_run:  # that fragment's own run: the rest of the page stays
                    fragment_run = False
                else:  # a full run, perhaps one the fragment asked for: drawn anew
                    self.widgets = {}
                    self.fragment_of = {}
                    self.fragments = {}
                    # Its timer, if it draws one, comes with it (a pushed phone has none).
                    self.poll_fragment = self.poll_interval = None
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "auto_rerun":
                fragment, interval = message.auto_rerun.fragment_id, message.auto_rerun.interval
                self.fragments.setdefault(fragment, interval)
                if self.poll_fragment not in self.fragments:
                    self.poll_fragment, self.poll_interval = fragment, interval
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                self._note(message.delta.new_element, message.delta.fragment_id)
            elif kind == "script_finished" and message.script_finished in _RUN_ENDS:
                return

    def _note(self, element: Element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        if kind is None:
            return
        body = getattr(element, kind)
        if kind in _TEXT_ELEMENTS:
            self.texts.append(body.body)
        widget_id = getattr(body, "id", "")
        if widget_id.startswith("$$ID-") and widget_id.count("-") >= 2:
            key = widget_id.split("-", 2)[2]  # "$$ID-<hash>-<key>"; a key may hold dashes
            self.widgets[key] = (widget_id, kind, list(getattr(body, "options", [])))
            self.fragment_of[key] = fragment_id
