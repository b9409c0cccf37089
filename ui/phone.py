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

import streamlit as st

from facilitator.i18n import text
from ui import frontend, outage, runtime
from ui.answering import DRAFT_STORE

COOKIE = "gs_p"
# A session is ended automatically after at most this long; the cookie need not outlive it.
COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60
# A private notepad's element id, and its key in the tab's sessionStorage (notes.js).
NOTES_PREFIX = "gs-notes-"
# The token this browser session has already found unknown: st.context.cookies keeps the
# value from the moment the page connected, even after the browser deleted the cookie.
_FORGOTTEN = "phone-forgotten-token"


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
    language: str,
    *,
    remember: str | None = None,
    forget: str | None = None,
    clean_url: bool,
    announce: str | None = None,
    wipe_notes: bool = False,
) -> None:
    """Draw the quick exit and connection notice, and keep or drop the token cookie.

    ``forget`` is a token found unknown or ended: its cookie is deleted and this session
    no longer reads it. ``announce`` is what a screen reader should hear now, once (the
    answer status after a send). ``wipe_notes`` deletes the private notepads' text, and
    the copy of an unsent answer, from this tab (when it follows no session any more).
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
        "announce": announce,
        "wipeNotes": wipe_notes,
        "notesPrefix": NOTES_PREFIX,
        "draftKey": DRAFT_STORE,
    }
    frontend.script("phone.js", config)


def outage_screen(extra: str | None = None) -> None:
    """A phone's page when the database does not answer: the quick exit and the connection
    notice (even now), then the calm notice and its retry (ui/outage.py). The address keeps
    a join link's code, so that the run after the outage can still act on it."""
    shell(outage.language(), clean_url=False)
    outage.screen(extra, phone=True)


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
"""


def private_notes(notes_id: str, language: str) -> None:
    """A notepad that exists only in the phone's browser: what is typed is never sent to
    the server (no widget, no rerun), so the app cannot store, log or show it anywhere.
    It is kept in this tab's sessionStorage, so a reload keeps it, closing the tab or the
    quick exit wipes it, and it can be downloaded as a text file or cleared."""
    element_id = f"{NOTES_PREFIX}{notes_id}"
    config = {"id": element_id, "fileName": text(language, "exercise_file_name")}
    markup = _NOTES % {
        "id": html.escape(element_id),
        "label": html.escape(text(language, "exercise_label")),
        "about": html.escape(text(language, "exercise_private")),
        "download": html.escape(text(language, "exercise_download")),
        "clear": html.escape(text(language, "exercise_clear")),
    }
    frontend.script("notes.js", config, markup=markup)
