"""The push channel, browser side: a page learns within moments that its session changed,
instead of at its next poll.

``follow`` mounts a components-v2 component (ui/frontend/push.js) in the page. Its script
holds one event stream to the server (serve.py, ``api/changes``) and, when the stream says
the session is ahead of what the page was drawn for, sets the component's trigger, which
reruns the page. Only public Streamlit parts.

While the stream is live the page's polling timers slow down or stop (``timer_seconds``):
a phone then costs the server nothing while nothing happens. When the stream goes quiet
(a proxy that buffers, a phone that slept), the script says so and the page polls again.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from facilitator.i18n import text
from ui import frontend, outage, roles

KEY = "push-channel"
_LIVE_DRAWN = "push-live-drawn"  # whether the last full run drew the page with push live


def _not_activity() -> None:
    st.session_state[roles.AUTO_RERUN] = True  # the console's idle sign-out ignores it


def live() -> bool:
    """Whether this page's stream answers, as its script last said."""
    return frontend.component_value(KEY, "live") is True


def timer_seconds(poll_seconds: float, while_live: float | None) -> float | None:
    """For a polling fragment drawn in a full run: its interval, ``while_live`` (None: no
    timer) when the push channel is live. The page is drawn again when that changes."""
    pushed = live()
    st.session_state[_LIVE_DRAWN] = pushed
    return poll_seconds if not pushed else while_live


def drawn_live() -> bool:
    return st.session_state.get(_LIVE_DRAWN) is True


def follow(
    kind: str,
    *,
    version: int | None,
    answers_in: int | None = None,
    projector_token: str | None = None,
) -> None:
    """Once per run of a page that follows a session, with what the page was drawn for:
    the session version, and the answer count the projector shows. News of a change reruns
    what the component is drawn in: the whole page, or a phone's step drawn in place
    (views/participant.step_in_place), whose fragment then decides whether the page must
    be drawn anew. The channel coming up or going down reruns the page (its timers change
    with it). ``kind``: phone, projector or console.

    Never inside a polling fragment: a fragment's rerun asked for while the page ran in
    full (the console's own move) was seen to leave the console without the buttons drawn
    after the fragment; push.js asks only when the page is not running."""
    stream = f"api/changes?as={kind}"
    if projector_token:
        stream += f"&{roles.PROJECTOR_PARAM}={quote(projector_token)}"
    frontend.component_of("groepssessie_push", "push.js")(
        key=KEY,
        data={
            "stream": stream,
            # Said by the page itself while the stream says the database is away: a rerun
            # would put the outage screen in place of what is on it (a half-filled answer).
            "outage": text(outage.language(), "db_unavailable"),
            "live": drawn_live(),
            "drawn": {"v": version, "n": answers_in},
        },
        default={"live": False},
        height=0,
        on_live_change=_not_activity,
        on_changed_change=_not_activity,
    )
