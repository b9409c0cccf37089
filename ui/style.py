"""CSS for the three audiences. Injected with st.html, which adds no visible element."""

from __future__ import annotations

import streamlit as st

# Phones: at least 48 px tap targets, readable type, no Streamlit chrome to get lost in.
PARTICIPANT_CSS = """
<style>
  [data-testid="stToolbar"], [data-testid="stMainMenu"], footer { display: none !important; }
  .block-container { padding-top: 1.5rem; max-width: 40rem; }
  html, body, [data-testid="stMarkdownContainer"] p { font-size: 1.1rem; }
  [data-testid="stRadio"] label { min-height: 48px; align-items: center; padding: 4px 0; }
  [data-testid="stRadio"] label p { font-size: 1.1rem; }
  button[kind], [data-testid="stBaseButton-primary"], [data-testid="stBaseButton-secondary"] {
    min-height: 48px; font-size: 1.1rem;
  }
  [data-testid="stTextInput"] input { min-height: 48px; font-size: 1.4rem; letter-spacing: .2em;
    text-transform: uppercase; }
</style>
"""

# The projector: 16:9, no sidebar, no controls, large high-contrast type.
PROJECTOR_CSS = """
<style>
  header, [data-testid="stToolbar"], [data-testid="stSidebar"], footer,
  [data-testid="stStatusWidget"] { display: none !important; }
  .block-container { padding: 1.5rem 2.5rem; max-width: 100%; }
  .stApp { background: #ffffff; color: #111111; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
    font-size: 2.1rem; line-height: 1.35; }
  [data-testid="stMarkdownContainer"] blockquote p { font-size: 2.3rem; font-style: italic; }
  h1 { font-size: 3.4rem !important; line-height: 1.15 !important; }
  .join-code { font-size: 4.2rem; font-weight: 800; letter-spacing: .25rem;
    font-family: ui-monospace, monospace; text-align: center; margin: 0; }
  .join-url { font-size: 1.3rem; text-align: center; word-break: break-all; }
  .status-line { font-size: 2.4rem; font-weight: 700; }
</style>
"""


def apply(css: str) -> None:
    st.html(css)
