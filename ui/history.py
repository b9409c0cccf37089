"""The first script of every page the app serves: ``frontend/history.js``, which keeps the
app to one entry in the browser's history as far as a quick exit is concerned.

It has to run before Streamlit draws anything (on a Back to an entry of the app after a
quick exit, the page must leave before it shows), and a script that Streamlit renders runs
only after the app's first run. So this ASGI middleware, given to ``st.App`` (serve.py),
puts it into the ``<head>`` of the HTML page that Streamlit serves for every address.
Nothing else passes through it changed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import cache
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui import frontend

Headers = list[tuple[bytes, bytes]]
# Where Streamlit serves its own files and messages, and the app its routes: never HTML.
NOT_PAGES = ("/_stcore", "/static", "/component", "/media", "/api", "/app/static")


@cache
def head_script() -> bytes:
    return f"<script>{frontend.source('history.js')}</script>".encode()


class FirstScript:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or any(part in path for part in NOT_PAGES)
        ):
            await self.app(scope, receive, send)
            return
        # Streamlit gzips the page at any address but "/" itself; the script can only go
        # into a plain page, so ask for one (ui/compression.py compresses it afterwards).
        scope = {
            **scope,
            "headers": [
                (name, value)
                for name, value in scope.get("headers", [])
                if name.lower() != b"accept-encoding"
            ],
        }
        start: MutableMapping[str, Any] | None = None
        body: list[bytes] = []

        async def send_with_script(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers: Headers = list(message.get("headers", []))
                html = any(
                    name.lower() == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                if not html:
                    await send(message)
                    return
                start = dict(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body).replace(b"<head>", b"<head>" + head_script(), 1)
            headers = [
                (name, value)
                for name, value in start.get("headers", [])
                if name.lower() not in (b"content-length", b"etag")
            ]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_with_script)
