"""The server: Streamlit's pages (app.py) and the few HTTP routes of the app's own.

Start it with ``streamlit run serve.py`` (scripts/run does). The routes:

- ``POST api/signed-in``: puts the token of a sign-in that the page has just started (a
  checked password) into the facilitator's cookie. The cookie is HttpOnly, so no page
  script can read it, and only an HTTP reply can set it.
- ``POST api/sign-out``: ends that sign-in and deletes the cookie.
- ``POST api/left``: a phone's quick exit; it is no longer counted as connected.
- ``GET api/health``: Streamlit's own health check says only that the server runs; this
  one also says whether the database answers (503 when it does not).

Every HTML page also gets a first script in its head (ui/history.py).
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from functools import cache
from types import FrameType
from typing import Any

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from facilitator import auth, openfiles, sessions
from facilitator.bootstrap import ready_to_serve
from facilitator.config import load_settings
from facilitator.db import Database
from facilitator.errors import DatabaseUnavailable
from facilitator.privacy import token_hash
from facilitator.timeutil import utcnow
from ui import departures, inflight
from ui.history import FirstScript
from ui.roles import SIGN_IN_COOKIE


@cache
def database() -> Database:
    """The routes' own engine: they run on the server's event loop, not in a script run."""
    return Database(load_settings().database_url)


def _is_signed_in(token: str) -> bool:
    idle_for = timedelta(minutes=load_settings().idle_sign_out_minutes)
    with database().write() as s:
        found = auth.signed_in_facilitator(
            s, token=token, now=utcnow(), idle_for=idle_for, active=False
        )
    return found is not None


def _end(token: str) -> None:
    with database().write() as s:
        auth.end_sign_in(s, token=token)


async def signed_in(request: Request) -> Response:
    token = (await request.body())[:128].decode("ascii", errors="replace").strip()
    try:
        known = await run_in_threadpool(_is_signed_in, token)
    except DatabaseUnavailable:
        return Response(status_code=503)
    if not known:
        return Response(status_code=403)
    reply = Response(status_code=204)
    reply.set_cookie(
        SIGN_IN_COOKIE,
        token,
        max_age=int(auth.SIGN_IN_MAX_AGE.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return reply


async def sign_out(request: Request) -> Response:
    token = request.cookies.get(SIGN_IN_COOKIE, "")
    # When the database does not answer, the page has ended it or will: the cookie goes.
    if token:
        with suppress(DatabaseUnavailable):
            await run_in_threadpool(_end, token)
    reply = Response(status_code=204)
    reply.delete_cookie(SIGN_IN_COOKIE, path="/", httponly=True, samesite="strict")
    return reply


def _left(token: str) -> None:
    departures.release(token_hash(token))  # its Streamlit sessions, and their open files
    with database().write() as s:
        sessions.mark_left(s, token=token)


async def left(request: Request) -> Response:
    token = (await request.body())[:128].decode("ascii", errors="replace").strip()
    with suppress(DatabaseUnavailable):  # the phone is gone either way; it drops out later
        await run_in_threadpool(_left, token)
    return Response(status_code=204)


async def health(_request: Request) -> Response:
    answering = await run_in_threadpool(database().ping)
    return JSONResponse(
        {"server": "ok", "database": "ok" if answering else "unreachable"},
        status_code=200 if answering else 503,
    )


# Before the first visitor, whatever command started the server: bad settings or a
# database that cannot be used stop the start here, with one line that says what to do,
# instead of a server that reports healthy while every page shows an error.
_refused = ready_to_serve(fresh_code=False)
if _refused:
    print(_refused, file=sys.stderr, flush=True)
    raise SystemExit(2)
_before, _after = openfiles.raise_soft_limit()
if _after != _before:
    print(f"Open files: limit raised from {_before} to {_after}.", file=sys.stderr, flush=True)
openfiles.watch()

# A stop (SIGTERM, Ctrl+C) waits this long at most for page runs in flight, and then this
# long for their replies to leave, before uvicorn closes the browsers' connections.
DRAIN_SECONDS = 10.0
REPLY_SECONDS = 0.5
Handler = Callable[[int, FrameType | None], Any]  # a signal handler that is a function


@asynccontextmanager
async def drain_before_stopping(_app: st.App) -> AsyncIterator[None]:
    """uvicorn installs its signal handlers before the app starts; this puts one in front
    of them that first lets the page runs in flight finish. A second signal stops at once."""
    for number in (signal.SIGTERM, signal.SIGINT):
        stop_now = signal.getsignal(number)
        if callable(stop_now):
            signal.signal(number, _draining_first(stop_now))
    yield


def _draining_first(stop_now: Handler) -> Handler:
    def stop_after_draining(signum: int, frame: FrameType | None) -> None:
        signal.signal(signum, stop_now)  # the next one is not waited for

        def drain() -> None:
            inflight.wait_until_done(DRAIN_SECONDS)
            time.sleep(REPLY_SECONDS)
            stop_now(signum, frame)

        threading.Thread(target=drain, name="drain", daemon=True).start()

    return stop_after_draining


app = st.App(
    "app.py",
    lifespan=drain_before_stopping,
    routes=[
        Route("/api/signed-in", signed_in, methods=["POST"]),
        Route("/api/sign-out", sign_out, methods=["POST"]),
        Route("/api/left", left, methods=["POST"]),
        Route("/api/health", health, methods=["GET"]),
    ],
    # The first script of every page: the app stays one entry in the history (ui/history.py).
    middleware=[Middleware(FirstScript)],
)
