"""Every control a participant can tap, measured in a real browser on 360×740 and 390×844
phones: at least 44×44 px (WCAG 2.5.5, Apple's guideline); a question's text at least as
large as its answers (before: 15.4 px against 19.4 px); and with the phone set to reduce
motion, nothing on the page transitions or animates. Screens: the join form, the content
note, a slide, the check-in, the six-question self-test, help and the goodbye."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator import sessions
from facilitator.content import load_library
from facilitator.db import Database
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, SMALL_PHONE, TIMEOUT
from tests.helpers import step_index

pytestmark = pytest.mark.e2e

MODULE = load_library(CONTENT).get("traumabinding", "nl")
SMALLEST_TARGET = 44

MEASURE = (Path(__file__).parent / "phone_measure.js").read_text(encoding="utf-8")


def measure(page: Page, screen: str, seen: list[str]) -> None:
    page.wait_for_timeout(300)  # the page's last redraw
    found = page.evaluate(MEASURE, SMALLEST_TARGET)
    where = f"{screen} at {page.viewport_size}"
    assert found["controls"] > 0, where
    assert not found["small"], f"{where}: tap targets under {SMALLEST_TARGET} px: {found['small']}"
    assert not found["smallerQuestions"], f"{where}: {found['smallerQuestions']}"
    assert not found["moving"], f"{where}: moves with reduced motion: {found['moving']}"
    seen.append(f"{where}: {found['controls']} controls, {found['questions']} questions")


def open_step(db: Database, facilitator: int, session_id: int, step_id: str) -> None:
    """The facilitator goes to a question step and opens it."""
    assert MODULE is not None
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator,
            session_id=session_id,
            step_index=step_index(MODULE, step_id),
            module=MODULE,
            now=utcnow(),
        )
        sessions.open_question(s, facilitator_id=facilitator, session_id=session_id, module=MODULE)


@pytest.mark.parametrize("options", [SMALL_PHONE, PHONE], ids=["360x740", "390x844"])
def test_every_phone_control_is_big_enough_and_still(
    server: Server, browser: Browser, options: dict
):
    assert MODULE is not None
    db = Database(server.database_url)
    facilitator = create_account(db, username=f"measure-{options['viewport']['width']}")
    with db.write() as s:
        group = sessions.start_session(
            s, facilitator_id=facilitator, module=MODULE, min_group_size=3, now=utcnow()
        )
        session_id, code = group.id, group.join_code
    phone = browser.new_context(**options, reduced_motion="reduce").new_page()
    seen: list[str] = []

    phone.goto(server.url)
    expect(phone.get_by_role("button", name="Meedoen")).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the join form", seen)
    phone.goto(f"{server.url}/?code={code}")
    expect(phone.get_by_text("Voordat we beginnen")).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the content note", seen)
    phone.get_by_role("button", name="Ik begrijp het, verder").click()
    expect(phone.get_by_role("heading", name="Welkom")).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the welcome slide", seen)
    for step_id, radios in (("check-in", 1), ("zelftest", 6)):
        open_step(db, facilitator, session_id, step_id)
        expect(phone.locator('[data-testid="stRadio"]')).to_have_count(radios, timeout=TIMEOUT)
        measure(phone, step_id, seen)
    phone.get_by_role("button", name="Hulp en steun").click()
    expect(phone.get_by_role("heading", name="Hulp en steun")).to_be_visible(timeout=TIMEOUT)
    measure(phone, "help", seen)
    phone.get_by_role("button", name="Terug").click()
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator, session_id=session_id, module=MODULE, now=utcnow()
        )
    expect(phone.get_by_role("heading", name="Dank je wel voor vandaag")).to_be_visible(
        timeout=TIMEOUT
    )
    measure(phone, "the goodbye", seen)
    print("\n".join(seen))
