"""Keeping a polling page true to the session: phones, the console and the projector.

Two ways a page was seen to stay behind the session, each with the same remedy:

- A lost redraw. A page learns of a step change in its polling fragment, which reruns the
  whole page; the server then believes the page shows the new step. When the redraw's
  messages are lost on the way (a phone offline for a moment during the change: its
  websocket stays open, the frames die), the page keeps the old step while every later poll
  finds nothing new. The polling fragment therefore draws the version it read from the
  database (the heartbeat), the full run draws the version it drew the page for, and the
  browser compares the two: when they disagree, the page is behind.
- A dead timer. Now and then Streamlit 1.67 stopped a page's ``run_every`` timer (cause
  not found): the heartbeat stands still.

Either way this page's script presses a hidden button: an ordinary full rerun, which draws
the page anew and registers the fragment's timer again. Unlike a reload it keeps the
facilitator signed in and a phone's notes on screen, and it does not count as the
facilitator's activity for the idle sign-out.
"""

from __future__ import annotations

import streamlit as st

from ui import roles

NUDGE_KEY = "watchdog-nudge"
_BEATS = "watchdog-beats"
_VERSION = "watchdog-version"

_SCRIPT = """
<script>
(() => {
  const cfg = { staleAfterMs: %(stale_ms)d, key: "%(key)s" };
  const dog = window.__groepssessieWatchdog || (window.__groepssessieWatchdog = start());
  dog.configure(cfg);

  function start() {
    let current = cfg;
    let lastBeat = null, lastChange = Date.now(), lastNudge = 0, behindSince = null;
    document.addEventListener("visibilitychange", () => { lastChange = Date.now(); });
    const nudge = () => {
      const button = document.querySelector(`.st-key-${current.key} button`);
      if (!button || Date.now() - lastNudge < 3000) return;
      lastNudge = Date.now();
      behindSince = null;
      button.click();
    };
    const timer = setInterval(() => {
      const beat = document.querySelector(".gs-beat");
      const drawn = document.querySelector(".gs-drawn");
      const value = beat ? beat.dataset.beat : null;
      const visible = document.visibilityState === "visible" && navigator.onLine;
      // Behind: the latest poll read a newer version than the page was drawn for. Give a
      // full run in progress a moment to finish drawing before pressing.
      const behind = visible && beat && drawn && beat.dataset.version !== undefined
        && beat.dataset.version !== drawn.dataset.version;
      behindSince = behind ? (behindSince ?? Date.now()) : null;
      const app = document.querySelector('[data-testid="stApp"]');
      const running = app && app.getAttribute("data-test-script-state") === "running";
      if (behind && Date.now() - behindSince >= (running ? 3000 : 400)) nudge();
      // Dead timer: the heartbeat stands still while the page is on screen and online.
      if (value !== lastBeat || !visible) {
        lastBeat = value;
        lastChange = Date.now();
        return;
      }
      if (value !== null && Date.now() - lastChange >= current.staleAfterMs) {
        lastChange = Date.now();
        nudge();
      }
    }, 200);
    return { timers: [timer], configure(next) { current = next; } };
  }
})();
</script>
<style>
  .st-key-%(key)s { display: none !important; }
  [data-testid="stElementContainer"]:has(.gs-beat),
  [data-testid="stElementContainer"]:has(.gs-drawn) { display: none; }
</style>
"""


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


def install(poll_seconds: float, *, drawn_version: int | None) -> None:
    """Call once per full run of a polling page, outside its fragment, with the session
    version this run drew the page for; None when it could not draw what the session
    shows (its material was unreadable), so that it is drawn again every few seconds."""
    st.button("watchdog", key=NUDGE_KEY, on_click=_not_activity)
    shown = "none" if drawn_version is None else drawn_version
    st.html(f'<i class="gs-drawn" data-version="{shown}"></i>')
    stale_ms = int(max(8.0, 5 * poll_seconds) * 1000)
    st.html(
        _SCRIPT % {"stale_ms": stale_ms, "key": NUDGE_KEY},
        unsafe_allow_javascript=True,
    )
