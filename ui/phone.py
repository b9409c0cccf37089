"""What every participant screen carries besides its content: the quick exit, the
"no connection" notice, and the cookie that lets a reload find the same participant.

Why a cookie and not the URL: Streamlit writes every query-parameter change and every page
link as a new browser-history entry, so a token or a help page in the URL would leave
entries that the back button returns to after a quick exit. The participant page therefore
never changes the URL from the server: the whole visit is one history entry, which the
quick exit replaces with a neutral site. The cookie holds only the random participant
token (no answer), is sent to this server alone (SameSite=Strict), expires with the longest
possible session and is deleted by the quick exit and when the session has ended.

The quick exit and the connection notice are plain browser code, so they work when the
server cannot be reached: exactly when a frozen page would otherwise mislead.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from facilitator.i18n import text
from ui import runtime

COOKIE = "gs_p"
# A session is ended automatically after at most this long; the cookie need not outlive it.
COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60
# The token this browser session has already found unknown: st.context.cookies keeps the
# value from the moment the page connected, even after the browser deleted the cookie.
_FORGOTTEN = "phone-forgotten-token"

_SCRIPT = """
<script>
(() => {
  const cfg = %(config)s;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  const setCookie = (value, maxAge) => {
    document.cookie = `${cfg.cookie}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Strict${secure}`;
  };
  if (cfg.remember) setCookie(cfg.remember, cfg.maxAge);
  if (cfg.forget) setCookie("", 0);
  // The join link's code has done its work; the address bar need not show it.
  if (cfg.cleanUrl && location.search) history.replaceState(history.state, "", location.pathname);

  const phone = window.__groepssessiePhone || (window.__groepssessiePhone = build());
  phone.configure(cfg);

  function build() {
    let current = cfg;
    const timers = [];  // this script's own timers (a test stops all others)
    const exit = document.createElement("button");
    exit.type = "button";
    exit.id = "gs-quick-exit";
    const leave = (event) => {
      if (!event.target.closest || !event.target.closest("#gs-quick-exit")) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      // The room's phone count drops at once (serve.py's api/left); nothing waits for it.
      const kept = document.cookie.split("; ").find((c) => c.startsWith(`${current.cookie}=`));
      const token = kept ? kept.slice(current.cookie.length + 1) : "";
      if (token && navigator.sendBeacon) {
        try { navigator.sendBeacon(new URL("api/left", document.baseURI), token); } catch (e) {}
      }
      document.cookie = `${current.cookie}=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
      try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* private mode */ }
      document.body.replaceChildren();  // nothing stays on screen while the next site loads
      location.replace(current.exitUrl);  // replace: the back button cannot return here
    };
    // On the window, in the capture phase: before anything else on the page can see the
    // tap. A modal dialog (Streamlit's, while the connection is down) swallows pointer
    // events outside itself, which would otherwise leave the quick exit dead.
    window.addEventListener("pointerup", leave, true);
    window.addEventListener("click", leave, true);  // keyboard: Enter or Space
    const notice = document.createElement("div");
    notice.id = "gs-offline";
    notice.setAttribute("role", "alert");
    notice.hidden = true;
    document.body.append(exit, notice);

    // Streamlit's own "Connection error" dialog is English and modal: it marks the rest of
    // the page inert, which would disable the quick exit exactly when it may be needed. On
    // phones it is hidden in favour of our notice, and our two elements stay usable. Other
    // dialogs (such as "Page not found") are left alone.
    let streamlitGaveUp = false;
    const hideConnectionDialog = () => {
      streamlitGaveUp = false;
      for (const dialog of document.querySelectorAll('[data-testid="stDialog"]')) {
        if (/Connection error|not responding/i.test(dialog.textContent)) {
          dialog.style.display = "none";
          streamlitGaveUp = true;
        }
      }
    };
    new MutationObserver(hideConnectionDialog).observe(document.body, { childList: true });
    const keepUsable = new MutationObserver(() => {
      for (const element of [exit, notice]) {
        if (element.inert) element.inert = false;
        if (element.hasAttribute("aria-hidden")) element.removeAttribute("aria-hidden");
      }
    });
    for (const element of [exit, notice]) {
      keepUsable.observe(element, { attributes: true, attributeFilter: ["inert", "aria-hidden"] });
    }

    // Down: the phone is offline, Streamlit has given up for now (its dialog), or the
    // server's health check fails. Checked only while the page is on screen.
    let healthy = true;
    const health = new URL("_stcore/health", document.baseURI);
    timers.push(setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const reply = await fetch(health, { cache: "no-store", signal: AbortSignal.timeout(2500) });
        healthy = reply.ok;
      } catch (e) {
        healthy = false;
      }
    }, 3000));
    let downSince = null;
    timers.push(setInterval(() => {
      hideConnectionDialog();
      const down = !navigator.onLine || !healthy || streamlitGaveUp
        || document.querySelector('[data-testid="stConnectionStatus"]') !== null;
      downSince = down ? (downSince ?? Date.now()) : null;
      const show = downSince !== null && Date.now() - downSince > 1000;
      if (notice.hidden === show) {
        notice.hidden = !show;
        document.body.classList.toggle("gs-offline", show);
      }
    }, 500));

    // The watchdog: while the page shows a heartbeat (it does when following the group),
    // the heartbeat must keep changing. If it stops while the phone is on screen and
    // connected, polling has died in the browser: reload, at most once a minute.
    let lastBeat = null;
    let lastChange = Date.now();
    document.addEventListener("visibilitychange", () => { lastChange = Date.now(); });
    timers.push(setInterval(() => {
      const beat = document.querySelector(".gs-beat");
      const value = beat ? beat.dataset.beat : null;
      if (value !== lastBeat || !notice.hidden || document.visibilityState !== "visible") {
        lastBeat = value;
        lastChange = Date.now();
        return;
      }
      if (value === null || Date.now() - lastChange < current.staleAfterMs) return;
      const reloadedAt = Number(sessionStorage.getItem("gs-reloaded-at") || 0);
      if (Date.now() - reloadedAt < 60000) return;
      sessionStorage.setItem("gs-reloaded-at", String(Date.now()));
      location.reload();
    }, 1000));

    return {
      timers,
      configure(next) {
        current = next;
        exit.textContent = next.exitLabel;
        exit.setAttribute("aria-label", next.exitDescription);
        notice.textContent = next.offline;
      },
    };
  }
})();
</script>
"""


def _cookie() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None  # AppTest has no cookies to give


def remembered_token() -> str | None:
    """The token this browser kept from an earlier page load, if any."""
    value = _cookie()
    if not value or len(value) > 64 or value == st.session_state.get(_FORGOTTEN):
        return None
    return value


def shell(
    language: str, *, remember: str | None = None, forget: str | None = None, clean_url: bool
) -> None:
    """Draw the quick exit and connection notice, and keep or drop the token cookie.

    ``forget`` is a token found unknown or ended: its cookie is deleted and this session
    no longer reads it.
    """
    if forget:
        st.session_state[_FORGOTTEN] = forget
    config = {
        "cookie": COOKIE,
        "maxAge": COOKIE_MAX_AGE_SECONDS,
        "remember": remember,
        "forget": bool(forget),
        "cleanUrl": clean_url,
        "exitUrl": runtime.settings().quick_exit_url,
        "exitLabel": text(language, "quick_exit"),
        "exitDescription": text(language, "quick_exit_description"),
        "offline": text(language, "offline"),
        # Twice as long as the watchdog waits before its full rerun (ui/watchdog.py): a
        # reload is the last resort, when that rerun did not bring polling back.
        "staleAfterMs": int(max(16.0, 10 * runtime.settings().poll_seconds) * 1000),
    }
    # json.dumps escapes quotes; "</" is escaped too so no value can close the script tag.
    encoded = json.dumps(config).replace("</", "<\\/")
    st.html(_SCRIPT % {"config": encoded}, unsafe_allow_javascript=True)


_NOTES = """
<div class="gs-notes">
  <label for="%(id)s">%(label)s</label>
  <textarea id="%(id)s" rows="9" maxlength="20000" autocomplete="off" spellcheck="false"
    aria-describedby="%(id)s-about"></textarea>
  <p id="%(id)s-about" class="gs-notes-about">%(about)s</p>
  <div class="gs-notes-actions">
    <button type="button" data-action="download">%(download)s</button>
    <button type="button" data-action="clear">%(clear)s</button>
  </div>
</div>
<script>
(() => {
  const cfg = %(config)s;
  const area = document.getElementById(cfg.id);
  if (!area || area.dataset.ready) return;
  area.dataset.ready = "1";
  area.value = sessionStorage.getItem(cfg.id) || "";
  area.addEventListener("input", () => sessionStorage.setItem(cfg.id, area.value));
  const box = area.closest(".gs-notes");
  box.querySelector('[data-action="download"]').addEventListener("click", () => {
    const file = new Blob([area.value], { type: "text/plain;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = cfg.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
  box.querySelector('[data-action="clear"]').addEventListener("click", () => {
    area.value = "";
    sessionStorage.removeItem(cfg.id);
    area.focus();
  });
})();
</script>
"""


def private_notes(notes_id: str, language: str) -> None:
    """A notepad that exists only in the phone's browser: what is typed is never sent to
    the server (no widget, no rerun), so the app cannot store, log or show it anywhere.
    It is kept in this tab's sessionStorage, so a reload keeps it, closing the tab or the
    quick exit wipes it, and it can be downloaded as a text file or cleared."""
    element_id = f"gs-notes-{notes_id}"
    config = {"id": element_id, "fileName": text(language, "exercise_file_name")}
    st.html(
        _NOTES
        % {
            "id": html.escape(element_id),
            "label": html.escape(text(language, "exercise_label")),
            "about": html.escape(text(language, "exercise_private")),
            "download": html.escape(text(language, "exercise_download")),
            "clear": html.escape(text(language, "exercise_clear")),
            "config": json.dumps(config).replace("</", "<\\/"),
        },
        unsafe_allow_javascript=True,
    )
