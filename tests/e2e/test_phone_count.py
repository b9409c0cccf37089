"""The count of phones is of phones connected now, on the console and the projector alike:
a phone that leaves by the quick exit drops out at once, and a reload counts nobody twice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Server
from tests.e2e.test_phone_in_browser import new_phone
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT, past_content_note, start_group

pytestmark = pytest.mark.e2e


def test_the_room_sees_how_many_phones_are_connected_now(server: Server, browser: Browser):
    console, projector, code = start_group(server, browser)
    expect(projector.get_by_text("0 telefoons verbonden")).to_be_visible(timeout=TIMEOUT)
    phones = [new_phone(browser, PHONE) for _ in range(3)]
    for phone in phones:
        phone.goto(f"{server.url}/?code={code}")
        past_content_note(phone)
    for screen in (console, projector):
        expect(screen.get_by_text(re.compile(r"\b3 telefoons verbonden"))).to_be_visible(
            timeout=TIMEOUT
        )

    phones[0].get_by_role("button", name=re.compile("^Snel weg")).tap()
    phones[1].reload()  # still the same phone
    expect(phones[1].get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)
    for screen in (console, projector):
        expect(screen.get_by_text(re.compile(r"\b2 telefoons verbonden"))).to_be_visible(
            timeout=TIMEOUT
        )
