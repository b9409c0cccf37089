"""At most one history entry of the app, as far as a quick exit is concerned. A phone that
first opened the bare address and then the group's link had two entries; the quick exit
replaced the one on screen, and Back showed the app's join page. Now the exit goes back to
the earliest entry of the app and replaces that, and Back and Forward onto what is left of
the app leave again before anything is drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator.content import load_library
from facilitator.db import Database
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, SMALL_PHONE, TIMEOUT, past_content_note
from tests.helpers import join_code_of, start

pytestmark = pytest.mark.e2e


def quick_exit(phone: Page, neutral_site: str) -> None:
    phone.get_by_role("button", name="Snel weg").tap()
    phone.wait_for_url(neutral_site, timeout=TIMEOUT)
    assert phone.title() == "Weerbericht"


@pytest.mark.parametrize("options", [SMALL_PHONE, PHONE], ids=["360x740", "390x844"])
def test_after_the_bare_address_and_the_link_a_quick_exit_leaves_no_way_back(
    server: Server, browser: Browser, neutral_site: str, options: dict
):
    db = Database(server.database_url)
    module = load_library(CONTENT).get("traumabinding", "nl")
    assert module is not None
    account = create_account(db, username=f"h{options['viewport']['width']}")
    code = join_code_of(db, start(db, account, module, k=3, now=utcnow()))

    phone = browser.new_context(**options).new_page()
    phone.goto("about:blank")  # what was before, as a phone's browser has
    phone.goto(server.url)  # the bare address: the join form
    expect(phone.get_by_role("button", name="Meedoen")).to_be_visible(timeout=TIMEOUT)
    phone.goto(f"{server.url}/?code={code}")  # then the link, in the same tab
    past_content_note(phone)
    expect(phone.get_by_role("heading", name="Welkom")).to_be_visible(timeout=TIMEOUT)
    assert phone.evaluate("history.state.gsDepth") == 2
    phone.reload()  # a reload is the same entry
    expect(phone.get_by_role("heading", name="Welkom")).to_be_visible(timeout=TIMEOUT)
    assert phone.evaluate("history.state.gsDepth") == 2

    quick_exit(phone, neutral_site)
    seen: list[str] = []
    phone.on("framenavigated", lambda frame: seen.append(frame.url))
    phone.go_back()
    assert phone.url == "about:blank", phone.url
    phone.go_forward()  # onto the neutral site, and past it onto what is left of the app
    phone.wait_for_url(neutral_site, timeout=TIMEOUT)
    phone.go_forward()
    phone.wait_for_url(neutral_site, timeout=TIMEOUT)
    phone.wait_for_timeout(1_000)
    assert phone.url == neutral_site
    assert not phone.get_by_text("Meedoen met de groep").count()
    assert not [c for c in phone.context.cookies() if c["name"] == "gs_p"]

    # Opened again on purpose, the app starts afresh, and one entry exits as before.
    phone.goto(f"{server.url}/?code={code}")
    past_content_note(phone)
    expect(phone.get_by_role("heading", name="Welkom")).to_be_visible(timeout=TIMEOUT)
    quick_exit(phone, neutral_site)
    phone.go_back()
    assert server.url not in phone.url, (phone.url, seen)
