"""Facilitator sign-in, and the first-run setup of the facilitator account."""

from __future__ import annotations

import streamlit as st

from facilitator import auth
from facilitator.errors import DomainError
from ui import roles, runtime
from ui.messages import console_message

if roles.facilitator_id() is not None:
    st.switch_page("pages/console.py")

db = runtime.database()
with db.read() as s:
    has_account = auth.has_account(s)

if not has_account:
    st.title("Console instellen")
    st.write(
        "Er is nog geen begeleidersaccount. Vul de eenmalige instelcode in die de server bij "
        "het starten in zijn eigen uitvoer (de terminal) heeft gezet, en kies een wachtwoord."
    )
    with st.form("setup-form"):
        setup_code = st.text_input("Instelcode uit de terminal", key="setup-code")
        username = st.text_input("Gebruikersnaam", key="setup-username")
        password = st.text_input(
            "Wachtwoord (minstens 10 tekens)", type="password", key="setup-password"
        )
        repeat = st.text_input("Wachtwoord nogmaals", type="password", key="setup-repeat")
        submitted = st.form_submit_button("Account aanmaken", type="primary")
    if submitted:
        if password != repeat:
            st.error("De twee wachtwoorden zijn niet gelijk.")
        else:
            try:
                with db.write() as s:
                    account_id = auth.create_first_account(
                        s, setup_code=setup_code, username=username, password=password
                    )
            except DomainError as refused:
                st.error(console_message(refused.code))
            else:
                roles.sign_in_as(account_id)
                st.rerun()
else:
    st.title("Aanmelden als begeleider")
    with st.form("sign-in-form"):
        username = st.text_input("Gebruikersnaam", key="sign-in-username")
        password = st.text_input("Wachtwoord", type="password", key="sign-in-password")
        submitted = st.form_submit_button("Aanmelden", type="primary")
    if submitted:
        try:
            with db.write() as s:
                account_id = auth.sign_in(s, username=username, password=password)
        except DomainError as refused:
            st.error(console_message(refused.code))
        else:
            roles.sign_in_as(account_id)
            st.rerun()
