"""Support resources, reachable from every participant screen."""

from __future__ import annotations

import streamlit as st

from facilitator.i18n import language_from_locale, text
from ui import style

style.apply(style.PARTICIPANT_CSS)
language = language_from_locale(st.context.locale)
st.title(text(language, "help_title"))
st.markdown(text(language, "help_body"))
