"""Facilitator sign-in, the first-run setup of the first account, and accounts made with
a colleague's invitation code."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from facilitator import auth
from facilitator.timeutil import utcnow
from ui import navigation, roles, runtime
from ui.actions import Refused, attempt
from ui.messages import console_message


@navigation.page(navigation.SIGN_IN, "Begeleider")
def page() -> None:
    if roles.facilitator_id() is not None:
        navigation.go_to(navigation.CONSOLE)
    with runtime.database().read() as s:
        has_account = auth.has_account(s)
    if has_account:
        sign_in_form()
    else:
        first_account_form()


def first_account_form() -> None:
    st.title("Console instellen")
    st.write(
        "Er is nog geen begeleidersaccount. Vul de eenmalige instelcode in die de server bij "
        "het starten in zijn eigen uitvoer (de terminal) heeft gezet, en kies een wachtwoord."
    )
    sent = new_account_form("setup", "Instelcode uit de terminal")
    if sent:
        code, username, password = sent
        create(
            lambda s, **f: auth.create_first_account(
                s, configured_code=runtime.settings().setup_code, now=utcnow(), **f
            ),
            setup_code=code,
            username=username,
            password=password,
        )


def sign_in_form() -> None:
    st.title("Aanmelden als begeleider")
    if st.session_state.pop(roles.SIGNED_OUT_IDLE, False):
        st.info("Je bent afgemeld omdat de console een tijd niet is gebruikt.")
    with st.form("sign-in-form"):
        username = st.text_input("Gebruikersnaam", key="sign-in-username")
        password = st.text_input("Wachtwoord", type="password", key="sign-in-password")
        submitted = st.form_submit_button("Aanmelden", type="primary")
    if submitted:
        began = time.monotonic()
        outcome = attempt(
            lambda s: auth.sign_in(
                s,
                username=username,
                password=password,
                client=runtime.client_address(),
                guards=runtime.guards(),
                clock=began,
            )
        )
        # Every attempt takes as long, whatever it was (after the commit: no lock held).
        time.sleep(max(0.0, began + auth.SIGN_IN_SECONDS - time.monotonic()))
        if isinstance(outcome, Refused):
            st.error(console_message(outcome.code))
        elif outcome.value.account_id is None:
            held_back = outcome.value.held_back
            st.error(console_message("sign_in_held_back" if held_back else "sign_in_failed"))
        else:
            roles.sign_in_as(outcome.value.account_id)
            st.rerun()
    with st.expander("Nieuw account met een uitnodigingscode van een collega"):
        sent = new_account_form("invited", "Uitnodigingscode")
        if sent:
            code, username, password = sent
            create(
                auth.create_invited_account,
                invitation=code,
                username=username,
                password=password,
                now=utcnow(),
            )


def new_account_form(form_key: str, code_label: str) -> tuple[str, str, str] | None:
    """Code, user name and password when the form was sent with matching passwords."""
    with st.form(form_key):
        code = st.text_input(code_label, key=f"{form_key}-code")
        username = st.text_input("Gebruikersnaam", key=f"{form_key}-username")
        password = st.text_input(
            f"Wachtwoord (minstens {auth.MIN_PASSWORD_LENGTH} tekens)",
            type="password",
            key=f"{form_key}-password",
        )
        repeat = st.text_input("Wachtwoord nogmaals", type="password", key=f"{form_key}-repeat")
        submitted = st.form_submit_button("Account aanmaken", type="primary")
    if not submitted:
        return None
    if password != repeat:
        st.error("De twee wachtwoorden zijn niet gelijk.")
        return None
    return code, username, password


def create(make: Callable[..., int], **fields: object) -> None:
    outcome = attempt(lambda s: make(s, **fields))
    if isinstance(outcome, Refused):
        st.error(console_message(outcome.code))
    else:
        roles.sign_in_as(outcome.value)
        st.rerun()
