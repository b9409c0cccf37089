"""A module file saved with a typo while a group runs: the session keeps the module it
started with, phones are told nothing untrue, and the console names the broken file."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from sqlalchemy import delete, select

from facilitator.models import GroupSession, SessionModule
from tests.app.conftest import all_text, button, open_page
from tests.conftest import CONTENT, PASSWORD, create_account
from ui import runtime
from ui.navigation import CONSOLE, SIGN_IN


@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    return folder


def a_typo_in(file) -> str:
    good = file.read_text(encoding="utf-8")
    file.write_text(good.replace("steps:", "steps:\n  - id: [oeps", 1), encoding="utf-8")
    return good


def test_a_typo_saved_mid_session_changes_nothing_for_the_group(
    content_dir, app_db, new_browser, new_phone
):
    create_account(app_db, "therapeut")
    console = open_page(new_browser(), SIGN_IN).run()
    console.text_input(key="sign-in-username").input("therapeut")
    console.text_input(key="sign-in-password").input(PASSWORD)
    button(console, "Aanmelden").click().run()
    open_page(console, CONSOLE).run()
    button(console, "Sessie starten").click().run()
    with app_db.read() as s:
        group = s.scalars(select(GroupSession)).one()
    phone = new_phone(group.join_code)
    button(console, "Volgende ▶").click().run()
    assert "Check-in" in all_text(phone.run())

    good = a_typo_in(content_dir / "traumabinding" / "nl.yaml")
    runtime._library.clear()  # as when the 30-second re-read comes round
    for screen in (phone.run(), new_browser(t=group.projector_token)):
        shown = all_text(screen)
        assert "Check-in" in shown, shown
        assert "afgelopen" not in shown
    shown = all_text(console.run())
    assert "Module niet geladen" in shown and "nl.yaml" in shown
    assert "2/17 · Check-in" in shown  # the console still leads the session
    button(console, "Volgende ▶").click().run()
    assert "2/17" not in all_text(console) and "afgelopen" not in all_text(phone.run())

    # A restart with the file still broken: the session's own copy is in the database.
    st.cache_resource.clear()
    shown = all_text(phone.run())
    assert "afgelopen" not in shown and "Check-in" not in shown  # one step further on
    assert phone.get("subheader")[0].value != ""

    (content_dir / "traumabinding" / "nl.yaml").write_text(good, encoding="utf-8")
    runtime._library.clear()
    assert "Module niet geladen" not in all_text(console.run())


def test_a_session_without_its_own_copy_says_wait_not_ended_and_recovers(
    content_dir, app_db, signed_in_console, new_browser, new_phone
):
    """A session started before sessions kept their module, with the folder's file broken."""
    button(signed_in_console, "Sessie starten").click().run()
    with app_db.write() as s:
        group = s.scalars(select(GroupSession)).one()
        s.execute(delete(SessionModule))
    phone = new_phone(group.join_code)
    good = a_typo_in(content_dir / "traumabinding" / "nl.yaml")
    st.cache_resource.clear()
    shown = all_text(phone.run())
    assert "kan nu even niet worden getoond" in shown and "afgelopen" not in shown
    assert 'data-version="none"' in shown  # the page's watchdog redraws it until it can

    (content_dir / "traumabinding" / "nl.yaml").write_text(good, encoding="utf-8")
    runtime._library.clear()
    assert "Welkom" in all_text(phone.run())


def test_ending_a_session_deletes_its_copy_of_the_module(app_db, signed_in_console):
    button(signed_in_console, "Sessie starten").click().run()
    with app_db.read() as s:
        kept = s.scalars(select(SessionModule.file_text)).one()
    assert kept.startswith("# Module: traumabinding")
    button(signed_in_console, "Ja, afsluiten en antwoorden wissen").click().run()
    with app_db.read() as s:
        assert s.scalars(select(SessionModule)).all() == []
