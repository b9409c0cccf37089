"""The anonymous pause signal in real browsers: two phones ask, the console shows that
someone asked (how often, since when) within moments, the projector and the phones show
nothing of it, and the facilitator's acknowledgement clears it. A phone that asks again at
once is told to wait and is not counted."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT, past_content_note, start_group

pytestmark = pytest.mark.e2e

ASK = "Ik heb even pauze nodig"


def joined_phone(browser: Browser, server: Server, code: str) -> Page:
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/?code={code}")
    past_content_note(phone)
    expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)
    return phone


def test_a_pause_asked_on_a_phone_reaches_the_console_alone(server: Server, browser: Browser):
    console, projector, code = start_group(server, browser)
    phones = [joined_phone(browser, server, code) for _ in range(2)]
    status = console.get_by_text(re.compile(r"Pauze gevraagd"))
    expect(status).to_have_count(0)

    asked_at = time.monotonic()
    phones[0].get_by_role("button", name=ASK).click()
    expect(phones[0].get_by_text(re.compile("^Doorgegeven"))).to_be_visible(timeout=TIMEOUT)
    expect(status).to_be_visible(timeout=TIMEOUT)
    print(f"\nthe console showed the pause {time.monotonic() - asked_at:.2f} s after the tap")
    # The toast fades: a glance at the phone later finds nothing of it.
    expect(phones[0].get_by_text(re.compile("^Doorgegeven"))).to_have_count(0, timeout=TIMEOUT)

    phones[0].get_by_role("button", name=ASK).click()  # again at once
    expect(phones[0].get_by_text(re.compile("^Je vroeg net al"))).to_be_visible(timeout=TIMEOUT)
    phones[1].get_by_role("button", name=ASK).click()
    expect(
        console.get_by_text(re.compile(r"Pauze gevraagd \(2 keer\), sinds \d+:\d\d min"))
    ).to_be_visible(timeout=TIMEOUT)
    for page in (projector, *phones):
        assert "auze gevraagd" not in page.inner_text("body")
        assert "auzeverzoek" not in page.inner_text("body")

    console.get_by_role("button", name="Pauzeverzoek gezien").click()
    expect(status).to_have_count(0, timeout=TIMEOUT)
    expect(console.get_by_role("button", name="Pauzeverzoek gezien")).to_have_count(0)
    assert "Traceback" not in server.output()
