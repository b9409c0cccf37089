"""Past sessions of this facilitator, with the aggregate summary that stays after the end
and its exports (ui/summary_view.py). Aggregates only: the ballots are gone."""

from __future__ import annotations

import streamlit as st

from facilitator import retention, summaries
from facilitator.i18n import plural
from facilitator.summaries import PastSession
from ui import navigation, roles, runtime, style
from ui.actions import Refused, attempt
from ui.messages import console_message
from ui.summary_view import show_past


def delete_controls(item: PastSession, facilitator_id: int) -> None:
    """Two steps, like ending a session: deleting cannot be undone."""
    asking = f"confirm-delete-{item.session_id}"
    if not st.session_state.get(asking):
        if st.button("Verwijderen…", key=f"delete-{item.session_id}", icon=":material/delete:"):
            st.session_state[asking] = True
            st.rerun()
        return
    st.warning("Dit overzicht definitief verwijderen? Dat kan niet ongedaan worden gemaakt.")
    yes, no = st.columns(2)
    if yes.button("Ja, verwijderen", type="primary", key=f"delete-yes-{item.session_id}"):
        outcome = attempt(
            lambda s: retention.delete_summary(
                s, facilitator_id=facilitator_id, session_id=item.session_id
            )
        )
        if isinstance(outcome, Refused):
            st.error(console_message(outcome.code))
            return
        st.session_state.pop(asking, None)
        st.rerun()
    if no.button("Nee, bewaren", key=f"delete-no-{item.session_id}"):
        st.session_state.pop(asking, None)
        st.rerun()


@navigation.page(navigation.HISTORY, "Eerdere sessies")
def page() -> None:
    st.set_page_config(page_title="Eerdere sessies · Groepssessie")
    style.apply(style.CONSOLE_CSS)  # the facilitator's pages look alike (readable captions)
    facilitator_id = roles.facilitator_id()
    if facilitator_id is None:
        navigation.go_to(navigation.SIGN_IN)
    st.title("Eerdere sessies")
    with runtime.database().read() as s:
        past = summaries.past_sessions(s, facilitator_id=facilitator_id)
    settings = runtime.settings()
    st.caption(
        f"Alleen groepstotalen. Overzichten worden na {settings.summary_retention_days:g} dagen "
        "vanzelf verwijderd (SUMMARY_RETENTION_DAYS); een sessie die langer dan "
        f"{settings.session_max_hours:g} uur openstaat, wordt vanzelf afgesloten."
    )
    if not past:
        st.info("Nog geen afgesloten sessies.")
    for item in past:
        label = (
            f"{item.started_at:%d-%m-%Y %H:%M} · {item.module_title} · "
            f"{plural(item.participants, 'deelnemer', 'deelnemers')}"
        )
        with st.expander(label, expanded=item is past[0]):
            show_past(item)
            delete_controls(item, facilitator_id)
