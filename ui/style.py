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
  [data-testid="stButtonGroup"] button { min-height: 48px; height: auto; font-size: 1.05rem;
    padding: .4rem .9rem; max-width: 100%; }
  [data-testid="stButtonGroup"] button p, [data-testid="stButtonGroup"] button div {
    white-space: normal !important; text-overflow: clip !important; overflow: visible !important;
    text-align: left; }
  [data-testid="stTextInput"] input { min-height: 48px; font-size: 1.4rem; letter-spacing: .2em;
    text-transform: uppercase; }
</style>
"""

# The projector: 16:9, no sidebar, no controls, large high-contrast type.
PROJECTOR_CSS = """
<style>
  header, [data-testid="stToolbar"], [data-testid="stSidebar"], footer,
  [data-testid="stStatusWidget"], [data-testid="stSidebarCollapsedControl"] {
    display: none !important; }
  .block-container, [data-testid="stMainBlockContainer"] {
    padding: 2rem 3rem !important; max-width: 100% !important; }
  .stApp { background: #ffffff !important; color: #111111 !important; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
  [data-testid="stMarkdownContainer"] ol li {
    font-size: 2.6rem !important; line-height: 1.35 !important; color: #111111 !important; }
  [data-testid="stMarkdownContainer"] li { margin-bottom: .3rem; }
  [data-testid="stMarkdownContainer"] blockquote p { font-size: 2.8rem !important;
    font-style: italic; }
  h1 { font-size: 4rem !important; line-height: 1.1 !important; font-weight: 800 !important;
    color: #000000 !important; padding-bottom: 1.5rem !important; }
  .join-title { font-size: 2rem !important; font-weight: 700; text-align: center; margin: 0; }
  .join-code { font-size: 5rem !important; font-weight: 800; letter-spacing: .3rem;
    font-family: ui-monospace, monospace; text-align: center; margin: 0; color: #000000; }
  .join-url { font-size: 1.8rem !important; text-align: center; word-break: break-all;
    margin: 0; }
  .status-line { font-size: 3.2rem !important; font-weight: 800; margin: 1rem 0 0 0; }
</style>
"""


def apply(css: str) -> None:
    st.html(css)
