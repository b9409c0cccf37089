"""Guessing join codes against a real server as a proxy on the same machine reaches it: the
limit goes per phone, by the address the proxy appends last to X-Forwarded-For (Streamlit's
server trusts the header on connections from 127.0.0.1 only), and a guesser never holds back
another phone in the room. Here the browsers connect from 127.0.0.1 and send the header
themselves, as the proxy would forward it: a made-up first part, then the real address."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT, start_group

pytestmark = pytest.mark.e2e


def phone_at(browser: Browser, forwarded_for: str) -> Page:
    context = browser.new_context(**PHONE, extra_http_headers={"X-Forwarded-For": forwarded_for})
    return context.new_page()


def try_code(phone: Page, server: Server, code: str) -> None:
    """One guess, as a script would make it: the join link with the code in it."""
    phone.goto(f"{server.url}/?code={code}")


def test_a_guessing_phone_is_held_back_and_another_phone_joins(server: Server, browser: Browser):
    _console, _projector, code = start_group(server, browser)
    # The browser makes up an address; the proxy appends the real one, which counts.
    guesser = phone_at(browser, "10.9.9.9, 192.168.1.50")
    began = time.monotonic()
    for n in range(5):
        try_code(guesser, server, f"ZZZZZ{'VWXYZ'[n]}")
        expect(guesser.get_by_text("Er is geen groep met deze code")).to_be_visible(timeout=TIMEOUT)
    try_code(guesser, server, code)
    expect(guesser.get_by_text("te veel codes geprobeerd")).to_be_visible(timeout=TIMEOUT)
    assert time.monotonic() - began < 60

    # Same made-up part, another real address: another phone, not held back.
    neighbour = phone_at(browser, "10.9.9.9, 192.168.1.51")
    neighbour.goto(f"{server.url}/?code={code}")
    expect(neighbour.get_by_text("Voordat we beginnen")).to_be_visible(timeout=TIMEOUT)
