"""Two small things a participant's device does as other software does. The join code field
behaves as a code field on a phone's keyboard (capitals, no autocorrect, no spell check, no
autofill); before, the keyboard started in lower case and "corrected" the code. On a
laptop, Shift pressed three times leaves at once, the convention of GOV.UK's "Exit this
page"; typing capitals never adds up to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from facilitator.content import load_library
from facilitator.db import Database
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, SMALL_PHONE, TIMEOUT, past_content_note
from tests.helpers import join_code_of, start

pytestmark = pytest.mark.e2e

CODE_FIELD = {
    "autocapitalize": "characters",
    "autocorrect": "off",
    "spellcheck": "false",
    "autocomplete": "off",
    "inputmode": "text",
}


@pytest.mark.parametrize("options", [SMALL_PHONE, PHONE], ids=["360x740", "390x844"])
def test_the_join_field_and_the_quick_exit_keys(
    server: Server, browser: Browser, neutral_site: str, options: dict
):
    db = Database(server.database_url)
    module = load_library(CONTENT).get("traumabinding", "nl")
    assert module is not None
    account = create_account(db, username=f"k{options['viewport']['width']}")
    code = join_code_of(db, start(db, account, module, k=3, now=utcnow()))

    phone = browser.new_context(**options).new_page()
    phone.goto(server.url)
    field = phone.locator(".st-key-join-code input")
    expect(field).to_be_visible(timeout=TIMEOUT)
    expect(field).to_have_attribute("autocapitalize", "characters", timeout=TIMEOUT)
    assert {name: field.get_attribute(name) for name in CODE_FIELD} == CODE_FIELD

    laptop = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page = laptop.new_page()
    page.goto(f"{server.url}/?code={code}")
    past_content_note(page)
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible(timeout=TIMEOUT)
    for _ in range(3):
        page.keyboard.press("Shift+A")  # a capital, as in the facts list: not a Shift alone
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()  # two are not three
    page.keyboard.press("Shift")
    page.wait_for_url(neutral_site, timeout=TIMEOUT)
    assert not [c for c in laptop.cookies() if c["name"] == "gs_p"]
    page.go_back()
    assert page.url in ("about:blank", neutral_site)  # never the app again
