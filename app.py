"""The page script: page config, who you are, and the pages you may see. The server that
runs it is serve.py (`streamlit run serve.py`), which adds the app's own HTTP routes.

Participants never get a facilitator page in their navigation; the console's address asks
a signed-out browser to sign in. The projector is reachable only with its session's secret
link; the console only after signing in (or with this browser's sign-in cookie).
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from facilitator.bootstrap import StartRefused
from facilitator.config import SettingsError
from facilitator.errors import DatabaseUnavailable
from ui import inflight, outage, phone, roles, runtime, style

st.set_page_config(page_title="Groepssessie", page_icon="💬", layout="centered")


def sign_in_page() -> StreamlitPage:
    return st.Page(
        "pages/sign_in.py", title="Begeleider", url_path="begeleider", visibility="hidden"
    )


def run() -> None:
    runtime.database()  # create the schema and print the setup code on first start
    roles.keep_facilitator_signed_in(runtime.settings().idle_sign_out_minutes)
    roles.hand_over_cookie()
    runtime.sweep_now_and_then()
    # Only the pages of this browser's role are built: each st.Page checks its file on disk,
    # and a participant's page is drawn anew at every step change (bench/load.py).
    if roles.facilitator_id() is not None:
        pages = [
            st.Page("pages/console.py", title="Console", url_path="console", default=True),
            st.Page("pages/history.py", title="Eerdere sessies", url_path="eerder"),
            st.Page("pages/account.py", title="Account", url_path="account"),
            st.Page("pages/help.py", title="Hulp en steun", url_path="hulp"),
            sign_in_page(),
        ]
        page = st.navigation(pages, position="top")
    elif roles.projector_token() is not None:
        # Served at the root (it is the projector's only page): /?t=<projector token>.
        projector = st.Page(
            "pages/projector.py", title="Groepssessie", url_path="scherm", default=True
        )
        page = st.navigation([projector], position="hidden")
    else:
        # One page: help is a view within it, so a participant's visit stays one history entry.
        participant = st.Page(
            "pages/participant.py", title="Groepssessie", url_path="meedoen", default=True
        )
        sign_in = sign_in_page()
        # A signed-out browser on the console's address (a bookmark, a reload after the
        # idle sign-out) is asked to sign in, not shown "Page not found".
        console = st.Page(
            lambda: st.switch_page(sign_in),
            title="Console",
            url_path="console",
            visibility="hidden",
        )
        page = st.navigation([participant, sign_in, console], position="hidden")
        if st.session_state.pop(roles.SHOW_SIGN_IN, False):
            st.switch_page(sign_in)
    page.run()


try:
    with inflight.page_run():  # a stopping server waits for it (serve.py)
        run()
except (SettingsError, StartRefused) as unusable:
    # serve.py refuses to start on these; started some other way (`streamlit run app.py`),
    # every page says the app is not ready instead of showing Streamlit's error.
    runtime.say_once(f"Not ready: {unusable}")
    st.error(
        "Deze app is nog niet klaar voor gebruik. This app is not ready for use yet.",
        icon=":material/build:",
    )
except DatabaseUnavailable:
    # Whatever the page: a calm notice in the screen's language, retried until the
    # database answers, then the page in the session's state by then (ui/outage.py).
    on_a_phone = roles.facilitator_id() is None and roles.projector_token() is None
    if on_a_phone:
        style.apply(style.PARTICIPANT_CSS)
        phone.shell(outage.language(), clean_url=False)  # the quick exit, even now
    outage.screen(phone=on_a_phone)
