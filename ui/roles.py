"""Who this browser session is. A facilitator is whoever signed in, in this browser: a
reload, a server restart or another app process finds them again by their sign-in cookie
(facilitator.auth, serve.py). The projector is whoever holds a session's projector link;
everyone else is a participant."""

from __future__ import annotations

import time
from datetime import timedelta

import streamlit as st

from facilitator import auth
from facilitator.timeutil import utcnow
from ui import frontend, runtime

# Seconds on a clock that only moves forward; a test can stand in another.
clock = time.monotonic

FACILITATOR_KEY = "facilitator_id"
# The sign-in cookie: HttpOnly, SameSite=Strict, set only by serve.py's route.
SIGN_IN_COOKIE = "gs_f"
_TOKEN = "sign-in-token"  # this session's sign-in token (server memory only)
_HAND_OVER = "sign-in-hand-over"  # (token, runs left): for the cookie, by the next runs
# A run can be cut short (st.switch_page, a rerun) before the browser sees what it drew, so
# the hand-over is drawn in the next few full runs; setting the same cookie again is harmless.
_HAND_OVER_RUNS = 3
_COOKIE_REFUSED = "sign-in-cookie-refused"  # a cookie token found ended: not looked up again
_END_COOKIE = "sign-in-cookie-end"  # runs left to ask the route to delete the cookie
_ACTIVITY_WRITTEN = "sign-in-activity-written"  # clock() when activity was last written
LAST_ACTIVITY = "facilitator-last-activity"  # clock() of the last own action
AUTO_RERUN = "rerun-not-by-facilitator"  # set before a rerun that no person asked for
SIGNED_OUT_IDLE = "signed-out-idle"
SHOW_SIGN_IN = "show-sign-in"  # after signing out: the sign-in page, not the join page
PROJECTOR_PARAM = "t"
PARTICIPANT_PARAM = "p"
JOIN_PARAM = "code"
# (session id, language) of the session a participant's browser follows
FOLLOWING = "following"


def facilitator_id() -> int | None:
    value = st.session_state.get(FACILITATOR_KEY)
    return value if isinstance(value, int) else None


def _idle_for(idle_minutes: float) -> timedelta:
    return timedelta(minutes=idle_minutes)


def _cookie_token() -> str | None:
    value = st.context.cookies.get(SIGN_IN_COOKIE)
    if not isinstance(value, str) or not value or len(value) > 64:
        return None  # AppTest has no cookies to give
    return None if value == st.session_state.get(_COOKIE_REFUSED) else value


def sign_in_as(account_id: int) -> None:
    """After a checked password: this session is signed in at once, and the browser's
    cookie follows in the next run (hand_over_cookie)."""
    with runtime.database().write() as s:
        token = auth.start_sign_in(s, facilitator_id=account_id, now=utcnow())
    st.session_state.clear()
    st.session_state[FACILITATOR_KEY] = account_id
    st.session_state[LAST_ACTIVITY] = clock()
    st.session_state[_TOKEN] = token
    st.session_state[_HAND_OVER] = (token, _HAND_OVER_RUNS)


def sign_out(*, idle: bool = False) -> None:
    token = st.session_state.get(_TOKEN) or _cookie_token()
    if token:
        with runtime.database().write() as s:
            auth.end_sign_in(s, token=token)
    st.session_state.clear()
    st.session_state[SHOW_SIGN_IN] = True
    if token:
        st.session_state[_COOKIE_REFUSED] = token
        st.session_state[_END_COOKIE] = _HAND_OVER_RUNS
    if idle:
        st.session_state[SIGNED_OUT_IDLE] = True


def idle_too_long(idle_minutes: float) -> bool:
    last = st.session_state.get(LAST_ACTIVITY)
    return isinstance(last, float) and clock() - last > idle_minutes * 60


def _restore(idle_minutes: float) -> None:
    """A new browser session of a facilitator who signed in earlier in this browser."""
    token = _cookie_token()
    if token is None:
        return
    with runtime.database().write() as s:
        found = auth.signed_in_facilitator(
            s, token=token, now=utcnow(), idle_for=_idle_for(idle_minutes), active=False
        )
    if found is None:
        st.session_state[_COOKIE_REFUSED] = token
        st.session_state[_END_COOKIE] = _HAND_OVER_RUNS
        return
    st.session_state[FACILITATOR_KEY] = found.facilitator_id
    st.session_state[_TOKEN] = token
    # The idle time runs from the facilitator's last action, not from this reconnect.
    idle_seconds = (utcnow() - found.last_active_at).total_seconds()
    st.session_state[LAST_ACTIVITY] = clock() - max(0.0, idle_seconds)
    st.session_state[AUTO_RERUN] = True  # a reconnect is no action of theirs
    st.session_state[_ACTIVITY_WRITTEN] = clock()


def _write_activity(idle_minutes: float) -> None:
    """Now and then, the facilitator's activity into the sign-in, so that a reload or a
    restart knows how long the console has been unattended."""
    token = st.session_state.get(_TOKEN)
    written = st.session_state.get(_ACTIVITY_WRITTEN, float("-inf"))
    if not token or clock() - written < auth.ACTIVITY_WRITTEN_EVERY.total_seconds():
        return
    with runtime.database().write() as s:
        found = auth.signed_in_facilitator(
            s, token=token, now=utcnow(), idle_for=_idle_for(idle_minutes), active=True
        )
    st.session_state[_ACTIVITY_WRITTEN] = clock()
    if found is None:  # signed out in another tab of this browser, or too old
        sign_out()


def keep_facilitator_signed_in(idle_minutes: float) -> None:
    """Called on every full run. A run the facilitator caused counts as activity; one
    that a poll caused does not. Past the idle time, the console signs out."""
    if facilitator_id() is None:
        # Not for the projector's tab or a join link opened in the facilitator's browser:
        # those stay what their link says they are.
        if projector_token() is None and not st.query_params.get(JOIN_PARAM):
            _restore(idle_minutes)
        if facilitator_id() is None:
            return
    if idle_too_long(idle_minutes):
        sign_out(idle=True)
        return
    if not st.session_state.pop(AUTO_RERUN, False):
        st.session_state[LAST_ACTIVITY] = clock()
        _write_activity(idle_minutes)


def hand_over_cookie() -> None:
    """Called on every full run: the token of a new sign-in goes to the server's route,
    which sets the HttpOnly cookie; after signing out, the route deletes it."""
    token, runs_left = st.session_state.pop(_HAND_OVER, (None, 0))
    if token and runs_left > 1:
        st.session_state[_HAND_OVER] = (token, runs_left - 1)
    end_runs_left = st.session_state.pop(_END_COOKIE, 0)
    if end_runs_left > 1:
        st.session_state[_END_COOKIE] = end_runs_left - 1
    if not token and not end_runs_left:
        return
    config = {"route": "api/signed-in", "token": token} if token else {"route": "api/sign-out"}
    frontend.script("sign_in_cookie.js", config)


def projector_token() -> str | None:
    value = st.query_params.get(PROJECTOR_PARAM)
    return value if value and len(value) <= 64 else None
