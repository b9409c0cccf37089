"""Keeping a polling page true to the session: phones, the console and the projector.

Three ways a page was seen to stay behind the session, each with the same remedy:

- A lost redraw. A page learns of a step change in its polling fragment, which reruns the
  whole page; the server then believes the page shows the new step. When the redraw's
  messages are lost on the way (a phone offline for a moment during the change: its
  websocket stays open, the frames die), the page keeps the old step while every later poll
  finds nothing new. The polling fragment therefore draws the version it read from the
  database (the heartbeat), the full run draws the version it drew the page for, and the
  browser compares the two: when they disagree, the page is behind. Streamlit has no
  acknowledgement of a delivered redraw; its handling of flaky connections is
  streamlit/streamlit#8901 (reconnecting to the same session, fixed by #15909, does not
  resend what a half-dead socket dropped).
- A dead timer. Now and then Streamlit 1.67 stopped a page's ``run_every`` timer: the
  heartbeat stands still. Streamlit's fragment timers were reworked for
  streamlit/streamlit#15084 (#15912, #15932); the cause here was not pinned down to it.

- A page drawn in part. Twice in a browser test (CI, and once locally in 12 tests), the
  console showed the new step's heading but not its step buttons, drawn below its polling
  fragment, for 30 s, until the test gave up: a facilitator stuck in front of the group.
  Not reproduced in 16 runs of that test alone, with and without a busy CPU; the cause is
  not pinned down (a fragment's timer beside the full runs of a press is the suspect). The
  page names the controls every drawing of it has (``must_show``); missing while no run
  is going, the page is drawn again.

Each way the page's script (ui/frontend/watchdog.js, one for every page) presses a
hidden button: an ordinary full rerun, which draws the page anew and registers the
fragment's timer again. Unlike a reload it keeps the facilitator signed in and a phone's
notes on screen, and it does not count as the facilitator's activity for the idle
sign-out. A phone whose heartbeat still stands still after that reloads, at most once a
minute (its token cookie makes it the same participant). Once both upstream issues are
fixed in the Streamlit this app requires, watchdog.js and this module can go.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

import streamlit as st

from ui import frontend, push, roles, runtime

P = ParamSpec("P")

NUDGE_KEY = "watchdog-nudge"  # ui/frontend/watchdog.css hides it by this key
_BEATS = "watchdog-beats"
_VERSION = "watchdog-version"


def heartbeat(version: int | None) -> None:
    """Call inside the polling fragment, with the session version this poll read (None: no
    version to compare, as on the outage screen): a hidden mark that changes every poll."""
    beats = st.session_state.get(_BEATS, 0) + 1
    st.session_state[_BEATS] = beats
    st.session_state[_VERSION] = version
    shown = "" if version is None else f' data-version="{version}"'
    st.html(f'<i class="gs-beat" data-beat="{beats}"{shown}></i>')


def last_version() -> int | None:
    """The version the last heartbeat carried: what a poll that could not read repeats."""
    value = st.session_state.get(_VERSION)
    return value if isinstance(value, int) else None


def _not_activity() -> None:
    st.session_state[roles.AUTO_RERUN] = True


def install(
    poll_seconds: float,
    *,
    drawn_version: int | None,
    reload_when_stuck: bool = False,
    mark_drawn: bool = True,
    must_show: tuple[str, ...] = (),
    polls_while_pushed: bool = False,
) -> None:
    """Call once per full run of a polling page, outside its fragment, with the session
    version this run drew the page for; None when it could not draw what the session
    shows (its material was unreadable), so that it is drawn again every few seconds.
    ``reload_when_stuck``: a phone, which reloads when a rerun did not help.
    ``mark_drawn`` False: a fragment that redraws what the version shows draws the mark
    (``drawn_mark``) itself.
    ``must_show``: the keys of controls that every full drawing of the page has (the
    console's step buttons). A page drawn in part, without them, is drawn again.
    ``polls_while_pushed``: the page's polling fragment keeps its interval while the push
    channel is live (the console's clocks), so its heartbeat, not the stream's, says
    whether the page is alive. Watching the stream, a console whose timers had died kept
    its clock and its answer count standing still for 25 s (2 runs in 5)."""
    st.button("watchdog", key=NUDGE_KEY, on_click=_not_activity)
    if mark_drawn:
        drawn_mark(drawn_version)
    _script(
        poll_seconds,
        reload_when_stuck=reload_when_stuck,
        must_show=must_show,
        watch_stream=not polls_while_pushed,
    )


def drawn_mark(drawn_version: int | None) -> None:
    """The mark of the session version the page on screen was drawn for."""
    shown = "none" if drawn_version is None else drawn_version
    st.html(f'<i class="gs-drawn" data-version="{shown}"></i>')


def reload_when_stuck(poll_seconds: float) -> None:
    """For a phone's screen without a page to rerun (the outage notice): only the reload,
    should its heartbeat stand still."""
    _script(poll_seconds, reload_when_stuck=True, watch_stream=True)


# While the push channel is live, its stream beats every 30 s (serve.py) and stands in for
# the polls' heartbeat: a page whose stream went quiet this long (a beat missed and 25 s,
# as push.js's SILENT_MS) is nudged.
PUSHED_STALE_SECONDS = 55.0


def _script(
    poll_seconds: float,
    *,
    reload_when_stuck: bool,
    watch_stream: bool,
    must_show: tuple[str, ...] = (),
) -> None:
    pushed = watch_stream and push.drawn_live()
    stale = PUSHED_STALE_SECONDS if pushed else max(8.0, 5 * poll_seconds)
    config = {
        "key": NUDGE_KEY,
        "pushed": pushed,
        "staleAfterMs": int(stale * 1000),
        # Twice as long as the wait before the rerun: a reload is the last resort.
        "reloadAfterMs": int(2 * stale * 1000) if reload_when_stuck else None,
        "mustShow": list(must_show),
    }
    # One element, not two: each element a run sends is a render of the page in the browser.
    frontend.script("watchdog.js", config, markup=frontend.style("watchdog.css"))


def polling(
    every_polls: float = 1.0, *, while_pushed: float | None = None
) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """A fragment that reruns every ``every_polls`` × POLL_SECONDS, and every
    ``while_pushed`` × POLL_SECONDS (None: never by itself) while the page's push channel
    is live (ui/push.py). The interval is read when the fragment is drawn, not when its
    module is imported: a page module is imported once per process, and the settings are
    read per process too, but later (tests clear them)."""

    def decorate(body: Callable[P, None]) -> Callable[P, None]:
        @wraps(body)
        def drawn(*args: P.args, **kwargs: P.kwargs) -> None:
            poll = runtime.settings().poll_seconds
            seconds = push.timer_seconds(
                every_polls * poll, None if while_pushed is None else while_pushed * poll
            )
            st.fragment(body, run_every=seconds)(*args, **kwargs)

        return drawn

    return decorate
