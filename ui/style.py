"""CSS for the three audiences. Injected with st.html, which adds no visible element."""

from __future__ import annotations

import streamlit as st

# Phones: at least 48 px tap targets, readable type, no Streamlit chrome to get lost in.
PARTICIPANT_CSS = """
<style>
  [data-testid="stToolbar"], [data-testid="stMainMenu"], footer { display: none !important; }
  .block-container { padding-top: 4.5rem; max-width: 40rem; }
  html, body, [data-testid="stMarkdownContainer"] p { font-size: 1.1rem; }
  /* A whole row is one tap target, however short its label ("2"). */
  [data-testid="stRadioGroup"] { align-items: stretch !important; }
  [data-testid="stRadioOption"] { width: 100% !important; }
  [data-testid="stRadio"] label { min-height: 48px; width: 100% !important; align-items: center;
    padding: 4px 0; }
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
  /* The quick exit: always in the same corner, above everything, never scrolled away. */
  #gs-quick-exit { position: fixed; top: .6rem; right: .6rem; z-index: 1000100;
    min-height: 48px; min-width: 48px; padding: .5rem 1.1rem; border-radius: 2rem;
    border: 2px solid #ffffff; background: #1f2937; color: #ffffff; font-size: 1.05rem;
    font-weight: 700; box-shadow: 0 2px 8px rgba(0, 0, 0, .35); cursor: pointer; }
  #gs-quick-exit:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
  #gs-offline { position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000090;
    padding: 1rem 1.25rem; background: #7a2e00; color: #ffffff; font-size: 1.1rem;
    line-height: 1.4; text-align: center; }
  #gs-offline::before { content: "⚠ "; }
  /* The heartbeat mark takes no room. */
  [data-testid="stElementContainer"]:has(.gs-beat) { display: none; }
  /* The private notepad: plain HTML, so its text never reaches the server. */
  .gs-notes label { display: block; font-weight: 600; font-size: 1.1rem; margin-bottom: .4rem; }
  .gs-notes textarea { box-sizing: border-box; width: 100%; min-height: 14rem; padding: .75rem;
    font: inherit; font-size: 1.1rem; line-height: 1.5; border: 1px solid #8a8f98;
    border-radius: .5rem; background: #f7f8fa; color: #111111; resize: vertical; }
  .gs-notes textarea:focus { outline: 3px solid #0072B2; outline-offset: 1px; }
  .gs-notes-about { color: #4a4f57; font-size: 1rem; margin: .5rem 0 .75rem 0; }
  .gs-notes-actions { display: flex; gap: .75rem; }
  .gs-notes-actions button { flex: 1; min-height: 48px; font: inherit; font-size: 1.1rem;
    border-radius: .5rem; border: 1px solid #8a8f98; background: #ffffff; color: #111111;
    cursor: pointer; }
  .gs-notes-actions button:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
  /* While disconnected the page is visibly paused and cannot be used to send anything.
     (Streamlit's hidden connection dialog makes the page inert after a few seconds anyway;
     what is in the private notepad is kept.) */
  body.gs-offline [data-testid="stMain"] { opacity: .4; pointer-events: none; }
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
