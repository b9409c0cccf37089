"""Who this browser session is. A facilitator is whoever signed in in this session; the
projector is whoever holds a session's projector link; everyone else is a participant."""

from __future__ import annotations

import streamlit as st

FACILITATOR_KEY = "facilitator_id"
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


def sign_out() -> None:
    st.session_state.clear()


def projector_token() -> str | None:
    value = st.query_params.get(PROJECTOR_PARAM)
    return value if value and len(value) <= 64 else None
