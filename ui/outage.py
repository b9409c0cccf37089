"""What every screen shows while the database does not answer, and how it heals.

A full run that meets an outage draws only a calm notice in the screen's language and a
small fragment that asks the database every few seconds; once it answers, the page is
drawn anew, in the state the session is in by then. A polling fragment that meets an
outage keeps what is on screen, adds the notice and keeps polling. Nobody reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

import streamlit as st

from facilitator.errors import DatabaseUnavailable
from facilitator.i18n import language_from_locale, text
from ui import runtime, watchdog

P = ParamSpec("P")

LANGUAGE = "screen-language"  # the language this screen last spoke: the session's
RETRY_SECONDS = 2.0


def remember_language(language: str) -> None:
    """Pages call this once they know the session's language."""
    st.session_state[LANGUAGE] = language


def language() -> str:
    remembered = st.session_state.get(LANGUAGE)
    return remembered if isinstance(remembered, str) else language_from_locale(st.context.locale)


def notice() -> None:
    st.info(text(language(), "db_unavailable"), icon=":material/hourglass_top:")


def screen(extra: str | None = None, *, phone: bool = False) -> None:
    """In place of a page whose full run met an outage: the notice, and the retry. A
    phone's page also reloads should even the retry's timer die (ui/watchdog.py)."""
    notice()
    if extra:
        st.warning(text(language(), extra), icon=":material/edit:")
    _retry()
    if phone:
        watchdog.reload_when_stuck(RETRY_SECONDS)


@st.fragment(run_every=RETRY_SECONDS)
def _retry() -> None:
    try:
        answering = runtime.database().ping()
    except DatabaseUnavailable:  # not even prepared yet: the first run met the outage
        answering = False
    if answering:
        st.rerun(scope="app")
    watchdog.heartbeat(None)  # a phone whose timers died still reloads (ui/watchdog.py)


def tolerant(body: Callable[P, None]) -> Callable[P, None]:
    """For a polling fragment's body: an outage adds the notice and keeps the fragment
    (and its timer) alive, instead of Streamlit's English error in its place."""

    @wraps(body)
    def polling(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            body(*args, **kwargs)
        except DatabaseUnavailable:
            notice()
            watchdog.heartbeat(watchdog.last_version())

    return polling
