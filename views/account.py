"""The facilitator's account: invite a colleague (a clinic has several facilitators, each
seeing only their own sessions) and sign out."""

from __future__ import annotations

import streamlit as st

from facilitator import auth
from facilitator.timeutil import utcnow
from ui import navigation, roles, runtime
from ui.actions import Done, attempt
from ui.messages import console_message


@navigation.page(navigation.ACCOUNT, "Account")
def page() -> None:
    facilitator_id = roles.facilitator_id()
    assert facilitator_id is not None  # app.py registers this page only after sign-in
    st.title("Account")
    st.subheader("Een collega uitnodigen")
    st.write(
        "Een collega maakt een eigen account met een eenmalige uitnodigingscode, op de "
        "aanmeldpagina onder *Nieuw account met een uitnodigingscode*. Elke begeleider ziet "
        "alleen de eigen sessies en overzichten. De code werkt één keer en 24 uur lang; geef "
        "hem persoonlijk door, niet via de groep."
    )
    if st.button("Uitnodigingscode maken", key="invite-colleague"):
        outcome = attempt(
            lambda s: auth.issue_invitation(s, facilitator_id=facilitator_id, now=utcnow())
        )
        if isinstance(outcome, Done):
            st.session_state["invitation-code"] = outcome.value
        else:
            st.error(console_message(outcome.code), icon=":material/block:")
    code = st.session_state.pop("invitation-code", None)
    if code:
        st.code(code, language=None)
        st.caption("Deze code verschijnt maar één keer. De app bewaart er alleen een hash van.")

    st.subheader("Afmelden")
    st.caption(
        f"De console meldt zichzelf af na {runtime.settings().idle_sign_out_minutes:g} minuten "
        "zonder handeling (IDLE_SIGN_OUT_MINUTES)."
    )
    if st.button("Afmelden", key="account-sign-out"):
        roles.sign_out()
        st.rerun()
