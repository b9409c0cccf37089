"""Support resources, reachable from every participant screen. The text comes from the
organisation's help file (HELP_FILE, by default content/help.yaml)."""

from __future__ import annotations

import streamlit as st

from facilitator.i18n import language_from_locale, text
from ui import roles, runtime, style

style.apply(style.PARTICIPANT_CSS)
following = st.session_state.get(roles.FOLLOWING)  # the session language, once joined
language = following[1] if following else language_from_locale(st.context.locale)
shown = runtime.help_text(language)
st.title(shown.title)
st.markdown(shown.body)
if roles.facilitator_id() is None:
    st.page_link(
        "pages/participant.py", label=text(language, "help_back"), icon=":material/arrow_back:"
    )
