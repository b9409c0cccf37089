"""Who this browser session is. A facilitator is whoever signed in in this session; the
projector is whoever holds a session's projector link; everyone else is a participant."""

from __future__ import annotations

import time

import streamlit as st

# Seconds on a clock that only moves forward; a test can stand in another.
clock = time.monotonic

FACILITATOR_KEY = "facilitator_id"
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


def sign_in_as(account_id: int) -> None:
    st.session_state.clear()
    st.session_state[FACILITATOR_KEY] = account_id
    st.session_state[LAST_ACTIVITY] = clock()


def sign_out(*, idle: bool = False) -> None:
    st.session_state.clear()
    st.session_state[SHOW_SIGN_IN] = True
    if idle:
        st.session_state[SIGNED_OUT_IDLE] = True


def idle_too_long(idle_minutes: float) -> bool:
    last = st.session_state.get(LAST_ACTIVITY)
    return isinstance(last, float) and clock() - last > idle_minutes * 60


def keep_facilitator_signed_in(idle_minutes: float) -> None:
    """Called on every full run. A run the facilitator caused counts as activity; one
    that a poll caused does not. Past the idle time, the console signs out."""
    if facilitator_id() is None:
        return
    if idle_too_long(idle_minutes):
        sign_out(idle=True)
        return
    if not st.session_state.pop(AUTO_RERUN, False):
        st.session_state[LAST_ACTIVITY] = clock()


def projector_token() -> str | None:
    value = st.query_params.get(PROJECTOR_PARAM)
    return value if value and len(value) <= 64 else None
