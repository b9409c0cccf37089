"""The page script: page config, who you are, and the pages you may see. The server that
runs it is serve.py (`streamlit run serve.py`), which adds the app's own HTTP routes.

Participants never get a facilitator page in their navigation; the console's address asks
a signed-out browser to sign in. The projector is reachable only with its session's secret
link; the console only after signing in (or with this browser's sign-in cookie).
"""

from __future__ import annotations

import streamlit as st

import views  # noqa: F401 (importing it registers every page with ui.navigation)
from facilitator.bootstrap import StartRefused
from facilitator.config import SettingsError
from facilitator.errors import DatabaseUnavailable
from ui import inflight, navigation, outage, phone, roles, runtime, style
from ui.navigation import ACCOUNT, CONSOLE, HELP, HISTORY, PARTICIPANT, PROJECTOR, SIGN_IN


def run() -> None:
    runtime.database()  # create the schema and print the setup code on first start
    roles.keep_facilitator_signed_in(runtime.settings().idle_sign_out_minutes)
    roles.hand_over_cookie()
    # The layout is the role's, set once per run before the page draws: pages that set their
    # own after a narrow default made every rerun start narrow and then widen, so the
    # console jumped under the facilitator's mouse at each press (1,066 to 736 px and back).
    wide = roles.facilitator_id() is not None or roles.projector_token() is not None
    st.set_page_config(
        page_title="Groepssessie", page_icon="💬", layout="wide" if wide else "centered"
    )
    runtime.sweep_now_and_then()
    # Only the pages of this browser's role are registered: a participant never gets a
    # facilitator page, whatever address it asks for.
    if roles.facilitator_id() is not None:
        facilitator = [
            navigation.st_page(CONSOLE, default=True),
            navigation.st_page(HISTORY),
            navigation.st_page(ACCOUNT),
            navigation.st_page(HELP),
            navigation.st_page(SIGN_IN, visibility="hidden"),
        ]
        page = st.navigation(facilitator, position="top")
    elif roles.projector_token() is not None:
        # Served at the root (it is the projector's only page): /?t=<projector token>.
        page = st.navigation([navigation.st_page(PROJECTOR, default=True)], position="hidden")
    else:
        # One page: help is a view within it, so a participant's visit stays one history entry.
        # A signed-out browser on the console's address (a bookmark, a reload after the idle
        # sign-out) is asked to sign in, not shown "Page not found".
        console = st.Page(
            lambda: navigation.go_to(SIGN_IN),
            title="Console",
            url_path=CONSOLE,
            visibility="hidden",
        )
        page = st.navigation(
            [
                navigation.st_page(PARTICIPANT, default=True),
                navigation.st_page(SIGN_IN, visibility="hidden"),
                console,
            ],
            position="hidden",
        )
        if st.session_state.pop(roles.SHOW_SIGN_IN, False):
            navigation.go_to(SIGN_IN)
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
        phone.outage_screen()
    else:
        outage.screen()
