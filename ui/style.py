"""CSS for the three audiences. Injected with st.html, which adds no visible element."""

from __future__ import annotations

from ui import frontend

# Phones: big tap targets, readable type, no Streamlit chrome (ui/frontend/phone.css).
PARTICIPANT_CSS = frontend.style("phone.css")
# The projector: large high-contrast type, nothing else (ui/frontend/projector.css).
PROJECTOR_CSS = frontend.style("projector.css")
# The console (one view at 1366×768) and the facilitator's other pages (ui/frontend/console.css).
CONSOLE_CSS = frontend.style("console.css")


def apply(css: str) -> None:
    frontend.html(css)
