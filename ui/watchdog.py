"""Keeping a polling page alive on the console and the projector.

Now and then Streamlit 1.67 stopped a page's ``st.fragment(run_every=...)`` timer (seen in
browser tests, cause not found), which froze the live panel: answer counts stopped moving
and "Tonen op scherm" stayed disabled. The polling fragment draws a heartbeat; this page
script watches it and, when it stands still while the page is on screen, presses a hidden
button: an ordinary full rerun, which registers the fragment's timer anew. Unlike a reload
(the phones' remedy) it keeps the facilitator signed in, and it does not count as their
activity for the idle sign-out.
"""

from __future__ import annotations

import streamlit as st

from ui import roles

NUDGE_KEY = "watchdog-nudge"
_BEATS = "watchdog-beats"

_SCRIPT = """
<script>
(() => {
  if (window.__groepssessieWatchdog) return;
  const staleAfterMs = %(stale_ms)d;
  let lastBeat = null, lastChange = Date.now(), lastNudge = 0;
  document.addEventListener("visibilitychange", () => { lastChange = Date.now(); });
  const timer = setInterval(() => {
    const beat = document.querySelector(".gs-beat");
    const value = beat ? beat.dataset.beat : null;
    if (value !== lastBeat || document.visibilityState !== "visible" || !navigator.onLine) {
      lastBeat = value;
      lastChange = Date.now();
      return;
    }
    if (value === null || Date.now() - lastChange < staleAfterMs) return;
    if (Date.now() - lastNudge < staleAfterMs) return;
    const nudge = document.querySelector(".st-key-%(key)s button");
    if (!nudge) return;
    lastNudge = Date.now();
    nudge.click();
  }, 1000);
  window.__groepssessieWatchdog = { timers: [timer] };
})();
</script>
<style>
  .st-key-%(key)s { display: none !important; }
  [data-testid="stElementContainer"]:has(.gs-beat) { display: none; }
</style>
"""


def heartbeat() -> None:
    """Call inside the polling fragment: a hidden mark that changes on every poll."""
    beats = st.session_state.get(_BEATS, 0) + 1
    st.session_state[_BEATS] = beats
    st.html(f'<i class="gs-beat" data-beat="{beats}"></i>')


def _not_activity() -> None:
    st.session_state[roles.AUTO_RERUN] = True


def install(poll_seconds: float) -> None:
    """Call once per full run of a polling page, outside its fragment."""
    st.button("watchdog", key=NUDGE_KEY, on_click=_not_activity)
    stale_ms = int(max(8.0, 5 * poll_seconds) * 1000)
    st.html(
        _SCRIPT % {"stale_ms": stale_ms, "key": NUDGE_KEY},
        unsafe_allow_javascript=True,
    )
