"""Support resources for the facilitator's navigation, from the organisation's help file
(HELP_FILE, by default content/help.yaml). Participants see the same text as a view
within their own page (views/participant.py)."""

from __future__ import annotations

import streamlit as st

from facilitator.i18n import language_from_locale
from ui import navigation, runtime


@navigation.page(navigation.HELP, "Hulp en steun")
def page() -> None:
    shown = runtime.help_text(language_from_locale(st.context.locale))
    st.title(shown.title)
    st.markdown(shown.body)
