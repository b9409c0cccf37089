"""What a participant cannot reach, and how wrong input is answered in the app."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from facilitator.models import FacilitatorAccount, GroupSession, Participant
from tests.app.conftest import (
    addresses,
    all_text,
    answer_on_phone,
    button,
    chart_specs,
    open_page,
)
from tests.conftest import create_account
from ui import phone as ui_phone
from ui.navigation import ACCOUNT, CONSOLE, HISTORY, PROJECTOR, SIGN_IN

# The phone's page at the root, and two ways to the sign-in form (its own address, and the
# console's, which sends a signed-out browser there: tests/e2e/test_session_in_browser.py).
PARTICIPANTS_NAVIGATION = sorted(["", CONSOLE, SIGN_IN])


@pytest.mark.parametrize("address", [HISTORY, PROJECTOR, ACCOUNT])
def test_a_participants_session_has_no_facilitator_page_to_open(new_browser, address):
    # Not hidden but absent: the participant's navigation does not register these pages,
    # so Streamlit answers their URL with "page not found" (checked in the browser test).
    at = new_browser()
    with pytest.raises(ValueError, match="no page at"):
        open_page(at, address)
    assert addresses(at) == PARTICIPANTS_NAVIGATION


def test_the_projector_link_with_a_wrong_token_shows_nothing_of_any_session(
    signed_in_console, new_browser, app_db
):
    button(signed_in_console, "Sessie starten").click().run()
    with app_db.read() as s:
        code = s.scalar(select(GroupSession.join_code))
    at = new_browser(t="not-the-token")
    assert "geen lopende sessie" in all_text(at)
    assert code not in all_text(at)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12", "Deze code klopt niet"),
        ("' OR 1=1 --", "Deze code klopt niet"),
        ("x" * 5000, "Deze code klopt niet"),
        ("ZZZZZZ", "Er is geen groep met deze code"),
    ],
)
def test_a_wrong_code_gets_a_clear_message_and_joins_nobody(new_browser, app_db, typed, message):
    at = new_browser()
    at.text_input(key="join-code").input(typed[:12])
    button(at, "Meedoen").click().run()
    assert message in all_text(at)
    via_link = new_browser(code=typed)
    assert message in all_text(via_link)
    assert "p" not in via_link.query_params
    with app_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 0


def test_a_tampered_participant_cookie_is_not_followed_and_is_dropped(new_browser, monkeypatch):
    # AppTest cannot send cookies; this stands in for the browser's (the browser test
    # tampers with the real cookie).
    monkeypatch.setattr(ui_phone, "_cookie", lambda: "forged-token-that-nobody-was-given")
    at = new_browser()
    assert "niet (meer) aangemeld" in all_text(at)
    assert not at.query_params
    at.run()  # the next run no longer reads the dropped token
    assert "niet (meer) aangemeld" not in all_text(at)
    assert "Meedoen met de groep" in all_text(at)


def test_first_start_asks_for_the_setup_code_the_server_printed(new_browser, app_db, capsys):
    at = new_browser()
    printed = capsys.readouterr().err
    match = re.search(r"One-time setup code: ([0-9A-F-]{20})", printed)
    assert match, printed
    open_page(at, SIGN_IN).run()
    assert "Console instellen" in all_text(at)

    def fill(code: str) -> None:
        at.text_input(key="setup-code").input(code)
        at.text_input(key="setup-username").input("therapeut")
        at.text_input(key="setup-password").input("een heel lang wachtwoord")
        at.text_input(key="setup-repeat").input("een heel lang wachtwoord")
        button(at, "Account aanmaken").click().run()

    fill("000000-000000-000000")
    assert "instelcode klopt niet" in all_text(at)
    with app_db.read() as s:
        assert s.scalar(select(func.count()).select_from(FacilitatorAccount)) == 0
    fill(match.group(1))
    open_page(at, CONSOLE).run()
    assert "Nieuwe groepssessie" in all_text(at)
    assert match.group(1) not in all_text(at)


def test_the_console_survives_a_reload_the_facilitator_finds_the_running_session(
    signed_in_console, new_browser, app_db
):
    button(signed_in_console, "Sessie starten").click().run()
    button(signed_in_console, "Volgende ▶").click().run()
    # A reload is a new browser session: sign in again, find the same session and step.
    reloaded = new_browser()
    open_page(reloaded, SIGN_IN).run()
    reloaded.text_input(key="sign-in-username").input("therapeut")
    from tests.conftest import PASSWORD

    reloaded.text_input(key="sign-in-password").input(PASSWORD)
    button(reloaded, "Aanmelden").click().run()
    open_page(reloaded, CONSOLE).run()
    assert "2/" in all_text(reloaded)
    with app_db.read() as s:
        assert s.scalar(select(func.count()).select_from(GroupSession)) == 1


def test_a_wrong_password_does_not_open_the_console(new_browser, app_db):
    create_account(app_db, "therapeut")
    at = new_browser()
    open_page(at, SIGN_IN).run()
    at.text_input(key="sign-in-username").input("therapeut")
    at.text_input(key="sign-in-password").input("fout fout fout")
    button(at, "Aanmelden").click().run()
    assert "klopt niet" in all_text(at)
    assert addresses(at) == PARTICIPANTS_NAVIGATION


UNANIMITY = "iedereen hetzelfde antwoord"


def self_test_opened(console, app_db, module, new_phone, people: int):
    """A session started, `people` phones in, the self-test open."""
    from tests.helpers import step_index

    button(console, "Sessie starten").click().run()
    with app_db.read() as s:
        group = s.scalar(select(GroupSession))
    phones = [new_phone(group.join_code) for _ in range(people)]
    console.selectbox(key="jump-0").set_value(step_index(module, "zelftest")).run()
    button(console, "Openen").click().run()
    return group, phones


def test_the_console_warns_privately_when_everyone_answered_alike_once_it_closes(
    signed_in_console, new_browser, app_db, module, new_phone
):
    from tests.helpers import self_test_answers, self_test_of

    console = signed_in_console
    _group, phones = self_test_opened(console, app_db, module, new_phone, 6)
    # Whoever watches the console while people tap sees the warning neither come at the
    # fifth identical answer nor go at a sixth, different one: that told the sixth answer.
    for n, phone in enumerate(phones):
        phone.run()
        answer_on_phone(phone, self_test_of(module), self_test_answers(6 if n < 5 else 0))
        assert UNANIMITY not in all_text(console.run())
    # Decided on the closed question; here five said "ja" and one "nee" to every item.
    button(console, "Sluiten").click().run()
    assert UNANIMITY not in all_text(console)


def test_tonen_on_an_open_unanimous_question_closes_it_and_warns_first(
    signed_in_console, new_browser, app_db, module, new_phone
):
    from tests.helpers import self_test_answers, self_test_of

    console = signed_in_console
    group, phones = self_test_opened(console, app_db, module, new_phone, 5)
    for phone in phones:
        phone.run()
        answer_on_phone(phone, self_test_of(module), self_test_answers(6))
    assert UNANIMITY not in all_text(console.run())
    projector = new_browser(t=group.projector_token)

    button(console, "Tonen op scherm").click().run()
    assert UNANIMITY in all_text(console)  # closed, not shown: the facilitator decides
    assert not chart_specs(projector.run()) and "iedereen" not in all_text(projector)
    assert "Vragen:** gesloten" in all_text(console)
    button(console, "Tonen op scherm").click().run()  # seen the warning, shows anyway
    assert chart_specs(projector.run())


def test_the_help_page_shows_the_organisations_own_resources(new_browser, tmp_path, monkeypatch):
    import streamlit as st

    own = tmp_path / "help.yaml"
    own.write_text("nl:\n  title: Hulp van de praktijk\n  body: Bel ons op 010-1234567.\n")
    monkeypatch.setenv("HELP_FILE", str(own))
    st.cache_resource.clear()
    at = new_browser()
    button(at, "Hulp en steun").click().run()
    assert "Hulp van de praktijk" in all_text(at) and "010-1234567" in all_text(at)
    button(at, "Terug").click().run()
    assert "Meedoen met de groep" in all_text(at)


def test_a_broken_help_file_falls_back_to_the_shipped_resources(new_browser, tmp_path, monkeypatch):
    import streamlit as st

    broken = tmp_path / "help.yaml"
    broken.write_text("nl: [kapot\n")
    monkeypatch.setenv("HELP_FILE", str(broken))
    st.cache_resource.clear()
    at = new_browser()
    button(at, "Hulp en steun").click().run()
    assert "Veilig Thuis" in all_text(at) and "112" in all_text(at)


def test_a_following_phone_that_opens_a_bad_link_keeps_following(
    signed_in_console, app_db, new_phone
):
    button(signed_in_console, "Sessie starten").click().run()
    with app_db.read() as s:
        code = s.scalar(select(GroupSession.join_code))
    phone = new_phone(code)
    for link in ("x" * 40, "ZZZZZZ", code.lower()):
        phone.query_params["code"] = link  # what a re-scanned or mistyped link sends
        phone.run()
        assert "Welkom" in all_text(phone), link
        assert not phone.error, link
    with app_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 1


def _keep_signed_in_script() -> None:
    import streamlit as st

    from ui import roles

    roles.keep_facilitator_signed_in(60)
    st.write("signed in" if roles.facilitator_id() else "signed out")


@pytest.mark.parametrize(("away_minutes", "signed_in"), [(5, True), (59, True), (61, False)])
def test_an_unattended_console_signs_out_after_the_idle_time(monkeypatch, away_minutes, signed_in):
    # The rule on its own: app.py calls it on every run (AppTest cannot follow a signed-out
    # browser from the console's URL, where a real browser falls back to the sign-in page).
    import time

    from streamlit.testing.v1 import AppTest

    from ui import roles

    at = AppTest.from_function(_keep_signed_in_script)
    at.session_state[roles.FACILITATOR_KEY] = 1
    at.session_state[roles.LAST_ACTIVITY] = time.monotonic()
    monkeypatch.setattr(roles, "clock", lambda: time.monotonic() + away_minutes * 60)
    at.run()
    assert ("signed in" in at.markdown[0].value) is signed_in
    assert (roles.SIGNED_OUT_IDLE in at.session_state) is not signed_in


def test_a_poll_is_not_activity(monkeypatch):
    import time

    from streamlit.testing.v1 import AppTest

    from ui import roles

    at = AppTest.from_function(_keep_signed_in_script)
    at.session_state[roles.FACILITATOR_KEY] = 1
    at.session_state[roles.LAST_ACTIVITY] = start = time.monotonic()
    at.session_state[roles.AUTO_RERUN] = True
    monkeypatch.setattr(roles, "clock", lambda: start + 30 * 60)
    at.run()
    assert at.session_state[roles.LAST_ACTIVITY] == start  # the idle time keeps running


def test_the_sign_in_page_says_why_after_an_idle_sign_out(new_browser, app_db):
    from ui import roles

    create_account(app_db, "therapeut")
    at = new_browser()
    at.session_state[roles.SIGNED_OUT_IDLE] = True
    open_page(at, SIGN_IN).run()
    assert "afgemeld omdat de console een tijd niet is gebruikt" in all_text(at)


def test_a_colleague_joins_with_an_invitation_and_sees_none_of_the_first_ones_sessions(
    signed_in_console, new_browser, app_db
):
    console = signed_in_console
    button(console, "Sessie starten").click().run()
    account = open_page(console, ACCOUNT).run()
    button(account, "Uitnodigingscode maken").click().run()
    (code,) = [c.value for c in account.code]
    colleague = new_browser()
    open_page(colleague, SIGN_IN).run()
    colleague.text_input(key="invited-code").input(code)
    colleague.text_input(key="invited-username").input("collega")
    colleague.text_input(key="invited-password").input("een heel lang wachtwoord")
    colleague.text_input(key="invited-repeat").input("een heel lang wachtwoord")
    button(colleague, "Account aanmaken").click().run()
    open_page(colleague, CONSOLE).run()
    assert "Nieuwe groepssessie" in all_text(colleague)  # not the first one's session
    history = open_page(colleague, HISTORY).run()
    assert "deelnemer" not in all_text(history)


def test_started_without_serve_py_bad_settings_show_not_ready_not_an_error(
    app_db, new_browser, monkeypatch, capfd
):
    monkeypatch.setenv("POLL_SECONDS", "soms")
    import streamlit as st

    st.cache_resource.clear()
    at = new_browser()
    assert not at.exception
    assert "nog niet klaar voor gebruik" in at.error[0].value
    assert "POLL_SECONDS" not in at.error[0].value  # details go to the log, not the page
    assert "Not ready: POLL_SECONDS" in capfd.readouterr().err
