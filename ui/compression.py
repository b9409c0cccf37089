"""Compressed pages and scripts, for a room whose Wi-Fi is a laptop's hotspot.

Streamlit 1.67 serves its own JavaScript (``/static/``) and the page itself uncompressed,
on purpose: Starlette's GZip middleware compresses every reply anew, and these are the
largest. Uncompressed, a phone's first page weighed 2.6 MiB; 25 phones joining at once
pulled about 65 MiB through the hotspot, and on a slow mobile link (1 s round trip,
100 kbit/s) the page did not load in 180 s.

This ASGI middleware, the outermost one given to ``st.App`` (serve.py), gzips them
instead, and does so once per process for Streamlit's files: their names carry a hash
of their content and Streamlit serves them as immutable for a year, so the compressed
bytes are kept in memory (``CACHE_BYTES`` at most) and every later phone gets them
without any compressing. The page itself is small and compressed on each request, after
``FirstScript`` (ui/history.py) has put its script in. Everything else passes unchanged:
websockets, the push stream, the app's routes, ranged and already-encoded replies.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.history import NOT_PAGES

Headers = list[tuple[bytes, bytes]]
CACHE_BYTES = 64 * 1024 * 1024
MINIMUM_BYTES = 1024
STATIC = "/static/"
_COMPRESSIBLE = (
    b"text/",
    b"application/javascript",
    b"application/json",
    b"image/svg+xml",
    b"application/wasm",
)


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: Headers
    body: bytes


class _Kept:
    """Compressed static files of this process, bounded in bytes (first come, kept)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._used = 0
        self._replies: dict[str, _Reply] = {}
        self._lock = threading.Lock()

    def get(self, path: str) -> _Reply | None:
        return self._replies.get(path)

    def keep(self, path: str, reply: _Reply) -> None:
        with self._lock:
            if path in self._replies or self._used + len(reply.body) > self._limit:
                return
            self._replies[path] = reply
            self._used += len(reply.body)


def _header(headers: Headers, name: bytes) -> bytes | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _wants_gzip(scope: Scope) -> bool:
    headers: Headers = scope.get("headers", [])
    accepted = _header(headers, b"accept-encoding") or b""
    return b"gzip" in accepted and _header(headers, b"range") is None


def _compressed(start: MutableMapping[str, Any], body: bytes) -> _Reply | None:
    """The reply gzipped, or None where it stays as it is."""
    headers: Headers = list(start.get("headers", []))
    kind = _header(headers, b"content-type") or b""
    if (
        start.get("status") != 200
        or len(body) < MINIMUM_BYTES
        or _header(headers, b"content-encoding") is not None
        or not kind.startswith(_COMPRESSIBLE)
    ):
        return None
    packed = gzip.compress(body, compresslevel=9, mtime=0)
    kept: Headers = []
    for name, value in headers:
        lowered = name.lower()
        if lowered in (b"content-length", b"vary"):
            continue
        if lowered == b"etag" and not value.startswith(b"W/"):
            value = b"W/" + value  # the same file, in another encoding
        kept.append((name, value))
    kept += [
        (b"content-encoding", b"gzip"),
        (b"vary", b"Accept-Encoding"),
        (b"content-length", str(len(packed)).encode()),
    ]
    return _Reply(status=200, headers=kept, body=packed)


class Compressed:
    def __init__(self, app: ASGIApp, *, cache_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self._kept = _Kept(cache_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        static = STATIC in path and "/component" not in path
        page = not any(part in path for part in NOT_PAGES)
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not (static or page)
            or not _wants_gzip(scope)
        ):
            await self.app(scope, receive, send)
            return
        kept = self._kept.get(path) if static else None
        if kept is not None:
            await _send(send, kept)
            return
        start: MutableMapping[str, Any] | None = None
        body: list[bytes] = []

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            whole = b"".join(body)
            # A large file is compressed off the event loop, once (then it is kept).
            reply = await run_in_threadpool(_compressed, start, whole)
            if reply is None:
                await send(start)
                await send({"type": "http.response.body", "body": whole})
                return
            if static:
                self._kept.keep(path, reply)
            await _send(send, reply)

        await self.app(scope, receive, collect)


async def _send(send: Send, reply: _Reply) -> None:
    await send({"type": "http.response.start", "status": reply.status, "headers": reply.headers})
    await send({"type": "http.response.body", "body": reply.body})
