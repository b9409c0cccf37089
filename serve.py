"""The server: Streamlit's pages (app.py) and the few HTTP routes of the app's own.

Start it with ``streamlit run serve.py`` (scripts/run does). The routes:

- ``POST api/signed-in``: puts the token of a sign-in that the page has just started (a
  checked password) into the facilitator's cookie. The cookie is HttpOnly, so no page
  script can read it, and only an HTTP reply can set it.
- ``POST api/sign-out``: ends that sign-in and deletes the cookie.
- ``POST api/left``: a phone's quick exit; it is no longer counted as connected.
- ``GET api/health``: Streamlit's own health check says only that the server runs; this
  one also says whether the database answers (503 when it does not).
- ``GET api/changes?as=phone|projector|console``: the push stream of the session this
  browser follows (facilitator.feed, ui/push.py).

Every HTML page also gets a first script in its head (ui/history.py), and pages and
Streamlit's scripts go out gzipped (ui/compression.py).
"""

from __future__ import annotations

import gc
import json
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from datetime import timedelta
from functools import cache
from types import FrameType
from typing import Any

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from facilitator import auth, changes, openfiles, sessions
from facilitator.bootstrap import ready_to_serve
from facilitator.config import load_settings
from facilitator.db import Database
from facilitator.errors import DatabaseUnavailable
from facilitator.feed import (
    BEAT_SECONDS,
    Feed,
    Full,
    State,
    listen_to_postgresql,
    watch_sqlite,
)
from facilitator.models import RUNNING
from facilitator.privacy import token_hash
from facilitator.timeutil import utcnow
from ui import departures, inflight
from ui.compression import Compressed
from ui.history import FirstScript
from ui.phone import COOKIE as PHONE_COOKIE
from ui.roles import PROJECTOR_PARAM, SIGN_IN_COOKIE


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


def _read_state(session_id: int) -> sessions.Poll | None:
    """The feed's read of a session: the poll, and the phones connected now (once per
    session, however many streams follow it)."""
    with database().single_read() as c:
        poll = sessions.poll(c, session_id=session_id)
        if poll is None:
            return None
        return replace(
            poll, phones=sessions.count_connected(c, session_id=session_id, now=utcnow())
        )


def _mark_still_here(phones: Collection[str]) -> None:
    with database().write() as s:
        sessions.mark_still_here(s, token_hashes=phones, now=utcnow())


feed = Feed(_read_state, _mark_still_here)
# Past its lifetime a stream ends, and the browser opens a new one, which checks its
# token again. Between, it beats every feed.BEAT_SECONDS.
STREAM_SECONDS = 10 * 60.0
RETRY_MS = 3000
# The last word of a stream closed for a newer one of the same token (ui/frontend/push.js
# then stops asking until its tab is looked at again, and the page polls meanwhile).
DISPLACED = b"event: displaced\ndata: {}\n\n"


def _followed(kind: str, token: str) -> int | None:
    """The running session that this token's holder follows, or None."""
    with database().write() as s:  # a write: an expired sign-in is ended on the way
        if kind == "phone":
            group = sessions.session_of_participant(s, token=token)
        elif kind == "projector":
            group = sessions.session_for_projector(s, projector_token=token)
        else:
            idle_for = timedelta(minutes=load_settings().idle_sign_out_minutes)
            found = auth.signed_in_facilitator(
                s, token=token, now=utcnow(), idle_for=idle_for, active=False
            )
            group = (
                None
                if found is None
                else sessions.running_session_of(s, facilitator_id=found.facilitator_id)
            )
        return group.id if group is not None and group.status == RUNNING else None


def _same_origin(request: Request) -> bool:
    """Only the app's own pages: a browser says where a request comes from in
    Sec-Fetch-Site (and Origin, for a request from another site)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


def _event(state: State, kind: str) -> bytes:
    said: dict[str, object] = {"v": state.version, "ok": state.reachable}
    if kind != "phone":  # the counts both of these pages show
        said["n"] = state.answers_in
        said["c"] = state.phones
    return f"data: {json.dumps(said)}\n\n".encode()


async def changes_stream(request: Request) -> Response:
    """Push: the version of the session this browser follows, whenever it changes."""
    kind = request.query_params.get("as", "")
    if kind not in ("phone", "projector", "console") or not _same_origin(request):
        return Response(status_code=403)
    if kind == "phone":
        token = request.cookies.get(PHONE_COOKIE, "")
    elif kind == "projector":
        token = request.query_params.get(PROJECTOR_PARAM, "")
    else:
        token = request.cookies.get(SIGN_IN_COOKIE, "")
    if not token or len(token) > 64:
        return Response(status_code=403)
    try:
        session_id = await run_in_threadpool(_followed, kind, token)
    except DatabaseUnavailable:
        return Response(status_code=503)
    if session_id is None:
        return Response(status_code=204)  # nothing to follow: the browser stops asking
    holder = f"{kind}:{token_hash(token)}"
    phone_hash = token_hash(token) if kind == "phone" else None

    async def events() -> AsyncIterator[bytes]:
        try:
            async with feed.follow(session_id, holder=holder, phone_hash=phone_hash) as stream:
                yield f"retry: {RETRY_MS}\n\n".encode()
                ends_at = time.monotonic() + STREAM_SECONDS
                while time.monotonic() < ends_at:
                    state = await feed.next(stream, within=BEAT_SECONDS)
                    if state is None:
                        if stream.displaced:
                            yield DISPLACED
                        return
                    yield _event(state, kind)
                    if not state.running:
                        return
        except Full:
            return

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={
            "Cache-Control": "no-store, no-transform",
            "X-Accel-Buffering": "no",  # nginx: pass each event on at once
        },
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
    freeze_what_is_loaded()
    await feed.start()
    stop_listening = changes.listen(feed.changed)
    if database().engine.name == "postgresql":
        listen_to_postgresql(database().url, feed.changed, refresh=feed.refresh_soon)
    else:
        watch_sqlite(database(), feed.refresh_soon)
    try:
        yield
    finally:
        stop_listening()
        await feed.stop()


def freeze_what_is_loaded() -> None:
    """The pages' modules loaded now (the first run would), and everything loaded kept out
    of the garbage collector's sight for good. The app's modules with Streamlit, plotly
    and pandas are 208,000 objects in the server that live as long as it, and a full one
    walks them all: 86-89 ms measured on a quiet machine (166-365 ms with the test suite
    beside it), inside whichever page run it fell in. Frozen, a full collection walks only
    what the runs made since (0.0 ms measured right after)."""
    import views  # noqa: F401 (what app.py imports, loaded now to be frozen)

    gc.collect()
    gc.freeze()


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
        Route("/api/changes", changes_stream, methods=["GET"]),
    ],
    # Outermost: pages and Streamlit's scripts gzipped, the scripts once (ui/compression.py).
    # Then the first script of every page: the app stays one entry in the history
    # (ui/history.py); it must see the page before it is compressed.
    middleware=[Middleware(Compressed), Middleware(FirstScript)],
)
