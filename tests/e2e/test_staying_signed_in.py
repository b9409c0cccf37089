"""The facilitator stays signed in: a reload (F5) of the console, a server restart, and
another app process behind a proxy all return to the console of the running session,
through an HttpOnly, SameSite=Strict cookie whose token the database keeps only as a hash.
Signing out ends it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from facilitator.db import Database
from facilitator.models import FacilitatorSignIn
from tests.e2e.conftest import Server, _server
from tests.e2e.test_session_in_browser import TIMEOUT, start_group

pytestmark = pytest.mark.e2e

CONSOLE_HEADING = re.compile(r"^1\/17 · Welkom")


def test_a_reload_a_restart_and_another_process_keep_the_console_signed_in(
    server: Server, browser: Browser, tmp_path: Path, neutral_site: str
):
    console, projector, code = start_group(server, browser)
    expect(console.get_by_role("heading", name=CONSOLE_HEADING)).to_be_visible(timeout=TIMEOUT)
    # The projector tab, opened from the console in the same browser, stays the projector.
    expect(projector.get_by_text(code, exact=True)).to_be_visible(timeout=TIMEOUT)
    assert projector.get_by_role("button", name="Volgende ▶").count() == 0

    def sign_in_cookie() -> dict | None:
        return next((c for c in console.context.cookies() if c["name"] == "gs_f"), None)

    deadline = time.monotonic() + 10
    while sign_in_cookie() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    cookie = sign_in_cookie()
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "gs_f" not in console.evaluate("document.cookie")  # no page script can read it
    db = Database(server.database_url)
    with db.read() as s:
        assert cookie["value"] not in str(s.scalars(select(FacilitatorSignIn.token_hash)).all())
    db.dispose()

    # F5 in front of the group: back on the console of the running session.
    pressed = time.monotonic()
    console.reload()
    expect(console.get_by_role("heading", name=CONSOLE_HEADING)).to_be_visible(timeout=TIMEOUT)
    reload_seconds = time.monotonic() - pressed
    assert console.get_by_text("Aanmelden als begeleider").count() == 0
    print(f"\nconsole back after F5 in {reload_seconds:.2f} s")
    assert reload_seconds < 5, reload_seconds

    # The server restarts: the open console reconnects by itself, still signed in.
    server.restart()
    expect(console.get_by_role("heading", name=CONSOLE_HEADING)).to_be_visible(timeout=30_000)
    console.get_by_role("button", name="Volgende ▶").click()
    expect(console.get_by_role("heading", name=re.compile(r"^2\/17 "))).to_be_visible(
        timeout=TIMEOUT
    )

    # Another app process on the same database, as behind a proxy without sticky sessions.
    other = _server(tmp_path / "other", neutral_site, server.database_url)
    other.start()
    try:
        elsewhere = console.context.new_page()
        elsewhere.goto(f"{other.url}/console")
        expect(elsewhere.get_by_role("heading", name=re.compile(r"^2\/17 "))).to_be_visible(
            timeout=TIMEOUT
        )
        elsewhere.close()
    finally:
        other.stop()

    # Signing out (on the Account page; the console has no sidebar for it) ends it: a reload
    # then asks for the password, and the cookie is gone.
    console.get_by_role("link", name="Account").click()
    console.get_by_role("button", name="Afmelden").click()
    expect(console.get_by_text("Aanmelden als begeleider")).to_be_visible(timeout=TIMEOUT)
    console.goto(f"{server.url}/console")
    expect(console.get_by_text("Aanmelden als begeleider")).to_be_visible(timeout=TIMEOUT)
    deadline = time.monotonic() + 10
    while sign_in_cookie() is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sign_in_cookie() is None
